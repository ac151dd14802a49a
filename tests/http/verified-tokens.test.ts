import { expect } from 'chai';
import { SignJWT } from 'jose';
import type { Principal } from '../../infra/auth/principal.js';
import { ENTRY_OVERHEAD_BYTES, verifiedTokens } from '../../infra/http/verified-tokens.js';

const secret = new TextEncoder().encode('verified-tokens-test-secret-0123456789');
const tokenFor = (sub: string, expSeconds: number): Promise<string> =>
  new SignJWT({ role: 'applicant' }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setExpirationTime(expSeconds).sign(secret);

describe('verified tokens (authentication cache)', () => {
  let now = 1_000_000_000_000;
  let calls: string[];
  const verify = (token: string): Promise<{ principal: Principal; exp: number }> => {
    calls.push(token);
    if (token.endsWith('forged')) return Promise.reject(new Error('bad signature'));
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; exp: number };
    // As jose does (without its clock tolerance, which only makes it refuse later): refused from exp on.
    if (now >= claims.exp * 1000) return Promise.reject(new Error('the token has expired'));
    return Promise.resolve({ principal: { role: 'applicant', sub: claims.sub }, exp: claims.exp });
  };
  beforeEach(() => {
    now = 1_000_000_000_000;
    calls = [];
  });

  it('verifies a token once, then answers from the cache until its exp', async () => {
    const tokens = verifiedTokens({ verify, maxBytes: 1 << 20, now: () => now });
    const token = await tokenFor('a-1', now / 1000 + 60);
    expect(await tokens.principalOf(token)).to.deep.equal({ role: 'applicant', sub: 'a-1' });
    const cached = tokens.principalOf(token);
    expect(cached, 'a cached token answers without a promise').not.to.be.instanceOf(Promise);
    expect(cached).to.deep.equal({ role: 'applicant', sub: 'a-1' });
    expect(calls).to.have.length(1);
    now += 60_000; // at exp: verified again, and refused
    const error = await Promise.resolve(tokens.principalOf(token)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, 'an expired token is never answered from the cache').to.be.instanceOf(Error);
    expect(calls).to.have.length(2);
    expect(tokens.size, 'and is no longer held').to.equal(0);
  });

  it('never answers an expired token from the cache, however recently it was used', async () => {
    const tokens = verifiedTokens({ verify, maxBytes: 1 << 20, now: () => now });
    const token = await tokenFor('a-1', now / 1000 + 2);
    await tokens.principalOf(token);
    now += 1_999;
    expect(tokens.principalOf(token), 'a millisecond before exp: cached').to.deep.equal({ role: 'applicant', sub: 'a-1' });
    now += 1;
    const answer = tokens.principalOf(token);
    expect(answer, 'at exp: checked again, not answered at once').to.be.instanceOf(Promise);
    const error = await Promise.resolve(answer).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error).with.property('message', 'the token has expired');
  });

  it('keeps no failed verification, so a bad token is checked and refused every time', async () => {
    const tokens = verifiedTokens({ verify, maxBytes: 1 << 20, now: () => now });
    const forged = `${await tokenFor('a-1', now / 1000 + 60)}forged`;
    for (let i = 0; i < 2; i++) {
      const error = await Promise.resolve(tokens.principalOf(forged)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(Error);
    }
    expect(calls).to.have.length(2);
    expect(tokens.size).to.equal(0);
  });

  it('holds the tokens that fit in its memory bound, dropping the least recently used', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((s) => tokenFor(s, now / 1000 + 60)));
    // Room for two entries of this size (the three tokens are the same length).
    const tokens = verifiedTokens({ verify, maxBytes: 2 * (ENTRY_OVERHEAD_BYTES + a!.length) + 1, now: () => now });
    await tokens.principalOf(a!);
    await tokens.principalOf(b!);
    await tokens.principalOf(a!); // a is now the most recent
    await tokens.principalOf(c!); // evicts b
    expect(tokens.size).to.equal(2);
    expect(tokens.bytes).to.equal(2 * (ENTRY_OVERHEAD_BYTES + a!.length));
    calls = [];
    await tokens.principalOf(a!);
    await tokens.principalOf(b!);
    expect(calls).to.deep.equal([b]);
  });
});

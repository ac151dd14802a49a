import { expect } from 'chai';
import { SignJWT } from 'jose';
import type { Principal } from '../../infra/auth/principal.js';
import { verifiedTokens } from '../../infra/http/verified-tokens.js';

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
    return Promise.resolve({ principal: { role: 'applicant', sub: claims.sub }, exp: claims.exp });
  };
  beforeEach(() => {
    now = 1_000_000_000_000;
    calls = [];
  });

  it('verifies a token once, then answers from the cache until its exp', async () => {
    const tokens = verifiedTokens({ verify, max: 10, now: () => now });
    const token = await tokenFor('a-1', now / 1000 + 60);
    expect(await tokens.principalOf(token)).to.deep.equal({ role: 'applicant', sub: 'a-1' });
    const cached = tokens.principalOf(token);
    expect(cached, 'a cached token answers without a promise').not.to.be.instanceOf(Promise);
    expect(cached).to.deep.equal({ role: 'applicant', sub: 'a-1' });
    expect(calls).to.have.length(1);
    now += 60_000; // at exp: verified again (and refused there, by the real verifier)
    await tokens.principalOf(token);
    expect(calls).to.have.length(2);
  });

  it('keeps no failed verification, so a bad token is checked and refused every time', async () => {
    const tokens = verifiedTokens({ verify, max: 10, now: () => now });
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

  it('holds at most max tokens, dropping the least recently used', async () => {
    const tokens = verifiedTokens({ verify, max: 2, now: () => now });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((s) => tokenFor(s, now / 1000 + 60)));
    await tokens.principalOf(a!);
    await tokens.principalOf(b!);
    await tokens.principalOf(a!); // a is now the most recent
    await tokens.principalOf(c!); // evicts b
    expect(tokens.size).to.equal(2);
    calls = [];
    await tokens.principalOf(a!);
    await tokens.principalOf(b!);
    expect(calls).to.deep.equal([b]);
  });
});

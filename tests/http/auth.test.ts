import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import { request } from './support/checked-request.js';
import { es256Keys, hs256Keys } from '../../infra/auth/auth-keys.js';
import { DEV_SECRET_FILE, MissingKeysError, resolveAuthKeys } from '../../infra/auth/resolve-auth-keys.js';
import { InvalidTokenError, issueToken, verifyToken } from '../../infra/auth/tokens.js';
import { loadConfig } from '../../infra/config/load-config.js';
import { createLogger } from '../../infra/logging/logger.js';
import { jsonOf, problemOf } from './support/bodies.js';
import { TEST_SECRET, admin, applicant, clerk, makeTestApp, supervisor } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { probeRoutes } from './support/probe-routes.js';

describe('bearer JWT auth and roles', () => {
  let t: TestApp;
  before(() => {
    t = makeTestApp({ routes: [probeRoutes().module] });
  });
  after(() => t.close());

  it('answers 401 with WWW-Authenticate when the token is missing or malformed', async () => {
    const missing = await request(t.app).get('/api/v1/probe/clerk-only').expect(401).expect('Content-Type', /problem\+json/);
    expect(missing.headers['www-authenticate']).to.equal('Bearer');
    const basic = await request(t.app).get('/api/v1/probe/clerk-only').set('Authorization', 'Basic dXNlcjpwdw==').expect(401);
    expect(basic.headers['www-authenticate']).to.contain('invalid_token');
    await request(t.app).get('/api/v1/probe/clerk-only').set('Authorization', 'Bearer not.a.jwt').expect(401);
  });

  it('answers 401 for a token signed with another key, for another audience, or expired', async () => {
    const scope = { issuer: t.authKeys.issuer, audience: t.authKeys.audience };
    const forged = await issueToken(hs256Keys('another-secret-that-is-also-long-enough!', scope), clerk());
    await request(t.app).get('/api/v1/probe/clerk-only').set('Authorization', `Bearer ${forged}`).expect(401);
    const otherAudience = await issueToken(hs256Keys(TEST_SECRET, { ...scope, audience: 'someone-else' }), clerk());
    await request(t.app).get('/api/v1/probe/clerk-only').set('Authorization', `Bearer ${otherAudience}`).expect(401);
    const expired = await new SignJWT({ role: 'clerk', department: 'D', hall: 'H' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('c')
      .setIssuer(scope.issuer)
      .setAudience(scope.audience)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(TEST_SECRET));
    const res = await request(t.app).get('/api/v1/probe/clerk-only').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(problemOf(res).detail).to.equal('the token has expired');
  });

  it('answers 401 for a validly signed token without a proper role and scope', async () => {
    const noScope = await new SignJWT({ role: 'clerk' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('c')
      .setIssuer(t.authKeys.issuer)
      .setAudience(t.authKeys.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_SECRET));
    const res = await request(t.app).get('/api/v1/probe/clerk-only').set('Authorization', `Bearer ${noScope}`).expect(401);
    expect(problemOf(res).detail).to.contain('role and scope');
  });

  it('answers 403 to every other role and passes the clerk scope to the handler', async () => {
    for (const principal of [applicant(), supervisor(), admin()]) {
      const res = await request(t.app).get('/api/v1/probe/clerk-only').set('Authorization', await t.bearer(principal)).expect(403);
      expect(problemOf(res)).to.include({ status: 403, title: 'Forbidden' });
    }
    const ok = await request(t.app).get('/api/v1/probe/clerk-only').set('Authorization', await t.bearer(clerk('D-SI', 'H-9', 'c-42'))).expect(200);
    expect(jsonOf<object>(ok)).to.deep.equal({ department: 'D-SI', hall: 'H-9', sub: 'c-42' });
  });

  it('lets each listed role through a shared route', async () => {
    for (const principal of [applicant(), clerk()]) {
      const res = await request(t.app).get('/api/v1/probe/shared').set('Authorization', await t.bearer(principal)).expect(200);
      expect(jsonOf<{ role: string }>(res).role).to.equal(principal.role);
    }
    await request(t.app).get('/api/v1/probe/shared').set('Authorization', await t.bearer(supervisor())).expect(403);
  });

  it('checks the role before validating the body, so an outsider learns nothing of the schema', async () => {
    const res = await request(t.app).post('/api/v1/probe/things').set('Authorization', await t.bearer(clerk())).send({}).expect(403);
    expect(problemOf(res)).not.to.have.property('errors');
  });
});

describe('token keys', () => {
  const scope = { issuer: 'iss', audience: 'aud' };
  const silent = createLogger({ level: 'silent' });
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hrss-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('signs and verifies ES256 from a PEM pair, and verifies with the public key alone', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const signing = await es256Keys({ privateKeyPem: privatePem }, scope);
    const token = await issueToken(signing, clerk('D', 'H', 'c'), { ttl: '5m' });
    const verifyOnly = await es256Keys({ publicKeyPem: publicPem }, scope);
    expect(await verifyToken(verifyOnly, token)).to.deep.equal({ role: 'clerk', sub: 'c', department: 'D', hall: 'H' });
    expect(verifyOnly.signKey).to.equal(undefined);
    let refused: unknown;
    await issueToken(verifyOnly, clerk()).catch((e: unknown) => (refused = e));
    expect(refused).to.be.instanceOf(Error);
    // An HS256 token is not accepted by ES256 keys (no algorithm confusion).
    const hs = await issueToken(hs256Keys(TEST_SECRET, scope), clerk());
    let confused: unknown;
    await verifyToken(verifyOnly, hs).catch((e: unknown) => (confused = e));
    expect(confused).to.be.instanceOf(InvalidTokenError);
  });

  it('makes a development secret once under DATA_DIR and reuses it', async () => {
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dir });
    const first = await resolveAuthKeys(config, silent);
    const file = path.join(dir, DEV_SECRET_FILE);
    expect(readFileSync(file, 'utf8').trim()).to.have.length.greaterThan(40);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    const token = await issueToken(first, supervisor());
    const second = await resolveAuthKeys(config, silent);
    expect((await verifyToken(second, token)).role).to.equal('supervisor');
  });

  it('warns when it falls back to the development secret', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', sink: { write: (l: string) => lines.push(l) } });
    await resolveAuthKeys(loadConfig({ DATA_DIR: dir }), logger);
    const warning = lines.map((l) => JSON.parse(l) as { level: string; msg: string }).find((l) => l.level === 'warn');
    expect(warning?.msg).to.contain('development HS256 secret');
  });

  it('refuses to start in production without keys', async () => {
    let error: unknown;
    await resolveAuthKeys(loadConfig({ NODE_ENV: 'production', DATA_DIR: dir }), silent).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(MissingKeysError);
    const withSecret = await resolveAuthKeys(loadConfig({ NODE_ENV: 'production', DATA_DIR: dir, JWT_SECRET: TEST_SECRET }), silent);
    expect(withSecret.alg).to.equal('HS256');
  });
});

describe('token lifetimes', () => {
  const scope = { issuer: 'iss', audience: 'aud' };
  const keys = hs256Keys(TEST_SECRET, scope);
  const now = Math.floor(Date.now() / 1000);
  const signed = (claims: { iat?: number; exp: number }, role: 'clerk' | 'applicant' = 'clerk') => {
    const jwt = new SignJWT(role === 'clerk' ? { role, department: 'D', hall: 'H' } : { role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-1')
      .setIssuer(scope.issuer)
      .setAudience(scope.audience)
      .setExpirationTime(claims.exp);
    return (claims.iat === undefined ? jwt : jwt.setIssuedAt(claims.iat)).sign(new TextEncoder().encode(TEST_SECRET));
  };
  const refusal = async (token: Promise<string>): Promise<string> => {
    const error = await verifyToken(keys, await token).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidTokenError);
    return (error as Error).message;
  };

  it('refuses a token without iat, one issued in the future, and one that lives longer than its role may', async () => {
    expect(await refusal(signed({ exp: now + 3600 }))).to.equal('the token is not valid');
    expect(await refusal(signed({ iat: now + 365 * 86_400, exp: now + 366 * 86_400 }))).to.contain('issued in the future');
    expect(await refusal(signed({ iat: now, exp: now + 100 * 365 * 86_400 }))).to.contain('lives longer than a clerk token may (12 h)');
    expect(await refusal(signed({ iat: now, exp: now + 13 * 3600 }))).to.contain('clerk');
    // Within the limits, and a little clock skew, it is taken.
    expect((await verifyToken(keys, await signed({ iat: now + 30, exp: now + 8 * 3600 }))).role).to.equal('clerk');
    expect((await verifyToken(keys, await signed({ iat: now, exp: now + 20 * 3600 }, 'applicant'))).role).to.equal('applicant');
  });

  it('takes a configured lifetime per role', async () => {
    const short = hs256Keys(TEST_SECRET, { ...scope, maxLifetimeSeconds: { clerk: 3600 } });
    const token = await signed({ iat: now, exp: now + 2 * 3600 });
    const error = await verifyToken(short, token).then(() => null, (e: unknown) => e as Error);
    expect(error?.message).to.contain('(1 h)');
  });
});

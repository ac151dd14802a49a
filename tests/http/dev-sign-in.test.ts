import { expect } from 'chai';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import type { Response } from 'supertest';

const status = (res: Response, expected: number): Response => {
  expect(res.status, res.text).to.equal(expected);
  return res;
};

// The web console's development sign-in: tokens from the development key, what `npm run token` issues, and no
// such route in production. Every answer is checked against the served OpenAPI document.

describe('POST /api/v1/dev/sign-in (the console\'s development sign-in)', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi();
  });
  after(() => api.dispose());

  it('issues a clerk token the API accepts, scoped to the department and hall asked for', async () => {
    const res = status(await api.post(`${API}/dev/sign-in`, undefined, { role: 'clerk', sub: 'clerk-chen', department: 'FSRS-SBJ', hall: 'FS-CC-01' }), 200);
    const body = res.body as { token: string; expiresAt: string; principal: unknown; development: boolean };
    expect(body.principal).to.deep.equal({ role: 'clerk', sub: 'clerk-chen', department: 'FSRS-SBJ', hall: 'FS-CC-01' });
    expect(body.development).to.equal(true);
    expect(Date.parse(body.expiresAt)).to.be.greaterThan(Date.now());
    const queue = status(await api.get(`${API}/queue?scope=department`, undefined, { Authorization: `Bearer ${body.token}` }), 200);
    expect((queue.body as { department: string }).department).to.equal('FSRS-SBJ');
    // A clerk's token does not open the supervisor's routes.
    status(await api.get(`${API}/metrics`, undefined, { Authorization: `Bearer ${body.token}` }), 403);
  });

  it('issues an applicant token that reads only that applicant\'s applications, and a supervisor token for the metrics', async () => {
    const applicant = (status(await api.post(`${API}/dev/sign-in`, undefined, { role: 'applicant', sub: 'p-zhang-jianguo' }), 200)).body as { token: string; principal: unknown };
    expect(applicant.principal).to.deep.equal({ role: 'applicant', sub: 'p-zhang-jianguo' });
    status(await api.get(`${API}/me/applications`, undefined, { Authorization: `Bearer ${applicant.token}` }), 200);
    const supervisor = (status(await api.post(`${API}/dev/sign-in`, undefined, { role: 'supervisor', sub: 'sup-liu', department: 'ignored' }), 200)).body as { token: string; principal: unknown };
    expect(supervisor.principal).to.deep.equal({ role: 'supervisor', sub: 'sup-liu' });
    status(await api.get(`${API}/metrics`, undefined, { Authorization: `Bearer ${supervisor.token}` }), 200);
  });

  it('names the field: a clerk without a department, an unknown role, an empty subject', async () => {
    const noDepartment = status(await api.post(`${API}/dev/sign-in`, undefined, { role: 'clerk', sub: 'clerk-chen' }), 400);
    expect((noDepartment.body as { errors: { field: string }[] }).errors.map((e) => e.field)).to.deep.equal(['department']);
    const admin = status(await api.post(`${API}/dev/sign-in`, undefined, { role: 'admin', sub: 'a' }), 400);
    expect((admin.body as { errors: { field: string }[] }).errors.map((e) => e.field)).to.deep.equal(['role']);
    const empty = status(await api.post(`${API}/dev/sign-in`, undefined, { role: 'applicant', sub: '  ' }), 400);
    expect((empty.body as { errors: { field: string }[] }).errors.map((e) => e.field)).to.deep.equal(['sub']);
  });
});

describe('the development sign-in under shorter token lifetimes', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi({ env: { TOKEN_MAX_LIFETIMES: 'clerk=2h' } });
  });
  after(() => api.dispose());

  it('issues a token no longer-lived than the role may have, which the API accepts', async () => {
    const res = status(await api.post(`${API}/dev/sign-in`, undefined, { role: 'clerk', sub: 'clerk-chen', department: 'FSRS-SBJ' }), 200);
    const body = res.body as { token: string; expiresAt: string };
    const claims = JSON.parse(Buffer.from(body.token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).to.equal(2 * 3600);
    expect(Date.parse(body.expiresAt)).to.equal(claims.exp * 1000);
    status(await api.get(`${API}/queue?scope=department`, undefined, { Authorization: `Bearer ${body.token}` }), 200);
  });
});

describe('the development sign-in in production', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi({ env: { NODE_ENV: 'production', IDENTITY_HASH_KEY: 'identity-hash-key-for-the-production-test-0123' } });
  });
  after(() => api.dispose());

  it('does not exist: 404, and the OpenAPI document does not list it', async () => {
    status(await api.undocumented('a production server has no such route').post(`${API}/dev/sign-in`, undefined, { role: 'applicant', sub: 'p-1' }), 404);
    const doc = (status(await api.get(`${API}/openapi.json`), 200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.to.include(`${API}/dev/sign-in`);
    expect(Object.keys(doc.paths)).to.include(`${API}/metrics`);
  });
});

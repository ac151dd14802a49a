import { expect } from 'chai';
import { request } from './support/checked-request.js';
import { jsonOf, problemOf } from './support/bodies.js';
import { applicant, clerk, makeTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { probeRoutes } from './support/probe-routes.js';
import type { ProbeRoutes } from './support/probe-routes.js';

const ID = '440101199003071234';
const validThing = { name: 'a', count: 1, applicant: { idNumber: ID } };

describe('errors as application/problem+json (RFC 9457)', () => {
  let t: TestApp;
  let probe: ProbeRoutes;
  let applicantAuth: string;
  let clerkAuth: string;
  before(async () => {
    probe = probeRoutes();
    t = makeTestApp({ routes: [probe.module], env: { BODY_LIMIT: '2kb' } });
    applicantAuth = await t.bearer(applicant());
    clerkAuth = await t.bearer(clerk());
  });
  after(() => t.close());

  it('lists every failing body field with its path and a JSON pointer', async () => {
    const res = await request(t.app)
      .post('/api/v1/probe/things')
      .set('Authorization', applicantAuth)
      .send({ name: '', count: 0, applicant: { idNumber: 'x' }, tags: ['ok', ''] })
      .expect(400)
      .expect('Content-Type', /^application\/problem\+json/);
    const problem = problemOf(res);
    expect(problem).to.include({ status: 400, title: 'The request is not valid' });
    expect(problem.type).to.match(/^urn:/);
    const byField = Object.fromEntries((problem.errors ?? []).map((e) => [e.field, e]));
    expect(Object.keys(byField)).to.have.members(['name', 'count', 'applicant.idNumber', 'tags.1']);
    expect(byField['applicant.idNumber']).to.include({ in: 'body', pointer: '#/applicant/idNumber', message: 'an 18-character identity number' });
    expect(probe.calls.things).to.equal(undefined);
  });

  it('says a missing body is required, and rejects malformed JSON with 400', async () => {
    const missing = await request(t.app).post('/api/v1/probe/things').set('Authorization', applicantAuth).expect(400);
    expect(problemOf(missing).errors).to.have.length(1);
    expect(problemOf(missing).errors?.[0]).to.include({ in: 'body', field: '', pointer: '#' });
    const malformed = await request(t.app)
      .post('/api/v1/probe/things')
      .set('Authorization', applicantAuth)
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400)
      .expect('Content-Type', /problem\+json/);
    expect(problemOf(malformed).detail).to.equal('The request body is not valid JSON.');
  });

  it('validates path parameters and coerces the query', async () => {
    const res = await request(t.app).put('/api/v1/probe/things/ab').set('Authorization', clerkAuth).set('If-Match', '"3"').send({ note: 1 }).expect(400);
    expect((problemOf(res).errors ?? []).map((e) => `${e.in}:${e.field}`)).to.have.members(['params:id', 'body:note']);
    const shared = await request(t.app).get('/api/v1/probe/shared?page=4').set('Authorization', clerkAuth).expect(200);
    expect(jsonOf<object>(shared)).to.deep.equal({ role: 'clerk', page: 4 });
  });

  it('maps a domain refusal to 409 with its code', async () => {
    const res = await request(t.app).post('/api/v1/probe/refuse').set('Authorization', clerkAuth).expect(409);
    expect(problemOf(res)).to.include({ status: 409, code: 'ALREADY_DECIDED', command: 'Withdraw', state: 'decided' });
  });

  it('needs If-Match on an update (428), refuses a stale one with 412 and the current ETag', async () => {
    const missing = await request(t.app).put('/api/v1/probe/things/abc').set('Authorization', clerkAuth).send({ note: 'n' }).expect(428);
    expect(problemOf(missing).type).to.match(/if-match-required$/);
    const stale = await request(t.app).put('/api/v1/probe/things/abc').set('Authorization', clerkAuth).set('If-Match', '"2"').send({ note: 'n' }).expect(412);
    expect(stale.headers.etag).to.equal('"3"');
    expect(problemOf(stale).code).to.equal('CONCURRENCY_CONFLICT');
    const weak = await request(t.app).put('/api/v1/probe/things/abc').set('Authorization', clerkAuth).set('If-Match', 'W/"3"').send({ note: 'n' }).expect(412);
    expect(weak.headers.etag).to.equal(undefined);
    const fresh = await request(t.app).put('/api/v1/probe/things/abc').set('Authorization', clerkAuth).set('If-Match', '"3"').send({ note: 'n' }).expect(200);
    expect(fresh.headers.etag).to.equal('"4"');
  });

  it('answers an unknown route with a 404 problem', async () => {
    const unknown = 'a path and a method the API does not have: no operation documents them';
    const res = await request(t.app).get('/api/v1/nothing-here').undocumented(unknown).expect(404).expect('Content-Type', /problem\+json/);
    expect(problemOf(res).detail).to.equal('No route for GET /api/v1/nothing-here');
    await request(t.app).delete('/api/v1/catalog/items').undocumented(unknown).expect(404);
  });

  it('answers an unexpected error with a bare 500 that leaks nothing, and logs it', async () => {
    const res = await request(t.app).get('/api/v1/probe/boom').expect(500).expect('Content-Type', /problem\+json/);
    const problem = problemOf(res);
    expect(problem).to.include({ status: 500, title: 'Internal Server Error' });
    expect(problem.requestId).to.be.a('string').and.equal(res.headers['x-request-id']);
    expect(JSON.stringify(problem)).not.to.match(/sqlite|srv|440101|stack/);
    const logged = t.logs().find((l) => l.msg === 'request failed' && l.requestId === problem.requestId);
    expect(logged, 'the error is logged with the request id').not.to.equal(undefined);
  });

  it('refuses a body over the limit with a 413 problem', async () => {
    const res = await request(t.app)
      .post('/api/v1/probe/things')
      .set('Authorization', applicantAuth)
      .send({ ...validThing, name: 'x'.repeat(4096) })
      .expect(413)
      .expect('Content-Type', /problem\+json/);
    expect(problemOf(res)).to.include({ status: 413, title: 'Payload Too Large' });
    expect(probe.calls.things).to.equal(undefined);
  });

  it('sets helmet security headers', async () => {
    const res = await request(t.app).get('/health').expect(200);
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['content-security-policy']).to.contain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.to.contain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).to.be.a('string');
    expect(res.headers).not.to.have.property('x-powered-by');
  });
});

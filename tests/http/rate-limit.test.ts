import { expect } from 'chai';
import { request } from './support/checked-request.js';
import { applicant, clerk, makeTestApp } from './support/test-app.js';
import { probeRoutes } from './support/probe-routes.js';

describe('rate limiting on applicant routes', () => {
  it('limits each applicant separately, answers 429 as a problem, and leaves clerks and open routes alone', async () => {
    const t = makeTestApp({ routes: [probeRoutes().module], env: { RATE_LIMIT_APPLICANT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' } });
    const a1 = await t.bearer(applicant('a-1'));
    for (let i = 0; i < 3; i++) await request(t.app).get('/api/v1/probe/shared').set('Authorization', a1).expect(200);
    const limited = await request(t.app).get('/api/v1/probe/shared').set('Authorization', a1).expect(429).expect('Content-Type', /problem\+json/);
    expect(limited.headers['retry-after']).to.equal('60');
    expect(limited.headers).to.have.property('ratelimit-policy');

    await request(t.app).get('/api/v1/probe/shared').set('Authorization', await t.bearer(applicant('a-2'))).expect(200);
    const clerkAuth = await t.bearer(clerk());
    for (let i = 0; i < 5; i++) await request(t.app).get('/api/v1/probe/shared').set('Authorization', clerkAuth).expect(200);
    for (let i = 0; i < 5; i++) await request(t.app).get('/api/v1/catalog/bundles').expect(200);
    t.close();
  });

  it('gives the budget back in the next window and tells what is left in the RateLimit headers', async () => {
    const t = makeTestApp({ routes: [probeRoutes().module], env: { RATE_LIMIT_APPLICANT_MAX: '2', RATE_LIMIT_WINDOW_MS: '200' } });
    const a1 = await t.bearer(applicant('a-1'));
    const first = await request(t.app).get('/api/v1/probe/shared').set('Authorization', a1).expect(200);
    expect(first.headers['ratelimit-policy']).to.equal('"applicant"; q=2; w=1');
    expect(first.headers.ratelimit).to.match(/^"applicant"; r=1; t=[01]$/);
    await request(t.app).get('/api/v1/probe/shared').set('Authorization', a1).expect(200);
    await request(t.app).get('/api/v1/probe/shared').set('Authorization', a1).expect(429);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await request(t.app).get('/api/v1/probe/shared').set('Authorization', a1).expect(200);
    t.close();
  });
});

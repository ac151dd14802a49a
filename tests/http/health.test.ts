import { expect } from 'chai';
import { request } from './support/checked-request.js';
import { storeAndProjectionsProbe } from '../../infra/application/readiness.js';
import type { ReadinessReport } from '../../infra/application/readiness.js';
import { jsonOf } from './support/bodies.js';
import { makeTestApp } from './support/test-app.js';

describe('/health and /ready', () => {
  it('answers liveness without a token', async () => {
    const t = makeTestApp({ readiness: () => Promise.reject(new Error('store down')) });
    const res = await request(t.app).get('/health').expect(200);
    expect(jsonOf<{ status: string }>(res).status).to.equal('ok');
    t.close();
  });

  it('answers /ready with 200 or 503 as the probe says, and 503 when the probe throws', async () => {
    let report: ReadinessReport = { ready: true, checks: [{ name: 'store', ok: true }] };
    let fail = false;
    const t = makeTestApp({ readiness: () => (fail ? Promise.reject(new Error('boom')) : Promise.resolve(report)) });
    const ready = await request(t.app).get('/ready').expect(200);
    expect(ready.body).to.deep.equal(report);
    expect(ready.headers['cache-control']).to.equal('no-store');
    report = { ready: false, checks: [{ name: 'projection:status', ok: false, detail: '5000 events behind (bound 1000)' }] };
    expect(jsonOf<ReadinessReport>(await request(t.app).get('/ready').expect(503)).checks[0]?.detail).to.contain('behind');
    fail = true;
    expect(jsonOf<ReadinessReport>(await request(t.app).get('/ready').expect(503)).checks[0]?.name).to.equal('probe');
    t.close();
  });
});

describe('store-and-projections readiness probe', () => {
  const projection = (name: string, checkpoint: number) => ({ name, checkpoint: () => checkpoint });

  it('is ready when the store answers and every projection is within the bound', async () => {
    const probe = storeAndProjectionsProbe({
      headPosition: () => Promise.resolve(1500),
      projections: () => [projection('status', 1500), projection('metrics', 600)],
      maxLag: 1000,
    });
    const report = await probe();
    expect(report.ready).to.equal(true);
    expect(report.checks.map((c) => c.name)).to.deep.equal(['store', 'projection:status', 'projection:metrics']);
  });

  it('is not ready when a projection trails by more than the bound', async () => {
    const probe = storeAndProjectionsProbe({
      headPosition: () => Promise.resolve(1500),
      projections: () => [projection('status', 1500), projection('metrics', 499)],
      maxLag: 1000,
    });
    const report = await probe();
    expect(report.ready).to.equal(false);
    expect(report.checks.find((c) => !c.ok)).to.deep.include({ name: 'projection:metrics', detail: '1001 events behind (bound 1000)' });
  });

  it('is not ready when the store does not answer in time, or while draining', async () => {
    const slow = storeAndProjectionsProbe({
      headPosition: () => new Promise<number>((resolve) => setTimeout(() => resolve(1), 200)),
      projections: () => [projection('status', 0)],
      maxLag: 10,
      timeoutMs: 20,
    });
    const report = await slow();
    expect(report.ready).to.equal(false);
    expect(report.checks[0]).to.deep.include({ name: 'store', ok: false, detail: 'no answer within 20 ms' });

    const draining = storeAndProjectionsProbe({ headPosition: () => Promise.resolve(0), projections: () => [], maxLag: 0, draining: () => true });
    expect((await draining()).checks[0]).to.deep.include({ name: 'shutdown', ok: false });
  });
});

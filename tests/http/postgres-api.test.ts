import { expect } from 'chai';
import { StatusView } from '../../infra/http/routes/application-views.js';
import { describePostgres, temporaryDatabase } from '../support/postgres-harness.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { ZHANG, done, itemBody, submitItem } from './support/api-flows.js';
import { bodyAs } from './support/bodies.js';

// STORE=postgres: the log on the server, each instance's read models in its own DATA_DIR, built from the log.
await describePostgres('the API with its event log on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof temporaryDatabase>>;
  const open: ApiHarness[] = [];
  const start = async (): Promise<ApiHarness> => {
    const h = await startApi({ date: '2026-06-01', env: { STORE: 'postgres', DATABASE_URL: db.url } });
    open.push(h);
    return h;
  };
  beforeEach(async () => {
    db = await temporaryDatabase();
  });
  afterEach(async () => {
    for (const h of open.splice(0)) await h.dispose();
    await db.drop();
  });

  it('serves the life of an application, and a new instance with empty read models rebuilds them from the log', async () => {
    const first = await start();
    const id = await submitItem(first);
    await done(first, id, 'accept');
    await done(first, id, 'decide', { outcome: 'approved', legalBasis: '《社会保险法》' });
    const before = bodyAs(StatusView, await first.get(`${API}/applications/${id}`, ZHANG));
    expect(before.state).to.equal('decided');
    await first.dispose();
    open.splice(0);

    const second = await start();
    expect(await second.head()).to.be.greaterThan(0);
    expect(bodyAs(StatusView, await second.get(`${API}/applications/${id}`, ZHANG))).to.deep.equal(before);
  });

  it('reads its writes across instances: a write through one, a read through the other at the position it returned', async () => {
    const one = await start();
    const other = await start();
    const res = await one.post(`${API}/applications`, ZHANG, itemBody());
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const { id, position } = res.body as { id: string; position: number };
    const read = await other.get(`${API}/applications/${id}`, ZHANG, { 'X-Min-Position': String(position) });
    expect(read.status, JSON.stringify(read.body)).to.equal(200);
    expect(bodyAs(StatusView, read).applicationId).to.equal(id);
  });
});

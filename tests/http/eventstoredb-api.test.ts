import { expect } from 'chai';
import { StatusView } from '../../infra/http/routes/application-views.js';
import { startEsdbServer } from '../support/esdb-server.js';
import type { EsdbTestServer } from '../support/esdb-server.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { BOSS, CHEN, ZHANG, done, etagOf, itemBody, submitItem } from './support/api-flows.js';
import { bodyAs, problemOf } from './support/bodies.js';

// STORE=eventstoredb: the API on the real @eventstore/db-client against the in-process server (positions with gaps).
describe('the API with its event log on EventStoreDB', () => {
  let server: EsdbTestServer;
  let h: ApiHarness;
  beforeEach(async () => {
    server = await startEsdbServer();
    h = await startApi({ date: '2026-06-01', env: { STORE: 'eventstoredb', EVENTSTORE_URL: server.url } });
  });
  afterEach(async () => {
    await h.dispose();
    await server.stop();
  });

  it('serves the life of an application, with read-your-writes on commit positions that have gaps', async () => {
    const id = await submitItem(h);
    await done(h, id, 'accept');
    const res = await h.post(`${API}/applications/${id}/decide`, CHEN, { outcome: 'approved', legalBasis: '《社会保险法》' }, { 'If-Match': await etagOf(h, id) });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const { position } = res.body as { position: number };
    const status = bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG, { 'X-Min-Position': String(position) }));
    expect(status.state).to.equal('decided');
    // Positions are the server's commit positions: increasing, not 1, 2, 3.
    const positions = (await h.log()).map((e) => e.position);
    expect(positions).to.deep.equal([...positions].sort((a, b) => a - b));
    expect(positions.some((p, i) => i > 0 && p - positions[i - 1]! > 1)).to.equal(true);
    const metrics = await h.get(`${API}/metrics?item=SB-014`, BOSS);
    expect(metrics.status).to.equal(200);
  });

  it('answers commands 503 store-unavailable with Retry-After while the server is away, and recovers', async () => {
    const head = await h.head();
    server.setUnavailable(true);
    const refused = await h.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'esdb-down-1' });
    expect(refused.status).to.equal(503);
    expect(problemOf(refused).type).to.equal('urn:one-network-hrss:problem:store-unavailable');
    expect(refused.headers['retry-after']).to.equal('5');
    server.setUnavailable(false);
    const again = await h.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'esdb-down-1' });
    expect(again.status, JSON.stringify(again.body)).to.equal(201);
    const after = (await h.log()).filter((e) => e.position > head).map((e) => e.type);
    expect(after).to.deep.equal(['ApplicationSubmitted']);
  });
});

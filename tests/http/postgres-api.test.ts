import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { StatusView } from '../../infra/http/routes/application-views.js';
import { describePostgres, PG_URL, temporaryDatabase } from '../support/postgres-harness.js';
import { tcpProxy } from '../support/tcp-proxy.js';
import { tcpProxyThread } from '../support/tcp-proxy-thread.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { BOSS, ZHANG, done, itemBody, submitItem } from './support/api-flows.js';
import { bodyAs, problemOf } from './support/bodies.js';

// STORE=postgres: the log on the server, the read models beside it shared by the instances (or, READ_MODELS=sqlite,
// each instance's in its own DATA_DIR, built from the log).
await describePostgres('the API with its event log on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof temporaryDatabase>>;
  const open: ApiHarness[] = [];
  const start = async (env: Record<string, string> = {}): Promise<ApiHarness> => {
    const h = await startApi({ date: '2026-06-01', env: { STORE: 'postgres', DATABASE_URL: db.url, ...env } });
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

  it('serves the life of an application, and a new instance with empty read models of its own (READ_MODELS=sqlite) rebuilds them from the log', async () => {
    const first = await start({ READ_MODELS: 'sqlite' });
    const id = await submitItem(first);
    await done(first, id, 'accept');
    await done(first, id, 'decide', { outcome: 'approved', legalBasis: '《社会保险法》' });
    const before = bodyAs(StatusView, await first.get(`${API}/applications/${id}`, ZHANG));
    expect(before.state).to.equal('decided');
    expect(existsSync(path.join(first.dataDir, 'read-models.sqlite'))).to.equal(true);
    await first.dispose();
    open.splice(0);

    const second = await start({ READ_MODELS: 'sqlite' });
    expect(await second.head()).to.be.greaterThan(0);
    expect(bodyAs(StatusView, await second.get(`${API}/applications/${id}`, ZHANG))).to.deep.equal(before);
  });

  it('keeps the read models on the server: a restarted instance serves them as they were, with no file of its own', async () => {
    const first = await start();
    const id = await submitItem(first);
    await done(first, id, 'accept');
    const before = bodyAs(StatusView, await first.get(`${API}/applications/${id}`, ZHANG));
    expect(before.state).to.equal('accepted');
    await first.dispose();
    open.splice(0);

    const second = await start();
    expect(bodyAs(StatusView, await second.get(`${API}/applications/${id}`, ZHANG))).to.deep.equal(before);
    expect(existsSync(path.join(second.dataDir, 'read-models.sqlite'))).to.equal(false);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; position: number }>("SELECT name, position::int AS position FROM projection_state WHERE status = 'active' ORDER BY name");
      expect(rows.map((r) => r.name)).to.include.members(['application-status', 'metrics', 'work-queue']);
      expect(rows.every((r) => r.position === rows[0]!.position && r.position > 0)).to.equal(true);
    } finally {
      await client.end();
    }
  });

  it('reads its writes across instances: a write through one, a read through the other at the position it returned, on read models one of them applies', async () => {
    const one = await start();
    const other = await start();
    // Exactly one applies the log to the shared read models; the other only reads them.
    expect([one.api.applyingProjections(), other.api.applyingProjections()].filter(Boolean)).to.have.length(1);
    for (const [writer, reader] of [
      [one, other],
      [other, one],
    ] as const) {
      const res = await writer.post(`${API}/applications`, ZHANG, itemBody());
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      const { id, position } = res.body as { id: string; position: number };
      const read = await reader.get(`${API}/applications/${id}`, ZHANG, { 'X-Min-Position': String(position) });
      expect(read.status, JSON.stringify(read.body)).to.equal(200);
      expect(bodyAs(StatusView, read).applicationId).to.equal(id);
    }
  });
});

await describePostgres('the API when PostgreSQL goes away and comes back', () => {
  it('answers commands 503 with Retry-After and writes nothing, keeps serving reads from its read models, and recovers by itself', async function () {
    this.timeout(60_000);
    const db = await temporaryDatabase();
    const server = new URL(PG_URL);
    const proxy = await tcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const through = new URL(db.url);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    // The read models in the instance's own file (READ_MODELS=sqlite): what keeps reads serving while the server
    // is away. (Shared read models are on the server too; the proxy here runs on the thread their synchronous
    // client blocks, so this test could not relay their traffic.)
    const h = await startApi({ date: '2026-06-01', env: { STORE: 'postgres', DATABASE_URL: through.toString(), READ_MODELS: 'sqlite' } });
    try {
      const id = await submitItem(h);
      await done(h, id, 'accept');
      const before = bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG));
      const head = await h.head();

      await proxy.cut();
      const refused = await h.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'while-down-1' });
      expect(refused.status).to.equal(503);
      expect(problemOf(refused).type).to.equal('urn:one-network-hrss:problem:store-unavailable');
      expect(refused.headers['retry-after']).to.equal('5');
      // Reads the read models answer alone keep serving.
      expect(bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG))).to.deep.equal(before);
      expect((await h.get(`${API}/metrics`, BOSS)).status).to.equal(200);

      await proxy.restore();
      // The same request again, once the server answers: accepted once; nothing of the refused try was written.
      let again = await h.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'while-down-1' });
      for (let i = 0; again.status === 503 && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 200));
        again = await h.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'while-down-1' });
      }
      expect(again.status, JSON.stringify(again.body)).to.equal(201);
      const { id: next } = again.body as { id: string };
      await h.api.caughtUp();
      expect(bodyAs(StatusView, await h.get(`${API}/applications/${next}`, ZHANG)).state).to.equal('submitted');
      const log = await h.log();
      expect(log.filter((e) => e.position > head).map((e) => e.type)).to.deep.equal(['ApplicationSubmitted']);
    } finally {
      await h.dispose();
      await proxy.close();
      await db.drop();
    }
  });
});

await describePostgres('the API with shared read models when PostgreSQL goes away and comes back', () => {
  it('answers commands and reads 503 with Retry-After while it is away, writes nothing, and carries on applying the log once it is back', async function () {
    this.timeout(60_000);
    const db = await temporaryDatabase();
    const server = new URL(PG_URL);
    // On a thread of its own: the read models' synchronous client blocks this one while it waits for the server.
    const proxy = await tcpProxyThread({ host: server.hostname, port: Number(server.port || 5432) });
    const through = new URL(db.url);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    const h = await startApi({ date: '2026-06-01', env: { STORE: 'postgres', DATABASE_URL: through.toString() } });
    try {
      const id = await submitItem(h);
      await done(h, id, 'accept');
      const head = await h.head();

      await proxy.cut();
      const refused = await h.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'while-down-shared-1' });
      expect(refused.status).to.equal(503);
      expect(problemOf(refused).type).to.equal('urn:one-network-hrss:problem:store-unavailable');
      const unread = await h.get(`${API}/applications/${id}`, ZHANG);
      expect(unread.status).to.equal(503);
      expect(problemOf(unread).type).to.equal('urn:one-network-hrss:problem:store-unavailable');
      expect(unread.headers['retry-after']).to.equal('5');

      await proxy.restore();
      let again = await h.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'while-down-shared-1' });
      for (let i = 0; again.status === 503 && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 200));
        again = await h.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'while-down-shared-1' });
      }
      expect(again.status, JSON.stringify(again.body)).to.equal(201);
      const { id: next } = again.body as { id: string };
      expect(await h.api.caughtUp(20_000)).to.equal(true);
      expect(bodyAs(StatusView, await h.get(`${API}/applications/${next}`, ZHANG)).state).to.equal('submitted');
      expect(bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG)).state).to.equal('accepted');
      const log = await h.log();
      expect(log.filter((e) => e.position > head).map((e) => e.type)).to.deep.equal(['ApplicationSubmitted']);
    } finally {
      await h.dispose();
      await proxy.close();
      await db.drop();
    }
  });
});

import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { request } from './support/checked-request.js';
import { createSqliteIdempotencyStore } from '../../infra/http/idempotency/sqlite-idempotency-store.js';
import { canonicalJson } from '../../infra/http/idempotency/request-fingerprint.js';
import { jsonOf, problemOf } from './support/bodies.js';
import { applicant, clerk, makeTestApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';
import { probeRoutes } from './support/probe-routes.js';
import { tempDir } from '../support/sqlite-harness.js';
import { API, startApi } from './support/api-harness.js';
import { ZHANG, itemBody } from './support/api-flows.js';
import type { ProbeRoutes } from './support/probe-routes.js';

const thing = (name: string) => ({ name, count: 1, applicant: { idNumber: '440101199003071234' } });

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  let probe: ProbeRoutes;
  let clock: number;
  let auth: string;
  beforeEach(async () => {
    clock = Date.parse('2026-03-02T09:00:00+08:00');
    probe = probeRoutes();
    t = makeTestApp({ routes: [probe.module], now: () => clock, env: { IDEMPOTENCY_TTL_HOURS: '24' } });
    auth = await t.bearer(applicant('a-1'));
  });
  afterEach(() => t.close());

  const post = (path: string, key: string | undefined, body: object, authorization = auth) => {
    const req = request(t.app).post(path).set('Authorization', authorization);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
  };

  it('replays the first response (status, body, ETag, Location) and runs nothing twice', async () => {
    const first = await post('/api/v1/probe/things', 'key-1', thing('x')).expect(201);
    const again = await post('/api/v1/probe/things', 'key-1', { applicant: { idNumber: '440101199003071234' }, count: 1, name: 'x' }).expect(201);
    expect(probe.calls.things).to.equal(1);
    expect(again.body).to.deep.equal(first.body);
    expect(again.headers.etag).to.equal(first.headers.etag);
    expect(again.headers.location).to.equal(first.headers.location);
    expect(again.headers['content-type']).to.equal(first.headers['content-type']);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(first.headers).not.to.have.property('idempotent-replayed');
  });

  it('runs every request without a key', async () => {
    await post('/api/v1/probe/things', undefined, thing('x')).expect(201);
    await post('/api/v1/probe/things', undefined, thing('x')).expect(201);
    expect(probe.calls.things).to.equal(2);
  });

  it('refuses the same key with a different body with 422', async () => {
    await post('/api/v1/probe/things', 'key-2', thing('x')).expect(201);
    const res = await post('/api/v1/probe/things', 'key-2', thing('y')).expect(422).expect('Content-Type', /problem\+json/);
    expect(problemOf(res).type).to.match(/idempotency-key-reused$/);
    expect(probe.calls.things).to.equal(1);
  });

  it('scopes keys by principal: another applicant with the same key runs their own request', async () => {
    const mine = await post('/api/v1/probe/things', 'shared-key', thing('x')).expect(201);
    const theirs = await post('/api/v1/probe/things', 'shared-key', thing('x'), await t.bearer(applicant('a-2'))).expect(201);
    expect(probe.calls.things).to.equal(2);
    expect(jsonOf<{ id: string }>(theirs).id).not.to.equal(jsonOf<{ id: string }>(mine).id);
  });

  it('keeps and replays a domain refusal (409) without asking the domain again', async () => {
    const clerkAuth = await t.bearer(clerk());
    const first = await post('/api/v1/probe/refuse', 'r-1', {}, clerkAuth).expect(409);
    const again = await post('/api/v1/probe/refuse', 'r-1', {}, clerkAuth).expect(409);
    expect(again.body).to.deep.equal(first.body);
    expect(again.headers['content-type']).to.match(/problem\+json/);
    expect(probe.calls.refuse).to.equal(1);
  });

  it('does not keep a server error: the retry runs again', async () => {
    await post('/api/v1/probe/fail', 'f-1', {}).expect(500);
    await post('/api/v1/probe/fail', 'f-1', {}).expect(500);
    expect(probe.calls.fail).to.equal(2);
  });

  it('answers 409 to a retry while the first request is still running, then replays', async () => {
    const first = post('/api/v1/probe/slow', 's-1', {}).then((r) => r);
    while (probe.calls.slow !== 1) await new Promise((r) => setTimeout(r, 5));
    const during = await post('/api/v1/probe/slow', 's-1', {}).expect(409);
    expect(problemOf(during).type).to.match(/idempotency-key-in-use$/);
    expect(during.headers['retry-after']).to.equal('1');
    probe.gate.release();
    expect((await first).status).to.equal(200);
    const after = await post('/api/v1/probe/slow', 's-1', {}).expect(200);
    expect(after.body).to.deep.equal({ done: true });
    expect(probe.calls.slow).to.equal(1);
  });

  it('forgets a key after its expiry', async () => {
    await post('/api/v1/probe/things', 'e-1', thing('x')).expect(201);
    clock += 23 * 3_600_000;
    await post('/api/v1/probe/things', 'e-1', thing('x')).expect(201);
    expect(probe.calls.things).to.equal(1);
    clock += 2 * 3_600_000;
    await post('/api/v1/probe/things', 'e-1', thing('x')).expect(201);
    expect(probe.calls.things).to.equal(2);
  });

  it('rejects an unusable key with 400', async () => {
    await post('/api/v1/probe/things', 'x'.repeat(256), thing('x')).expect(400);
    expect(probe.calls.things).to.equal(undefined);
  });
});

describe('SQLite idempotency store', () => {
  it('purges expired entries and releases unfinished claims', () => {
    let now = 1_000;
    const store = createSqliteIdempotencyStore({ file: ':memory:', ttlMs: 100, pendingTimeoutMs: 50, now: () => now });
    const claim = { scope: 'applicant:a', key: 'k', fingerprint: 'f' };
    expect(store.begin(claim).kind).to.equal('started');
    expect(store.begin(claim).kind).to.equal('in-progress');
    store.release(claim);
    expect(store.begin(claim).kind).to.equal('started');
    store.complete(claim, { status: 201, headers: { etag: '"0"' }, body: Buffer.from('{}') });
    const replay = store.begin(claim);
    expect(replay.kind).to.equal('replay');
    if (replay.kind === 'replay') expect(replay.response.headers).to.deep.equal({ etag: '"0"' });
    expect(store.begin({ ...claim, fingerprint: 'g' }).kind).to.equal('mismatch');
    const abandoned = { scope: 'applicant:a', key: 'crashed', fingerprint: 'f' };
    store.begin(abandoned);
    now += 60;
    expect(store.begin(abandoned).kind, 'a claim past its pending timeout is taken over').to.equal('started');
    now += 200;
    expect(store.purgeExpired()).to.equal(2);
    store.close();
  });

  it('digests bodies independently of key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).to.equal(canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  });
});

describe('Idempotency-Key after a crash', () => {
  it('settles a claim a stopped process left pending when the store opens, instead of refusing retries until it times out', () => {
    const dir = tempDir('hrss-idem-');
    const file = path.join(dir.dir, 'idempotency.sqlite');
    try {
      const claim = { scope: 'applicant:a-1', key: 'k-1', fingerprint: 'f-1' };
      const first = createSqliteIdempotencyStore({ file, ttlMs: 60_000 });
      expect(first.begin(claim).kind).to.equal('started');
      // The process dies here: no complete, no release.
      first.close();
      const reopened = createSqliteIdempotencyStore({ file, ttlMs: 60_000 });
      expect(reopened.abandonedAtOpen).to.equal(1);
      expect(reopened.begin(claim).kind).to.equal('started');
      reopened.close();
    } finally {
      dir.remove();
    }
  });

  it("keeps a live worker's pending claim when another worker on the same file starts, and settles a gone one's", () => {
    const dir = tempDir('hrss-idem-');
    const file = path.join(dir.dir, 'idempotency.sqlite');
    try {
      const claim = { scope: 'applicant:a-1', key: 'k-1', fingerprint: 'f-1' };
      const running = new Set([101, 102]);
      const isAlive = (pid: number) => running.has(pid);
      const first = createSqliteIdempotencyStore({ file, ttlMs: 60_000, owner: 101, isAlive });
      expect(first.begin(claim).kind).to.equal('started');
      // Worker 102 (re)starts while 101 still has the request in hand: the claim stands.
      const second = createSqliteIdempotencyStore({ file, ttlMs: 60_000, owner: 102, isAlive });
      expect(second.abandonedAtOpen).to.equal(0);
      expect(second.begin(claim).kind).to.equal('in-progress');
      second.close();
      // Worker 101 dies mid-request; the next worker to start settles its claim.
      first.close();
      running.delete(101);
      const third = createSqliteIdempotencyStore({ file, ttlMs: 60_000, owner: 103, isAlive });
      expect(third.abandonedAtOpen).to.equal(1);
      expect(third.begin(claim).kind).to.equal('started');
      third.close();
    } finally {
      dir.remove();
    }
  });

  it('answers the retry of a submission whose claim the crash left pending from the event store, once', async () => {
    const dir = tempDir('hrss-idem-api-');
    try {
      const before = await startApi({ date: '2026-06-01', dataDir: dir.dir });
      const res = await before.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'crash-1' });
      expect(res.status).to.equal(201);
      const { id } = res.body as { id: string };
      await before.dispose();
      // As if the process had died between the append and storing the answer.
      const db = new Database(path.join(dir.dir, 'idempotency.sqlite'));
      db.prepare("UPDATE idempotency_keys SET state = 'pending', status = NULL, headers = NULL, body = NULL").run();
      db.close();
      const after = await startApi({ date: '2026-06-01', dataDir: dir.dir });
      try {
        const retry = await after.post(`${API}/applications`, ZHANG, itemBody(), { 'Idempotency-Key': 'crash-1' });
        expect(retry.status, JSON.stringify(retry.body)).to.equal(201);
        expect(retry.body).to.deep.include({ id, duplicate: true });
        expect((await after.log()).filter((e) => e.type === 'ApplicationSubmitted')).to.have.length(1);
        expect(after.logLines.some((l) => l.includes('idempotency claims left pending by a stopped process settled'))).to.equal(true);
      } finally {
        await after.dispose();
      }
    } finally {
      dir.remove();
    }
  });
});

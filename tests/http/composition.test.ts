import { mkdirSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import { composeApi } from '../../infra/composition/compose-api.js';
import { loadConfig } from '../../infra/config/load-config.js';
import { createCommandHandler, newAggregateId, streamIdOf } from '../../infra/commands/index.js';
import { hs256Keys } from '../../infra/auth/auth-keys.js';
import { startServer } from '../../infra/http/server.js';
import { createLogger } from '../../infra/logging/logger.js';
import { ConcurrencyError } from '../../infra/store/errors.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import { loadBuiltinCatalog } from '../../services/catalog/load-catalog.js';
import { builtinCatalogData } from '../../services/catalog/builtin-data.js';
import { testClock } from '../support/command-harness.js';
import { tempDir } from '../support/sqlite-harness.js';
import { StatusView } from '../../infra/http/routes/application-views.js';
import { applicationStatusSql } from '../../infra/read-models/application-status-sql.js';
import { tableName } from '../../infra/read-models/projection-state.js';
import { bodyAs, problemOf } from './support/bodies.js';
import { TEST_SECRET } from './support/test-app.js';
import { checkedFetch } from './support/checked-request.js';
import { API, startApi } from './support/api-harness.js';
import { CHEN, ID_NUMBER, KEEPER, ZHANG, done, itemBody, replyOf, submitItem } from './support/api-flows.js';

describe('the composition root', () => {
  describe('catalog', () => {
    it('publishes the built-in catalog as version 1 once, and serves the latest published version after a restart', async () => {
      const dir = tempDir('hrss-compose-');
      try {
        let h = await startApi({ dataDir: dir.dir, date: '2026-06-01' });
        const first = (await h.log()).filter((e) => e.streamId === 'catalog');
        expect(first.map((e) => [e.type, (e.data as { version: number; source: string }).version, (e.data as { source: string }).source])).to.deep.equal([
          ['CatalogVersionPublished', 1, 'builtin'],
        ]);
        await h.api.close();
        h = await startApi({ dataDir: dir.dir, date: '2026-06-01' });
        expect((await h.log()).filter((e) => e.streamId === 'catalog')).to.have.length(1);
        expect(h.api.catalog.current().version).to.equal(1);
        expect((await h.post(`${API}/catalog/versions`, KEEPER, builtinCatalogData)).status).to.equal(201);
        await h.api.close();
        h = await startApi({ dataDir: dir.dir, date: '2026-06-01' });
        expect(h.api.catalog.current().version).to.equal(2);
        expect((await h.get(`${API}/catalog/items`)).body).to.have.property('catalogVersion', 2);
        await h.api.close();
      } finally {
        dir.remove();
      }
    });
  });

  describe('calendar', () => {
    it('applies DATA_DIR/calendar/*.json over the default calendar: deadlines follow the bureau\'s override', async () => {
      const dir = tempDir('hrss-compose-');
      mkdirSync(path.join(dir.dir, 'calendar'));
      writeFileSync(
        path.join(dir.dir, 'calendar', '2026-typhoon.json'),
        JSON.stringify({ version: 'fs-2026-typhoon', source: 'test', revisions: [{ date: '2026-06-02', work: false, note: 'typhoon closure' }] }),
      );
      const h = await startApi({ dataDir: dir.dir, date: '2026-06-01' });
      try {
        expect(h.api.calendar.version).to.match(/\+fs-2026-typhoon\+provisional-2027-2028$/);
        const id = await submitItem(h);
        await done(h, id, 'accept');
        // SB-014 commits 1 working day: Tuesday 6/2 is now off, so Wednesday.
        expect(bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG)).committedDeadline).to.equal('2026-06-03');
      } finally {
        await h.dispose();
        dir.remove();
      }
    });

    it('refuses to start on a broken override file, naming it', async () => {
      const dir = tempDir('hrss-compose-');
      mkdirSync(path.join(dir.dir, 'calendar'));
      writeFileSync(path.join(dir.dir, 'calendar', 'bad.json'), '{ "version": "x", "revisions": [{ "date": "2026-02-30" }] }');
      try {
        const failed = await startApi({ dataDir: dir.dir }).then(
          () => null,
          (e: unknown) => e as Error,
        );
        expect(failed?.message).to.contain('calendar/bad.json');
      } finally {
        dir.remove();
      }
    });
  });

  describe('projections built by an older version', () => {
    const statusSlot = (db: Database.Database) =>
      db.prepare<[], { generation: number; version: number }>("SELECT generation, version FROM projection_state WHERE name = 'application-status' AND status = 'active'").get()!;

    it('are rebuilt beside the live generation at start and switched in; rows without a revision still get the right ETag', async () => {
      const dir = tempDir('hrss-compose-');
      try {
        let h = await startApi({ dataDir: dir.dir, date: '2026-06-01' });
        const id = await submitItem(h);
        await done(h, id, 'accept');
        await h.api.close();

        // Make the status generation look folded by version 1: no revision in its rows.
        let db = new Database(path.join(dir.dir, 'read-models.sqlite'));
        const old = statusSlot(db);
        db.prepare("UPDATE projection_state SET version = 1 WHERE name = 'application-status' AND status = 'active'").run();
        db.exec(`UPDATE ${tableName('app_status', old.generation)} SET doc = json_remove(doc, '$.revision')`);
        db.close();

        h = await startApi({ dataDir: dir.dir, date: '2026-06-01' });
        try {
          await h.api.outdatedRebuilt;
          db = new Database(path.join(dir.dir, 'read-models.sqlite'), { readonly: true });
          expect(statusSlot(db)).to.deep.equal({ generation: old.generation + 1, version: applicationStatusSql.version });
          const rows = db.prepare<[], string>(`SELECT doc FROM ${tableName('app_status', old.generation + 1)}`).pluck().all();
          db.close();
          expect(rows.map((doc) => (JSON.parse(doc) as { revision: number }).revision)).to.deep.equal([1]);
          expect(h.logLines.some((line) => line.includes('rebuilt projection is now in use'))).to.equal(true);
          expect((await h.get(`${API}/applications/${id}`, ZHANG)).headers.etag).to.equal('"1"');

          // A row without its revision (as version 1 left them) asks the store instead.
          const writable = new Database(path.join(dir.dir, 'read-models.sqlite'));
          writable.exec(`UPDATE ${tableName('app_status', old.generation + 1)} SET doc = json_remove(doc, '$.revision')`);
          writable.close();
          const res = await h.get(`${API}/applications/${id}`, ZHANG);
          expect(res.status).to.equal(200);
          expect(res.headers.etag).to.equal('"1"');
          expect(bodyAs(StatusView, res).state).to.equal('accepted');
        } finally {
          await h.api.close();
        }
      } finally {
        dir.remove();
      }
    });
  });

  describe('readiness, read-your-writes and shutdown', () => {
    it('is ready when the store answers and every projection and process manager is caught up; not while draining', async () => {
      const h = await startApi();
      try {
        const ready = await h.get('/ready');
        expect(ready.status).to.equal(200);
        const names = (ready.body as { checks: { name: string; ok: boolean }[] }).checks.map((c) => c.name);
        expect(names).to.include.members(['store', 'projection:application-status', 'projection:metrics', 'process:bundle-process', 'process:review-process', 'process:calendar-process']);
        h.api.setDraining(() => true);
        expect((await h.get('/ready')).status).to.equal(503);
      } finally {
        await h.dispose();
      }
    });

    it('a read with X-Min-Position waits for it; past the bound it is 503 with Retry-After; beyond the head or malformed 400 at once', async () => {
      const h = await startApi({ env: { CONSISTENCY_TIMEOUT_MS: '150' } });
      try {
        const reply = replyOf(await h.post(`${API}/applications`, ZHANG, itemBody()));
        const ok = await h.get(`${API}/me/applications`, ZHANG, { 'X-Min-Position': String(reply.position) });
        expect(ok.status).to.equal(200);
        // A position no write has returned: the client's mistake, answered without waiting.
        const beyond = await h.get(`${API}/me/applications`, ZHANG, { 'X-Min-Position': String(reply.position + 1000) });
        expect(beyond.status).to.equal(400);
        expect(problemOf(beyond).errors?.[0]).to.include({ in: 'header', field: 'X-Min-Position' });
        expect(problemOf(beyond).errors?.[0]?.message).to.contain(`beyond the log's head (${reply.position})`);
        // A real write the read models have not applied (their runner stopped): waited for, then 503.
        await h.api.runner.stop();
        const later = replyOf(await h.post(`${API}/applications`, ZHANG, itemBody()));
        const started = Date.now();
        const ahead = await h.get(`${API}/me/applications`, ZHANG, { 'X-Min-Position': String(later.position) });
        expect(ahead.status).to.equal(503);
        expect(Date.now() - started).to.be.at.least(140);
        expect(ahead.headers['retry-after']).to.equal('1');
        expect(problemOf(ahead).type).to.match(/read-models-behind$/);
        const bad = await h.get(`${API}/me/applications`, ZHANG, { 'X-Min-Position': 'soon' });
        expect(bad.status).to.equal(400);
        expect(problemOf(bad).errors?.[0]).to.include({ in: 'header', field: 'X-Min-Position' });
      } finally {
        await h.dispose();
      }
    });

    it('never sends a status page older than its ETag: with the projections stopped behind a write, the read is 503', async () => {
      const h = await startApi({ env: { CONSISTENCY_TIMEOUT_MS: '150' } });
      try {
        const id = await submitItem(h);
        const before = await h.get(`${API}/applications/${id}`, ZHANG);
        expect(before.status).to.equal(200);
        await h.api.runner.stop();
        const withdrawn = await h.post(`${API}/applications/${id}/withdraw`, ZHANG, { reason: '已通过其他渠道办理' });
        expect(withdrawn.status, JSON.stringify(withdrawn.body)).to.equal(200);
        const behind = await h.get(`${API}/applications/${id}`, ZHANG);
        expect(behind.status).to.equal(503);
        expect(problemOf(behind).type).to.match(/read-models-behind$/);
      } finally {
        await h.dispose();
      }
    });

    it('shuts down after the requests in flight: process managers, projections, then the stores', async () => {
      const dir = tempDir('hrss-compose-');
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir.dir, JWT_SECRET: TEST_SECRET });
      const logLines: string[] = [];
      const logger = createLogger({ level: 'info', sink: { write: (l: string) => logLines.push(l) } });
      const api = await composeApi({ config, logger, authKeys: hs256Keys(TEST_SECRET, { issuer: config.jwt.issuer, audience: config.jwt.audience }) });
      const running = await startServer({ app: api.app, host: '127.0.0.1', port: 0, logger, shutdownTimeoutMs: 2000, closeHooks: api.closeHooks });
      api.setDraining(() => running.draining());
      try {
        expect((await checkedFetch(`${running.url}/ready`)).status).to.equal(200);
        await running.shutdown('test');
        const closed = logLines.map((l) => JSON.parse(l) as { msg: string; hook?: string }).filter((l) => l.msg === 'closed').map((l) => l.hook);
        // 'projections' stops the rebuild of outdated projections, then the runner (leased-projections.ts).
        expect(closed).to.deep.equal(['calendar-warnings', 'legal-clock', 'process-managers', 'projections', 'process-checkpoints', 'idempotency-store', 'catalog-keeper', 'calendar-keeper', 'read-models', 'event-store']);
        const error = await api.store.headPosition().then(
          () => null,
          (e: unknown) => e as Error,
        );
        expect(error).to.be.instanceOf(Error);
        await api.close();
      } finally {
        dir.remove();
      }
    });
  });

  it('keeps identity numbers out of the read models, the logs and every answer', async () => {
    const h = await startApi({ date: '2026-06-01' });
    try {
      const id = await submitItem(h, ZHANG, itemBody());
      await done(h, id, 'accept');
      const answers = [await h.get(`${API}/applications/${id}`, ZHANG), await h.get(`${API}/me/applications`, ZHANG), await h.get(`${API}/applications/${id}/history`, CHEN)];
      for (const res of answers) expect(JSON.stringify(res.body)).not.to.contain(ID_NUMBER);
      expect(h.logLines.join('\n')).not.to.contain(ID_NUMBER);
      await h.api.close();
      const files = readdirSync(h.dataDir).filter((f) => f.startsWith('read-models'));
      expect(files.length).to.be.greaterThan(0);
      for (const f of files) expect(readFileSync(path.join(h.dataDir, f)).includes(ID_NUMBER), f).to.equal(false);
    } finally {
      await h.dispose();
    }
  });

  it('refuses to start in production without IDENTITY_HASH_KEY', async () => {
    const dir = tempDir('hrss-compose-');
    try {
      const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dir.dir, JWT_SECRET: TEST_SECRET });
      const error = await composeApi({ config, logger: createLogger({ level: 'silent' }), authKeys: hs256Keys(TEST_SECRET, { issuer: 'i', audience: 'a' }) }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.name).to.equal('MissingIdentityKeyError');
    } finally {
      dir.remove();
    }
  });

  it('refuses to start on read models ahead of their event store (an emptied events.sqlite), naming what to do, writing nothing', async () => {
    const dir = tempDir('hrss-ahead-');
    try {
      const h = await startApi({ date: '2026-06-01', dataDir: dir.dir });
      await submitItem(h);
      await h.dispose();
      const events = path.join(dir.dir, 'events.sqlite');
      for (const suffix of ['-wal', '-shm']) rmSync(events + suffix, { force: true });
      truncateSync(events, 0);
      const error = await startApi({ date: '2026-06-01', dataDir: dir.dir }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.name).to.equal('ReadModelsAheadError');
      expect(error?.message).to.contain("the event store's log ends at 0").and.contain('move read-models.sqlite aside');
      // Nothing was appended to the emptied store (opening it laid out its tables, no more).
      const emptied = createSqliteStore({ path: events, registry: eventRegistry });
      expect(await emptied.headPosition()).to.equal(0);
      await emptied.close();
    } finally {
      dir.remove();
    }
  });

  it('sets a damaged read-model or idempotency file aside, logs it, and rebuilds what it held', async () => {
    const dir = tempDir('hrss-damaged-');
    try {
      const h = await startApi({ date: '2026-06-01', dataDir: dir.dir });
      const id = await submitItem(h);
      await h.dispose();
      for (const name of ['read-models.sqlite', 'idempotency.sqlite']) {
        const file = path.join(dir.dir, name);
        for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
        writeFileSync(file, Buffer.alloc(8192, 0x5a)); // garbage where the SQLite header was
      }
      const again = await startApi({ date: '2026-06-01', dataDir: dir.dir });
      try {
        const set = again.logLines.filter((l) => l.includes('file was damaged: set aside, and rebuilt'));
        expect(set.map((l) => (JSON.parse(l) as { msg: string }).msg)).to.have.members([
          'the read-model file was damaged: set aside, and rebuilt',
          'the idempotency file was damaged: set aside, and rebuilt',
        ]);
        expect(readdirSync(dir.dir).filter((f) => f.includes('.damaged-')).length).to.be.at.least(2);
        expect(bodyAs(StatusView, await again.get(`${API}/applications/${id}`, ZHANG)).applicationId).to.equal(id);
      } finally {
        await again.dispose();
      }
    } finally {
      dir.remove();
    }
  });

  it('a command with an expected revision appends only on that revision, even when the stream moves after it was read', async () => {
    const store = createSqliteStore({ path: ':memory:', registry: eventRegistry });
    const clock = testClock('2026-06-01');
    const options = { store, catalog: loadBuiltinCatalog(), calendar: defaultCalendar(), clock: clock.now };
    const gateway = createCommandHandler(options);
    const applicationId = newAggregateId('c-1');
    const stream = streamIdOf('application', applicationId);
    const meta = (commandId: string) => ({ commandId, correlationId: commandId, actor: { role: 'clerk' as const, id: 'c' }, channel: 'window' as const });
    try {
      const submitted = await gateway.handle(
        'application',
        stream,
        { type: 'submitApplication', applicationId, itemCode: 'SB-014', applicant: { id: 'a', kind: 'individual', name: 'x' }, form: {}, materials: [{ code: 'id-card', source: 'e-licence' }], delivery: { mode: 'electronic' } },
        meta('c-1'),
      );
      expect(submitted.position).to.equal(1);
      const read = await gateway.load('application', stream);
      await gateway.handle('application', stream, { type: 'recordVisit', hall: 'H', purpose: 'consult' }, meta('c-2'));
      // The caller read revision 0 and decides on what it read; the stream is at 1 now: nothing is appended.
      const refuse = (expected: number, loaded?: typeof read) =>
        gateway.handle('application', stream, { type: 'acceptApplication' }, meta('c-3'), { expected, ...(loaded ? { loaded } : {}) }).then(
          () => null,
          (e: unknown) => e,
        );
      for (const refused of [await refuse(0, read), await refuse(0)]) {
        expect(refused).to.be.instanceOf(ConcurrencyError);
        expect((refused as ConcurrencyError).actual).to.equal(1);
      }
      expect(await store.streamRevision(stream)).to.equal(1);
      const accepted = await gateway.handle('application', stream, { type: 'acceptApplication' }, meta('c-4'), { expected: 1 });
      expect(accepted).to.deep.include({ nextRevision: 2, position: 3 });
    } finally {
      await store.close();
    }
  });
});

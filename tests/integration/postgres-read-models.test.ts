import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { decodeBundleCursor, decodeEntryCursor } from '../../infra/read-models/queue-cursor.js';
import type { WorkQueue, WorkQueueQuery } from '../../infra/read-models/work-queue-queries.js';
import fc from 'fast-check';
import pg from 'pg';
import { eventRegistry } from '../../events/index.js';
import { ALL_PROJECTIONS } from '../../infra/read-models/all-projections.js';
import { DIMENSIONS } from '../../projections/metrics/buckets.js';
import { legalClockQueries } from '../../infra/read-models/legal-clock-queries.js';
import { metricsSql } from '../../infra/read-models/metrics-sql.js';
import { openReadModelDb } from '../../infra/read-models/read-model-db.js';
import { createReadModels } from '../../infra/read-models/read-models.js';
import type { ReadModels } from '../../infra/read-models/read-models.js';
import type { ReadModelDb } from '../../infra/read-models/sql-database.js';
import type { SqlProjection } from '../../infra/read-models/sql-projection.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import type { EventStore } from '../../infra/store/port.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import { describePostgres } from '../support/postgres-harness.js';
import { postgresReadModelDatabase } from '../support/postgres-read-models.js';
import { meta, projectionHarness } from '../support/projection-harness.js';
import { dumpReadModels } from '../support/read-model-dump.js';
import { buildHistory, historySpec, ITEMS } from '../support/random-history.js';
import type { HistoryEvent } from '../support/random-history.js';

const calendar = defaultCalendar();

async function appendAll(store: EventStore, events: readonly HistoryEvent[]): Promise<void> {
  for (const e of events) {
    await store.append(e.streamId, [{ type: e.type, data: e.data, metadata: meta(e.on, e.channel, e.role) }], { expectedVersion: 'any' });
  }
}

/** Legal histories of applications, bundles and review tickets across 2020 (the property test's generator, fixed samples), one after the other. */
function history(seed: number): HistoryEvent[] {
  return fc.sample(historySpec, { numRuns: 3, seed }).flatMap((spec) => buildHistory(spec, calendar));
}

/** A queue's second page of each list: the cursor queries (row-value comparison) on both databases. */
function secondPage(readModels: ReadModels, query: WorkQueueQuery): WorkQueue {
  const first = readModels.workQueue(query);
  return readModels.workQueue({
    ...query,
    ...(first.next.open ? { openAfter: decodeEntryCursor(first.next.open)! } : {}),
    ...(first.next.waitingForApplicant ? { waitingAfter: decodeEntryCursor(first.next.waitingForApplicant)! } : {}),
    ...(first.next.bundles ? { bundlesAfter: decodeBundleCursor(first.next.bundles)! } : {}),
  });
}

/** Every query the routes and the legal clock ask, over what the history holds, on two dates. */
function everyAnswer(readModels: ReadModels, db: ReadModelDb, events: readonly HistoryEvent[]): unknown {
  const ids = (field: string) => [...new Set(events.map((e) => e.data[field]).filter((v): v is string => typeof v === 'string'))].sort();
  const departments = [...new Set(ITEMS.map((i) => i.department))];
  const clock = legalClockQueries(db);
  return ['2020-03-02', '2020-10-09'].map((today) => ({
    status: ids('applicationId').map((id) => [readModels.applicationStatus(id, today), readModels.positionedStatus(id, today)]),
    applicants: ids('applicantId').map((id) => [readModels.applicationsOfApplicant(id, today), readModels.bundlesOfApplicant(id, today)]),
    bundles: ids('bundleId').map((id) => readModels.bundleProgress(id, today)),
    tickets: ids('ticketId').map((id) => readModels.positionedTicket(id, today)),
    queues: departments.flatMap((department) => [
      readModels.workQueue({ department, today }),
      readModels.workQueue({ department, hall: 'FS-CC-01', today, limit: 3 }),
      secondPage(readModels, { department, today, limit: 2 }),
      readModels.reviewTickets({ department, status: 'all', today }),
      readModels.overdueWatch({ today, department }),
    ]),
    watch: [readModels.overdueWatch({ today }), readModels.reviewTickets({ status: 'open', today }), readModels.reviewTickets({ status: 'all', appeal: 'none', today, limit: 5 })],
    metrics: DIMENSIONS.flatMap((dimension) => [
      readModels.metrics({ dimension }),
      readModels.metrics({ dimension, byMonth: true, from: '2020-02', to: '2020-11' }),
    ]),
    key: readModels.metrics({ dimension: 'item', key: 'INJURY', byMonth: true }),
    rates: readModels.catalogRates(),
    clock: [clock.intakeNoticeLapsed(today), clock.openOnTheClock()],
  }));
}

/** The metrics projection, failing once at its n-th event as a crash would. */
function crashingOnce(at: number): SqlProjection {
  let seen = 0;
  return {
    ...metricsSql,
    open(db, g, deps) {
      const inner = metricsSql.open(db, g, deps);
      return {
        ...inner,
        apply(event) {
          seen += 1;
          if (seen === at) throw new Error('crash in the middle of a batch');
          inner.apply(event);
        },
      };
    },
  };
}

await describePostgres('read models on PostgreSQL', function (this: Mocha.Suite) {
  this.timeout(120_000);
  const databases: Awaited<ReturnType<typeof postgresReadModelDatabase>>[] = [];
  const database = async () => {
    const d = await postgresReadModelDatabase();
    databases.push(d);
    return d;
  };
  let store: EventStore;
  let events: HistoryEvent[];
  before(async () => {
    events = history(16);
    store = createSqliteStore({ path: ':memory:', registry: eventRegistry });
    await appendAll(store, events);
  });
  after(async () => {
    await store.close();
    for (const d of databases.splice(0)) await d.drop();
  });

  it('answers every query as the SQLite read models do, on the same log', async () => {
    const onSqlite = projectionHarness({ store, db: openReadModelDb(':memory:'), batchSize: 97 });
    const onPostgres = projectionHarness({ store, db: (await database()).open(), batchSize: 97 });
    await onSqlite.runner.catchUp();
    await onPostgres.runner.catchUp();
    expect(events.length).to.be.greaterThan(200);
    expect(onPostgres.runner.checkpoints()).to.deep.equal(onSqlite.runner.checkpoints());
    expect(everyAnswer(onPostgres.readModels, onPostgres.db, events)).to.deep.equal(everyAnswer(onSqlite.readModels, onSqlite.db, events));
    expect(dumpReadModels(onPostgres.db)).to.deep.equal(dumpReadModels(onSqlite.db));
    await onSqlite.close();
    onSqlite.db.close();
    await onPostgres.close();
  });

  it('commits a batch and its checkpoint together: a crash mid-batch leaves neither, and a restart ends as a full build does', async () => {
    const d = await database();
    const db = d.open();
    const projections = ALL_PROJECTIONS.map((p) => (p.name === metricsSql.name ? crashingOnce(70) : p));
    const first = projectionHarness({ store, db, projections, batchSize: 50, commitEvery: 50 });
    const failure = await first.runner.catchUp().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(failure?.message).to.contain('crash');
    expect(new Set(Object.values(first.runner.checkpoints()))).to.deep.equal(new Set([50]));
    const restarted = projectionHarness({ store, db, batchSize: 50 });
    expect(await restarted.runner.catchUp()).to.equal(await store.headPosition());
    const fresh = projectionHarness({ store, db: (await database()).open(), batchSize: 10_000 });
    await fresh.runner.catchUp();
    expect(dumpReadModels(db)).to.deep.equal(dumpReadModels(fresh.db));
  });

  it('rebuilds beside the live generation while events arrive, switches, drops the old tables, and equals an incremental build', async () => {
    const own = createSqliteStore({ path: ':memory:', registry: eventRegistry });
    const split = Math.floor(events.length / 2);
    await appendAll(own, events.slice(0, split));
    const h = projectionHarness({ store: own, db: (await database()).open(), batchSize: 64 });
    h.runner.start();
    expect(await h.runner.waitForPosition(await own.headPosition(), 10_000)).to.equal(true);
    // Queries before the switch, on generation 1's tables (PostgreSQL keeps using the generation it found).
    const queue = (readModels: ReadModels) => ITEMS.map((item) => readModels.workQueue({ department: item.department, today: '2020-10-09' }));
    const clock = legalClockQueries(h.db);
    expect(queue(h.readModels).some((q) => q.counts.open > 0)).to.equal(true);
    clock.openOnTheClock();
    const building = h.runner.rebuild(['metrics', 'work-queue'], { batchSize: 25 });
    const more = appendAll(own, events.slice(split));
    const results = await building;
    await more;
    expect(results.map((r) => [r.name, r.generation, r.replaced])).to.deep.equal([
      ['metrics', 2, 1],
      ['work-queue', 2, 1],
    ]);
    expect(await h.runner.waitForPosition(await own.headPosition(), 10_000)).to.equal(true);
    const tables = h.db
      .prepare<[], string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND (table_name LIKE 'metric%' OR table_name LIKE 'work_item%')")
      .pluck()
      .all();
    expect(tables.length).to.be.greaterThan(0);
    expect(tables.every((t) => t.endsWith('_g2'))).to.equal(true);

    // Incrementally, in small batches with restarts, on another database: the same tables.
    const incremental = (await database()).open();
    for (const batchSize of [5, 13, 1000]) {
      const step = projectionHarness({ store: own, db: incremental, batchSize, commitEvery: batchSize });
      await step.runner.catchUp();
    }
    expect(dumpReadModels(h.db)).to.deep.equal(dumpReadModels(incremental));
    // The same queries after the switch find generation 2's tables: what the incremental build answers.
    expect(queue(h.readModels)).to.deep.equal(queue(createReadModels(incremental, { calendar })));
    expect(clock.openOnTheClock()).to.deep.equal(legalClockQueries(incremental).openOnTheClock());
    await h.close();
    await own.close();
  });

  it('finds a generation built by another version or on another calendar outdated', async () => {
    const db = (await database()).open();
    const h = projectionHarness({ store, db });
    await h.runner.catchUp();
    expect(h.runner.outdated()).to.deep.equal([]);
    const newer = projectionHarness({ store, db, projections: ALL_PROJECTIONS.map((p) => (p.name === 'work-queue' ? { ...p, version: p.version + 1 } : p)) });
    expect(newer.runner.outdated()).to.deep.equal(['work-queue']);
    db.prepare("UPDATE projection_state SET basis = 'another calendar' WHERE name = 'metrics'").run();
    expect(h.runner.outdated()).to.deep.equal(['metrics']);
  });

  it('applies each event once when two runners on two connections share the read models', async () => {
    const d = await database();
    const a = projectionHarness({ store, db: d.open(), batchSize: 7 });
    const b = projectionHarness({ store, db: d.open(), batchSize: 11 });
    await Promise.all([a.runner.catchUp(), b.runner.catchUp(), a.runner.catchUp()]);
    expect(await b.runner.waitForPosition(await store.headPosition(), 1_000)).to.equal(true);
    const fresh = projectionHarness({ store, db: (await database()).open(), batchSize: 10_000 });
    await fresh.runner.catchUp();
    expect(dumpReadModels(a.db)).to.deep.equal(dumpReadModels(fresh.db));
  });

  it('creates its schema safely twice and at once from several processes, and needs no superuser', async () => {
    const d = await database();
    const owner = `hrss_rm_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: d.url });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
      await admin.query(`GRANT ALL ON SCHEMA public TO ${owner}`);
      const url = new URL(d.url);
      url.username = owner;
      const { openPostgresReadModelDb } = await import('../../infra/read-models/postgres-read-model-db.js');
      const opened = [openPostgresReadModelDb({ url: url.toString() }), openPostgresReadModelDb({ url: url.toString() })];
      const runners = opened.map((db) => projectionHarness({ store, db }));
      await Promise.all(runners.map((r) => r.runner.catchUp()));
      expect(runners[0]!.runner.checkpoints()).to.deep.equal(runners[1]!.runner.checkpoints());
      for (const db of opened) db.close();
    } finally {
      await admin.query(`DROP OWNED BY ${owner}`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${owner}`).catch(() => undefined);
      await admin.end();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import sinon from 'sinon';
import { eventRegistry } from '../../events/index.js';
import { ALL_PROJECTIONS } from '../../infra/read-models/all-projections.js';
import { metricsSql } from '../../infra/read-models/metrics-sql.js';
import { openReadModelDb } from '../../infra/read-models/read-model-db.js';
import type { SqlProjection } from '../../infra/read-models/sql-projection.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import type { EventStore } from '../../infra/store/port.js';
import type { ReachedElsewhere } from '../../infra/projections/runner.js';
import { accepted, closed, decided, rated, submitted, visited } from '../support/lifecycle-data.js';
import { meta, projectionHarness } from '../support/projection-harness.js';
import { dumpReadModels } from '../support/read-model-dump.js';

/** Appends n small application histories; returns the last position. */
async function seed(store: EventStore, n: number, month = '2020-06'): Promise<number> {
  let position = 0;
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const day = `${month}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const events = [
      { type: 'ApplicationSubmitted', data: submitted({ applicationId: id, submittedOn: day, department: `D${i % 3}`, channel: i % 2 ? 'window' : 'yueshengshi' }) },
      { type: 'ApplicationAccepted', data: accepted(day, '2020-12-31') },
      { type: 'VisitRecorded', data: visited(day) },
      { type: 'DecisionMade', data: decided(day) },
      { type: 'ApplicationClosed', data: closed(day) },
      { type: 'ApplicationRated', data: rated(day, 1 + (i % 5)) },
    ].map((e) => ({ ...e, metadata: meta(day) }));
    position = (await store.append(`application-${id}`, events, { expectedVersion: 'no_stream' })).position;
  }
  return position;
}

/** Notices passed in this process, as the primary's arrive over IPC in an HTTP worker of serve --workers. */
function inProcessNotices(): ReachedElsewhere & { tell(position: number): void; lose(): void } {
  const reached: ((position: number) => void)[] = [];
  const lost: (() => void)[] = [];
  return {
    onReached: (listener) => void reached.push(listener),
    onLost: (listener) => void lost.push(listener),
    tell: (position) => reached.forEach((listener) => listener(position)),
    lose: () => lost.forEach((listener) => listener()),
  };
}

/** Whether a promise has settled, after the callbacks already due have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

/** The metrics projection, failing once at its n-th event as a crash would. */
function crashingOnce(at: number): { projection: SqlProjection; crashed: () => boolean } {
  let seen = 0;
  let crashed = false;
  const projection: SqlProjection = {
    ...metricsSql,
    open(db, g, deps) {
      const inner = metricsSql.open(db, g, deps);
      return {
        ...inner,
        apply(event) {
          seen += 1;
          if (seen === at && !crashed) {
            crashed = true;
            throw new Error('crash in the middle of a batch');
          }
          inner.apply(event);
        },
      };
    },
  };
  return { projection, crashed: () => crashed };
}

describe('projection runner', () => {
  it('commits a batch and its checkpoint together: a crash mid-batch leaves neither, a restart ends as a full rebuild does', async () => {
    const store = createSqliteStore({ path: ':memory:', registry: eventRegistry });
    const head = await seed(store, 40);
    const db = openReadModelDb(':memory:');
    const crash = crashingOnce(70);
    const projections = ALL_PROJECTIONS.map((p) => (p.name === metricsSql.name ? crash.projection : p));
    const first = projectionHarness({ store, db, projections, batchSize: 50, commitEvery: 50 });
    let failure: unknown;
    await first.runner.catchUp().catch((e: unknown) => (failure = e));
    expect(crash.crashed()).to.equal(true);
    expect((failure as Error).message).to.contain('crash');
    // The first transaction (positions 1–50) committed; the second failed as a whole, every projection's checkpoint with it.
    expect(first.runner.checkpoints()).to.deep.equal({ 'application-status': 50, 'work-queue': 50, 'bundle-progress': 50, metrics: 50, 'catalog-rates': 50, 'review-tickets': 50 });

    const restarted = projectionHarness({ store, db, batchSize: 50 });
    expect(await restarted.runner.catchUp()).to.equal(head);

    const fresh = projectionHarness({ store, batchSize: 1000 });
    await fresh.runner.catchUp();
    expect(dumpReadModels(db)).to.deep.equal(dumpReadModels(fresh.db));
    const [all] = restarted.readModels.metrics({ dimension: 'all' });
    expect(all!.figures.turnaround.count).to.equal(40);
    expect(all!.figures.satisfaction).to.deep.equal({ numerator: 16, denominator: 40, rate: 0.4 });
    await fresh.close();
    await first.close();
    await restarted.close();
    await store.close();
    db.close();
  });

  it('answers read-your-writes: waitForPosition resolves once the command’s position is applied, false on timeout', async () => {
    const h = projectionHarness();
    h.runner.start();
    const id = randomUUID();
    const position = await h.append(`application-${id}`, 'ApplicationSubmitted', submitted({ applicationId: id, submittedOn: '2020-06-01' }), '2020-06-01');
    expect(await h.runner.waitForPosition(position, 2_000)).to.equal(true);
    expect(h.readModels.applicationStatus(id, '2020-06-01')?.state).to.equal('submitted');
    expect(await h.runner.waitForPosition(position + 100, 60)).to.equal(false);
    await h.close();
  });

  it('rebuilds one projection as a new generation beside the live one and switches when caught up', async () => {
    const h = projectionHarness({ batchSize: 64 });
    await seed(h.store, 30);
    h.runner.start();
    await h.runner.waitForPosition(await h.store.headPosition(), 2_000);
    const before = dumpReadModels(h.db);
    const progress: number[] = [];
    // Events keep arriving while the new generation is built; the live runner keeps applying them.
    const building = h.runner.rebuild(['metrics'], { batchSize: 25, onProgress: (p) => progress.push(p) }).then(([r]) => r!);
    const more = seed(h.store, 5, '2020-07');
    const result = await building;
    const head = await more;
    expect(result).to.include({ name: 'metrics', generation: 2, replaced: 1 });
    expect(progress.length).to.be.greaterThan(3);
    expect(await h.runner.waitForPosition(head, 2_000)).to.equal(true);

    const tables = h.db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'metric_%'").pluck().all();
    expect(tables.every((t) => t.endsWith('_g2'))).to.equal(true);
    const fresh = projectionHarness({ store: h.store });
    await fresh.runner.catchUp();
    expect(dumpReadModels(h.db)).to.deep.equal(dumpReadModels(fresh.db));
    expect(dumpReadModels(h.db)).not.to.deep.equal(before);
    expect(h.runner.checkpoints()).to.deep.equal(fresh.runner.checkpoints());
    expect(h.readModels.metrics({ dimension: 'all', byMonth: true }).map((r) => r.month)).to.deep.equal(['2020-06', '2020-07']);
    await fresh.close();
    await h.close();
  });

  it('rebuilds several projections in one pass over the log, one of them resumed further along, and switches them together', async () => {
    const h = projectionHarness({ batchSize: 64 });
    await seed(h.store, 30);
    await h.runner.catchUp();
    const controller = new AbortController();
    await h.runner
      .rebuild(['work-queue'], { batchSize: 25, signal: controller.signal, onProgress: (p) => p >= 75 && controller.abort(new Error('stop')) })
      .catch(() => undefined);
    const reads = sinon.spy(h.store, 'readAll');
    try {
      const results = await h.runner.rebuild(['metrics', 'work-queue', 'application-status'], { batchSize: 25 });
      const head = await h.store.headPosition();
      expect(results.map((r) => [r.name, r.position, r.replaced])).to.deep.equal([
        ['metrics', head, 1],
        ['work-queue', head, 1],
        ['application-status', head, 1],
      ]);
      // 180 events in reads of 25, and one empty read at the end: once, not once per projection.
      expect(reads.callCount).to.equal(Math.ceil(head / 25) + 1);
    } finally {
      reads.restore();
    }
    const fresh = projectionHarness({ store: h.store });
    await fresh.runner.catchUp();
    expect(dumpReadModels(h.db)).to.deep.equal(dumpReadModels(fresh.db));
    await fresh.close();
    await h.close();
  });

  it('stops a rebuild when asked, keeping what it built, and resumes it from there', async () => {
    const h = projectionHarness({ batchSize: 64 });
    await seed(h.store, 30);
    await h.runner.catchUp();
    const before = dumpReadModels(h.db);
    const controller = new AbortController();
    const reached: number[] = [];
    const stopped = await h.runner
      .rebuild(['metrics'], {
        batchSize: 25,
        signal: controller.signal,
        yieldBetweenReads: true,
        onProgress(position) {
          reached.push(position);
          if (position >= 50) controller.abort(new Error('stop'));
        },
      })
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(stopped?.message).to.equal('stop');
    const building = h.db.prepare<[], { generation: number; position: number }>("SELECT generation, position FROM projection_state WHERE name = 'metrics' AND status = 'building'").get();
    expect(building).to.deep.equal({ generation: 2, position: 50 });
    expect(dumpReadModels(h.db), 'the live generation serves on, untouched').to.deep.equal(before);

    const resumed: number[] = [];
    const [result] = await h.runner.rebuild(['metrics'], { batchSize: 25, onProgress: (p) => resumed.push(p) });
    expect(result).to.include({ name: 'metrics', generation: 2, replaced: 1 });
    expect(resumed[0]).to.equal(50);
    const fresh = projectionHarness({ store: h.store });
    await fresh.runner.catchUp();
    expect(dumpReadModels(h.db)).to.deep.equal(dumpReadModels(fresh.db));
    await fresh.close();
    await h.close();
  });

  it('carries on a generation that another runner switched in at an earlier position, with no new event to wake it', async () => {
    const h = projectionHarness();
    const cut = await seed(h.store, 10);
    const head = await seed(h.store, 10, '2020-07');
    h.runner.start();
    expect(await h.runner.waitForPosition(head, 2_000)).to.equal(true);
    // A rebuild elsewhere that saw the log only up to `cut` when it switched.
    const shortSighted: EventStore = {
      ...h.store,
      headPosition: () => Promise.resolve(cut),
      readAll: async (o) => (await h.store.readAll(o)).filter((e) => e.position <= cut),
    };
    const other = projectionHarness({ store: shortSighted, db: h.db });
    expect((await other.runner.rebuild(['application-status']))[0]).to.include({ generation: 2, position: cut });
    expect(h.runner.checkpoints()['application-status']).to.equal(cut);
    expect(await h.runner.waitForPosition(head, 3_000)).to.equal(true);
    expect(h.readModels.applicationsOfApplicant('applicant-1', '2020-07-31')).to.have.length(20);
    await other.close();
    await h.close();
  });

  it('applies each event once when two runners share one read-model file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runner-'));
    try {
      const store = createSqliteStore({ path: join(dir, 'events.db'), registry: eventRegistry, synchronous: 'NORMAL' });
      const head = await seed(store, 25);
      const a = projectionHarness({ store, db: openReadModelDb(join(dir, 'rm.db')), batchSize: 7 });
      const b = projectionHarness({ store, db: openReadModelDb(join(dir, 'rm.db')), batchSize: 11 });
      await Promise.all([a.runner.catchUp(), b.runner.catchUp(), a.runner.catchUp()]);
      expect(await b.runner.waitForPosition(head, 1_000)).to.equal(true);
      const fresh = projectionHarness({ store });
      await fresh.runner.catchUp();
      expect(dumpReadModels(a.db)).to.deep.equal(dumpReadModels(fresh.db));
      for (const x of [a, b, fresh]) await x.close();
      a.db.close();
      b.db.close();
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('read-your-writes notices (serve --workers: the primary applies, the HTTP workers wait)', () => {
    let clock: sinon.SinonFakeTimers | undefined;
    // The waiters' polls are intervals: faked, they fire only when the test moves the clock.
    const fakeIntervals = (): void => void (clock = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
    afterEach(() => clock?.restore());

    it('wakes a waiter on a notice of the applying runner’s commit, without a poll, and not on a notice its checkpoints do not bear out', async () => {
      const applying = projectionHarness();
      const head = await seed(applying.store, 3);
      const notices = inProcessNotices();
      const reading = projectionHarness({ store: applying.store, db: applying.db, reachedElsewhere: notices });
      fakeIntervals();
      const waiting = reading.runner.waitForPosition(head, 10_000);
      // A notice at the waiter's position while the checkpoints are still behind it (a projection catching up):
      // the waiter looks, and waits on.
      notices.tell(head);
      expect(await settled(waiting)).to.equal(false);
      await applying.runner.catchUp();
      // Applied, but no poll comes to look, and no notice yet.
      expect(await settled(waiting)).to.equal(false);
      notices.tell(head);
      expect(await waiting).to.equal(true);
      await reading.close();
      await applying.close();
    });

    it('looks at the checkpoints slowly as a safety net while notices come, at the full rate once they stop', async () => {
      const applying = projectionHarness();
      const first = await seed(applying.store, 2);
      const notices = inProcessNotices();
      const reading = projectionHarness({ store: applying.store, db: applying.db, reachedElsewhere: notices });
      fakeIntervals();
      const early = reading.runner.waitForPosition(first, 10_000);
      await applying.runner.catchUp();
      // Moved elsewhere with no notice (a notice lost): the 25 ms poll is off, the 250 ms one finds it.
      clock!.tick(25);
      expect(await settled(early)).to.equal(false);
      clock!.tick(225);
      expect(await early).to.equal(true);

      notices.lose();
      const head = await seed(applying.store, 2, '2020-07');
      const late = reading.runner.waitForPosition(head, 10_000);
      await applying.runner.catchUp();
      clock!.tick(25);
      expect(await late).to.equal(true);
      await reading.close();
      await applying.close();
    });

    it('tells its listeners the lowest checkpoint once per commit that moved it, not per event', async () => {
      const h = projectionHarness({ batchSize: 50, commitEvery: 50 });
      const head = await seed(h.store, 20);
      const heard: number[] = [];
      const stop = h.runner.onReached((position) => heard.push(position));
      await h.runner.catchUp();
      expect(heard).to.deep.equal([50, 100, head]);
      await h.runner.catchUp();
      expect(heard, 'nothing moved, nothing told').to.have.length(3);

      h.runner.start();
      const id = randomUUID();
      const position = await h.append(`application-${id}`, 'ApplicationSubmitted', submitted({ applicationId: id, submittedOn: '2020-06-01' }), '2020-06-01');
      expect(await h.runner.waitForPosition(position, 5_000)).to.equal(true);
      expect(heard.at(-1)).to.equal(position);

      stop();
      const told = heard.length;
      const next = await h.append(`application-${id}`, 'ApplicationAccepted', accepted('2020-06-02', '2020-12-31'), '2020-06-02');
      expect(await h.runner.waitForPosition(next, 5_000)).to.equal(true);
      expect(heard).to.have.length(told);
      await h.close();
    });
  });
});

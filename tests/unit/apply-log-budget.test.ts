import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import { ALL_PROJECTIONS } from '../../infra/read-models/all-projections.js';
import { createIdentityHasher } from '../../infra/read-models/identity-hash.js';
import { openReadModelDb } from '../../infra/read-models/read-model-db.js';
import { projectionStateStore } from '../../infra/read-models/projection-state.js';
import { createBatchApplier } from '../../infra/projections/apply-batch.js';
import type { BatchApplier } from '../../infra/projections/apply-batch.js';
import { applyLog } from '../../infra/projections/apply-log.js';
import { spanFull } from '../../infra/projections/commit-budget.js';
import type { CommitBudget } from '../../infra/projections/commit-budget.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import type { EventStore } from '../../infra/store/port.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import { accepted, closed, decided, submitted } from '../support/lifecycle-data.js';
import { meta, projectionHarness, TEST_ID_KEY } from '../support/projection-harness.js';
import { dumpReadModels } from '../support/read-model-dump.js';

async function seed(store: EventStore, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const day = `2020-06-${String(1 + (i % 28)).padStart(2, '0')}`;
    const events = [
      { type: 'ApplicationSubmitted', data: submitted({ applicationId: id, submittedOn: day, department: `D${i % 3}` }) },
      { type: 'ApplicationAccepted', data: accepted(day, '2020-12-31') },
      { type: 'DecisionMade', data: decided(day) },
      { type: 'ApplicationClosed', data: closed(day) },
    ].map((e) => ({ ...e, metadata: meta(day) }));
    await store.append(`application-${id}`, events, { expectedVersion: 'no_stream' });
  }
}

/** Replays the store into a fresh read-model database with a budget; returns its rows and the commits made. */
async function replay(store: EventStore, budget: CommitBudget) {
  const db = openReadModelDb(':memory:');
  // The harness's runner creates every projection's first generation, empty, at position 0.
  const harness = projectionHarness({ store, db });
  const deps = { calendar: defaultCalendar(), hashIdentity: createIdentityHasher(TEST_ID_KEY) };
  const applier = createBatchApplier({ db, state: projectionStateStore(db), projections: ALL_PROJECTIONS, deps, status: 'active' });
  let commits = 0;
  let largest = 0;
  const counted: BatchApplier = {
    ...applier,
    get pending() {
      return applier.pending;
    },
    commit() {
      largest = Math.max(largest, applier.cachedRows());
      commits += 1;
      return applier.commit();
    },
  };
  const pass = await applyLog(store, counted, 0, { batchSize: 8, ...budget });
  const rows = dumpReadModels(db);
  await harness.close();
  db.close();
  return { rows, commits, largest, position: pass.position };
}

describe('apply log: when a span commits', () => {
  const applier = (pending: number, rows: number): BatchApplier => ({
    pending,
    cachedRows: () => rows,
    add: () => undefined,
    commit: () => [],
    discard: () => undefined,
  });

  it('commits on enough events, on enough rows held, or on a nearly full heap', () => {
    const room = () => false;
    expect(spanFull(applier(99, 10), { commitEvery: 100, maxCachedRows: 50, memoryFull: room })).to.equal(false);
    expect(spanFull(applier(100, 10), { commitEvery: 100, maxCachedRows: 50, memoryFull: room })).to.equal(true);
    expect(spanFull(applier(1, 50), { commitEvery: 100, maxCachedRows: 50, memoryFull: room })).to.equal(true);
    expect(spanFull(applier(1, 1), { commitEvery: 100, maxCachedRows: 50, memoryFull: () => true })).to.equal(true);
  });

  it('bounds the rows a replay holds, whatever the events per commit, and builds the same read models', async () => {
    const store = createSqliteStore({ path: ':memory:', registry: eventRegistry });
    await seed(store, 30);
    const room = () => false;
    const whole = await replay(store, { commitEvery: 1e9, maxCachedRows: 1e9, memoryFull: room });
    const bounded = await replay(store, { commitEvery: 1e9, maxCachedRows: 12, memoryFull: room });
    const pressed = await replay(store, { commitEvery: 1e9, memoryFull: () => true });
    expect(whole.rows.app_status).to.have.length(30);
    expect(whole.commits).to.equal(1);
    expect(whole.largest).to.be.greaterThan(12);
    // A read of 8 events adds at most 3 rows per event (status, metric facts, work item) past the bound.
    expect(bounded.commits).to.be.greaterThan(3);
    expect(bounded.largest).to.be.lessThan(12 + 3 * 8);
    // Under memory pressure every read commits: 120 events in reads of 8, and the final commit.
    expect(pressed.commits).to.equal(16);
    expect(bounded.rows).to.deep.equal(whole.rows);
    expect(pressed.rows).to.deep.equal(whole.rows);
    expect(bounded.position).to.equal(120);
    await store.close();
  });
});

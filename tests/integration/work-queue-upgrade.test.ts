import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'chai';
import { openReadModelDatabase } from '../../infra/read-models/open-read-models.js';
import { openPostgresReadModelDb } from '../../infra/read-models/postgres-read-model-db.js';
import type { ReadModelDb } from '../../infra/read-models/sql-database.js';
import { projectionStateStore } from '../../infra/read-models/projection-state.js';
import { WORK_QUEUE, workQueueTables } from '../../infra/read-models/work-queue-sql.js';
import { openEventStore } from '../../infra/store/open-event-store.js';
import { projectionHarness } from '../support/projection-harness.js';
import type { Harness } from '../support/projection-harness.js';
import { describePostgres, temporaryDatabase } from '../support/postgres-harness.js';
import { tempDir } from '../support/sqlite-harness.js';
import { accepted, submitted, supplementRequested, visited } from '../support/lifecycle-data.js';

// The work-queue table as version 3 made it: no lane, due_order, submitted_on or provisional columns.
const V3_TABLE = (t: string) => `
  CREATE TABLE ${t} (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL, department TEXT NOT NULL, hall TEXT,
    section TEXT NOT NULL, due_kind TEXT, due_on TEXT, warn_from TEXT, bundle_id TEXT);
  CREATE INDEX ${t}_queue ON ${t} (department, due_on);
  CREATE INDEX ${t}_counts ON ${t} (department, hall, section, due_on, warn_from);`;

async function someWork(h: Harness, bundleId: string): Promise<void> {
  for (const [i, on] of ['2020-03-02', '2020-03-03', '2020-03-04'].entries()) {
    const id = randomUUID();
    const s = `application-${id}`;
    await h.append(s, 'ApplicationSubmitted', submitted({ applicationId: id, department: 'D1', submittedOn: on, ...(i < 2 ? { bundleId } : {}) }), on);
    await h.append(s, 'VisitRecorded', visited(on, 'H1', 'submit'), on);
    if (i === 0) await h.append(s, 'ApplicationAccepted', accepted(on, '2020-03-09'), on);
    if (i === 2) await h.append(s, 'SupplementRequested', supplementRequested(on), on);
  }
}

/** A generation version 3 left, opened by this version: given the columns, served, folded into, then rebuilt. */
async function upgrades(open: () => ReadModelDb): Promise<void> {
  let db = open();
    const store = openEventStore({ backend: 'sqlite', eventsPath: ':memory:' });
    const bundleId = randomUUID();
    let h = projectionHarness({ store, db });
    await someWork(h, bundleId);
    await h.runner.catchUp();
    const today = '2020-03-10';
    const before = h.readModels.workQueue({ department: 'D1', today });
    await h.close();

    // Turn the generation in use into what version 3 left: its table shape and its version.
    let state = projectionStateStore(db);
    const generation = state.activeGeneration(WORK_QUEUE)!;
    const t = workQueueTables(generation).items;
    db.exec(`ALTER TABLE ${t} RENAME TO old_items; DROP INDEX IF EXISTS ${t}_department_order; DROP INDEX IF EXISTS ${t}_hall_order;
      DROP INDEX IF EXISTS ${t}_counts; DROP INDEX IF EXISTS ${t}_watch; DROP INDEX IF EXISTS ${t}_scope_bundles; DROP INDEX IF EXISTS ${t}_bundle;`);
    db.exec(V3_TABLE(t));
    db.exec(`INSERT INTO ${t} (id, doc, department, hall, section, due_kind, due_on, warn_from, bundle_id)
      SELECT id, doc, department, hall, section, due_kind, due_on, warn_from, bundle_id FROM old_items ORDER BY rid; DROP TABLE old_items;`);
    db.prepare(`UPDATE projection_state SET version = 3 WHERE name = ? AND status = 'active'`).run(WORK_QUEUE);

    // A restart: this version opens it. The columns are added and filled, and the queue reads as before.
    db.close();
    db = open();
    h = projectionHarness({ store, db });
    state = projectionStateStore(db);
    try {
      expect(h.runner.outdated()).to.include(WORK_QUEUE);
      const after = h.readModels.workQueue({ department: 'D1', today });
      expect(after).to.deep.equal(before);
      expect(after.bundles.map((b) => b.applicationIds.length)).to.deep.equal([2]);

      // New work folds into it, then the rebuild switches a version-4 generation in with the same queue.
      await someWork(h, randomUUID());
      await h.runner.catchUp();
      const live = h.readModels.workQueue({ department: 'D1', today, limit: 2 });
      expect(live.counts).to.include({ open: 4, waitingForApplicant: 2, bundles: 2 });
      await h.runner.rebuild([WORK_QUEUE]);
      expect(state.activeGeneration(WORK_QUEUE)).to.be.greaterThan(generation);
      expect(h.runner.outdated()).not.to.include(WORK_QUEUE);
      expect(h.readModels.workQueue({ department: 'D1', today, limit: 2 })).to.deep.equal(live);
    } finally {
      await h.close();
      db.close();
      await store.close();
    }
}

describe('work queue read models built by version 3', () => {
  it('are given the new columns at start, serve the queue and take new events until their rebuild switches in', async () => {
    const { dir, remove } = tempDir();
    try {
      await upgrades(() => openReadModelDatabase({ backend: 'sqlite', readModelsPath: join(dir, 'read-models.sqlite') }));
    } finally {
      remove();
    }
  });
});

await describePostgres('work queue read models built by version 3, on PostgreSQL', () => {
  it('are given the new columns at start, serve the queue and take new events until their rebuild switches in', async () => {
    const { url, drop } = await temporaryDatabase();
    try {
      await upgrades(() => openPostgresReadModelDb({ url }));
    } finally {
      await drop();
    }
  });
});

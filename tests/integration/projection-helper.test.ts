import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { eventRegistry } from '../../events/index.js';
import { threadHelper } from '../../infra/composition/projection-helper-thread.js';
import type { HelperRecipe } from '../../infra/composition/projection-helper-thread.js';
import type { HelperTask, ProjectionHelper } from '../../infra/projections/projection-helper.js';
import { createProjectionRunner } from '../../infra/projections/runner.js';
import { ALL_PROJECTIONS } from '../../infra/read-models/all-projections.js';
import { createIdentityHasher } from '../../infra/read-models/identity-hash.js';
import { projectionStateStore } from '../../infra/read-models/projection-state.js';
import type { SqlProjection } from '../../infra/read-models/sql-projection.js';
import { openReadModelDb } from '../../infra/read-models/read-model-db.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import { meta, TEST_ID_KEY } from '../support/projection-harness.js';
import { dumpReadModels } from '../support/read-model-dump.js';
import { buildHistory, historySpec } from '../support/random-history.js';

/*
 * A replay shared with a helper thread (a real worker on real files) gives the same read models as one
 * thread alone, for catch-up and rebuild, and a build stopped half way resumes to the same result.
 */

const calendar = defaultCalendar();
const deps = { calendar, hashIdentity: createIdentityHasher(TEST_ID_KEY) };

describe('projection replay shared with a helper thread', function () {
  this.timeout(120_000);
  let dir: string;
  let eventsPath: string;
  let head: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hrss-helper-'));
    eventsPath = join(dir, 'events.sqlite');
    const store = createSqliteStore({ path: eventsPath, registry: eventRegistry });
    // Several random histories as one: a few hundred applications and their bundles.
    const specs = fc.sample(historySpec, { numRuns: 8, seed: 20261129 });
    const spec = { applications: specs.flatMap((s) => s.applications), bundles: specs.flatMap((s) => s.bundles) };
    for (const e of buildHistory(spec, calendar)) {
      await store.append(e.streamId, [{ type: e.type, data: e.data, metadata: meta(e.on, e.channel, e.role) }], { expectedVersion: 'any' });
    }
    head = await store.headPosition();
    await store.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const recipe = (readModelsPath: string, over: Partial<HelperRecipe> = {}): HelperRecipe => ({
    eventsPath,
    readModelsPath,
    identityKey: TEST_ID_KEY,
    calendarDir: null,
    calendarVersion: calendar.version,
    ...over,
  });

  /** The thread helper, with the tasks it was given kept for the test to look at. */
  const watched = (helper: ProjectionHelper) => {
    const tasks: HelperTask[] = [];
    return { tasks, helper: { can: (p: SqlProjection) => helper.can(p), start: (task: HelperTask) => (tasks.push(task), helper.start(task)) } };
  };

  const open = (name: string, helper?: ProjectionHelper) => {
    const store = createSqliteStore({ path: eventsPath, registry: eventRegistry });
    const db = openReadModelDb(join(dir, name));
    // Small reads and transactions, so both threads commit many times over the history.
    const runner = createProjectionRunner({ store, db, deps, batchSize: 64, commitEvery: 200, ...(helper ? { helper, helperMinEvents: 1 } : {}) });
    return { store, db, runner, close: async () => (await store.close(), db.close()) };
  };

  let alone: Record<string, unknown[]>;
  before(async () => {
    const one = open('alone.sqlite');
    expect(await one.runner.catchUp()).to.equal(head);
    alone = dumpReadModels(one.db);
    await one.close();
  });

  it('has a history big enough to share', () => {
    expect(head).to.be.greaterThan(500);
    expect(alone.app_status!.length).to.be.greaterThan(20);
  });

  it('catches up to the same read models as one thread, the helper taking its share', async () => {
    const { tasks, helper } = watched(threadHelper(recipe(join(dir, 'shared.sqlite'))));
    const two = open('shared.sqlite', helper);
    try {
      expect(await two.runner.catchUp()).to.equal(head);
      expect(tasks).to.have.length(1);
      expect(tasks[0]!.status).to.equal('active');
      // The heaviest projection stays on this thread; the helper gets the others that balance it.
      expect(tasks[0]!.names).to.not.include('application-status');
      expect(tasks[0]!.names).to.include('metrics');
      expect(Object.values(two.runner.checkpoints())).to.deep.equal(ALL_PROJECTIONS.map(() => head));
      expect(dumpReadModels(two.db)).to.deep.equal(alone);
    } finally {
      await two.close();
    }
  });

  it('rebuilds every projection to the same read models, and a stopped build resumes to them', async () => {
    const path = join(dir, 'rebuilt.sqlite');
    const { tasks, helper } = watched(threadHelper(recipe(path)));
    const env = open('rebuilt.sqlite', helper);
    try {
      await env.runner.catchUp();
      const names = ALL_PROJECTIONS.map((p) => p.name);
      const stop = new AbortController();
      const stopped = await env.runner
        // Stopped as it starts: this thread stops before its first read; the helper may get some way first.
        .rebuild(names, { onProgress: () => stop.abort(new Error('stopped')), signal: stop.signal })
        .then(() => null, (error: unknown) => error);
      expect(stopped).to.be.instanceOf(Error).with.property('message', 'stopped');
      const building = projectionStateStore(env.db).slots('building');
      expect(building).to.have.length(names.length);
      expect(Math.min(...building.map((slot) => slot.position))).to.be.lessThan(head);

      const results = await env.runner.rebuild(names);
      expect(results.map((r) => r.position)).to.deep.equal(names.map(() => head));
      expect(tasks.map((t) => t.status)).to.deep.equal(['active', 'building', 'building']);
      expect(dumpReadModels(env.db)).to.deep.equal(alone);
    } finally {
      await env.close();
    }
  });

  it("fails the catch-up when the helper cannot start: this thread's share commits, the helper's projections stay put", async () => {
    const path = join(dir, 'refused.sqlite');
    const env = open('refused.sqlite', threadHelper(recipe(path, { calendarVersion: 'another-calendar' })));
    try {
      const failure = await env.runner.catchUp().then(() => null, (error: unknown) => error);
      expect(failure).to.be.instanceOf(Error);
      expect((failure as Error).message).to.match(/projection helper .*calendar .* another-calendar/);
      // This thread's share went on and committed; the helper's projections did not move.
      const checkpoints = env.runner.checkpoints();
      expect(checkpoints['application-status']).to.equal(head);
      expect(checkpoints.metrics).to.equal(0);
    } finally {
      await env.close();
    }
  });
});

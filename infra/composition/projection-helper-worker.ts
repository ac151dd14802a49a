import { parentPort, workerData } from 'node:worker_threads';
import { defaultCalendar } from '../../services/calendar/index.js';
import { createBatchApplier } from '../projections/apply-batch.js';
import { applyLog } from '../projections/apply-log.js';
import { ALL_PROJECTIONS } from '../read-models/all-projections.js';
import { createIdentityHasher } from '../read-models/identity-hash.js';
import { projectionStateStore } from '../read-models/projection-state.js';
import { openReadModelDatabase } from '../read-models/open-read-models.js';
import { openEventStore } from '../store/open-event-store.js';
import { calendarOverrides } from '../application/calendar-files.js';
import { calendarInLog } from '../application/calendar-keeper.js';
import type { HelperOutcome, HelperWorkerData } from './projection-helper-thread.js';

/**
 * The helper thread of a long replay (projection-helper-thread.ts): opens the event store and the read
 * models on its own connections, applies its share of the projections from their checkpoints to the end
 * of the log, and says how far it got.
 */
async function run({ recipe, task, shared }: HelperWorkerData): Promise<number> {
  const progress = new BigInt64Array(shared, 0, 1);
  const stopFlag = new Int32Array(shared, 8, 1);
  // The store the process opened: its configuration, or SQLite at the recipe's files.
  const files = recipe.store ?? ({ backend: 'sqlite', eventsPath: recipe.eventsPath, readModelsPath: recipe.readModelsPath } as const);
  const store = openEventStore(files);
  const calendar = recipe.calendarDir === null ? defaultCalendar() : await calendarInLog(store, calendarOverrides(recipe.calendarDir));
  if (calendar.version !== recipe.calendarVersion) {
    await store.close();
    throw new Error(`the helper loaded calendar ${calendar.version}, the process projects with ${recipe.calendarVersion}`);
  }
  const db = openReadModelDatabase(files);
  try {
    const state = projectionStateStore(db);
    const only = new Set(task.names);
    const slots = state.slots(task.status).filter((slot) => only.has(slot.name));
    if (slots.length === 0) return 0;
    const deps = { calendar, hashIdentity: createIdentityHasher(recipe.identityKey) };
    const applier = createBatchApplier({ db, state, projections: ALL_PROJECTIONS, deps, status: task.status, only });
    const result = await applyLog(store, applier, Math.min(...slots.map((slot) => slot.position)), {
      batchSize: task.batchSize,
      commitEvery: task.commitEvery,
      onRead: (position) => void Atomics.store(progress, 0, BigInt(position)),
      stopped: () => Atomics.load(stopFlag, 0) === 1,
    });
    return result.position;
  } finally {
    await store.close();
    db.close();
  }
}

const port = parentPort;
if (!port) throw new Error('projection-helper-worker runs as a worker thread');
run(workerData as HelperWorkerData).then(
  (position) => port.postMessage({ type: 'done', position } satisfies HelperOutcome),
  (error: unknown) => {
    const outcome: HelperOutcome =
      error instanceof Error ? { type: 'failed', message: error.message, ...(error.stack ? { stack: error.stack } : {}) } : { type: 'failed', message: String(error) };
    port.postMessage(outcome);
  },
);

import type { StoreConfig } from '../config/app-config.js';
import { startModuleWorker } from '../store/module-worker.js';
import { ALL_PROJECTIONS } from '../read-models/all-projections.js';
import type { HelperRun, HelperTask, ProjectionHelper } from '../projections/projection-helper.js';

/** What a helper thread needs to open the same files and fold events the same way as this process. */
export interface HelperRecipe {
  eventsPath: string;
  readModelsPath: string;
  /** The configured store when it is not SQLite at these paths (the log on PostgreSQL): the helper opens the same. */
  store?: StoreConfig;
  /** The identity-number hash key (never leaves the process). */
  identityKey: string;
  /** The data directory whose calendar overrides apply (calendar-files.ts); the shipped calendar when null. */
  calendarDir: string | null;
  /** The calendar version this process projects with: a helper that loads another one refuses to start. */
  calendarVersion: string;
}

/** What the worker is started with. */
export interface HelperWorkerData {
  recipe: HelperRecipe;
  task: HelperTask;
  /** Bytes 0–7: the position read so far (BigInt64, written by the worker); bytes 8–11: the stop flag (Int32, set here). */
  shared: SharedArrayBuffer;
}

/** The worker's last word before it exits. */
export type HelperOutcome = { type: 'done'; position: number } | { type: 'failed'; message: string; stack?: string };

/**
 * A helper that runs each share of a replay in a worker thread. Progress and the stop request go through
 * shared memory, not messages: the thread that started it may be busy applying its own share and not
 * reach its event loop until it is done.
 */
export function threadHelper(recipe: HelperRecipe): ProjectionHelper {
  return {
    can: (projection) => ALL_PROJECTIONS.includes(projection),
    start(task): HelperRun {
      const shared = new SharedArrayBuffer(16);
      const progress = new BigInt64Array(shared, 0, 1);
      const stopFlag = new Int32Array(shared, 8, 1);
      const data: HelperWorkerData = { recipe, task: { ...task, names: [...task.names] }, shared };
      const worker = startModuleWorker(import.meta.url, 'projection-helper-worker', data);
      const done = new Promise<number>((resolve, reject) => {
        let outcome: HelperOutcome | undefined;
        let crash: Error | undefined;
        worker.on('message', (message: HelperOutcome) => (outcome = message));
        worker.on('error', (error) => (crash = error));
        // Settled on exit, not on the message: by then the worker has closed its connections.
        worker.on('exit', (code) => {
          if (outcome?.type === 'done') return resolve(outcome.position);
          if (outcome?.type === 'failed') {
            const error = new Error(`projection helper (${task.names.join(', ')}): ${outcome.message}`);
            if (outcome.stack) error.stack = `${error.message}\n${outcome.stack}`;
            return reject(error);
          }
          reject(crash ?? new Error(`projection helper (${task.names.join(', ')}) exited with code ${code} before finishing`));
        });
      });
      return {
        position: () => Number(Atomics.load(progress, 0)),
        stop: () => void Atomics.store(stopFlag, 0, 1),
        done,
      };
    },
  };
}

import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StoreConfig } from '../config/app-config.js';
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

// Beside this file: .ts when run from source through tsx, .js once compiled.
const here = fileURLToPath(import.meta.url);
const workerUrl = new URL(`./projection-helper-worker${extname(here)}`, import.meta.url);

/**
 * Compiled (dist/, production), the worker is the .js module beside this file, started as is. From source
 * (development, tests) it is .ts, and a worker does not inherit its process's loaders (tsx#354: its entry
 * is loaded before any --import runs), so an evaluated bootstrap registers tsx first, then imports it.
 */
function startWorker(workerData: HelperWorkerData): Worker {
  if (extname(here) !== '.ts') return new Worker(workerUrl, { workerData });
  const bootstrap = `import(${JSON.stringify(tsxApiUrl())}).then((api) => { api.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** tsx's ESM register API (its "import" export); where this module was itself loaded as CommonJS (mocha), beside the "require" one. */
function tsxApiUrl(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  return pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
}

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
      const worker = startWorker(data);
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

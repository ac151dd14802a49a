import type Database from 'better-sqlite3';
import { eventRegistry } from '../../events/index.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import { createProjectionRunner } from '../projections/runner.js';
import type { ProjectionRunner } from '../projections/runner.js';
import type { ProjectionHelper } from '../projections/projection-helper.js';
import type { EventStore } from '../store/port.js';
import { createSqliteStore } from '../store/sqlite-store.js';
import { createIdentityHasher } from './identity-hash.js';
import { openReadModelDb } from './read-model-db.js';
import { createReadModels } from './read-models.js';
import type { ReadModels } from './read-models.js';

/** Used only when no key is configured: fine for a laptop, never for a bureau (the CLI says so). */
export const DEVELOPMENT_IDENTITY_KEY = 'development-only-identity-hash-key';

export interface ProjectionEnvOptions {
  eventsPath: string;
  readModelsPath: string;
  /** The HMAC key for identity numbers: every process writing the same read models must use the same one. */
  identityKey: string;
  batchSize?: number;
  /** The working-day calendar with the data directory's overrides (infra/composition/calendar-files.ts); the shipped one if left out. */
  calendar?: WorkCalendar;
  /** A helper thread for long catch-ups and rebuilds (infra/composition/projection-helper-thread.ts). */
  helper?: ProjectionHelper;
}

export interface ProjectionEnv {
  store: EventStore;
  db: Database.Database;
  runner: ProjectionRunner;
  readModels: ReadModels;
  close(): Promise<void>;
}

/** The SQLite event store, the read-model database beside it, the runner and the queries, wired together. */
export function openProjectionEnv(options: ProjectionEnvOptions): ProjectionEnv {
  const store = createSqliteStore({ path: options.eventsPath, registry: eventRegistry });
  const db = openReadModelDb(options.readModelsPath);
  const calendar = options.calendar ?? defaultCalendar();
  const runner = createProjectionRunner({
    store,
    db,
    deps: { calendar, hashIdentity: createIdentityHasher(options.identityKey) },
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.helper ? { helper: options.helper } : {}),
  });
  return {
    store,
    db,
    runner,
    readModels: createReadModels(db, { calendar }),
    async close() {
      await runner.stop();
      await store.close();
      db.close();
    },
  };
}

import type { ReadModelDb } from '../read-models/sql-database.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import type { StoreConfig } from '../config/app-config.js';
import { createProjectionRunner } from '../projections/runner.js';
import type { ProjectionRunner } from '../projections/runner.js';
import type { ProjectionHelper } from '../projections/projection-helper.js';
import { createIdentityHasher } from '../read-models/identity-hash.js';
import { openReadModelDatabase } from '../read-models/open-read-models.js';
import { createReadModels } from '../read-models/read-models.js';
import type { ReadModels } from '../read-models/read-models.js';
import { openEventStore } from '../store/open-event-store.js';
import type { EventStore } from '../store/port.js';

/** Used only when no key is configured: fine for a laptop, never for a bureau (the CLI says so). */
export const DEVELOPMENT_IDENTITY_KEY = 'development-only-identity-hash-key';

export interface ProjectionEnvOptions {
  /** The event store and the read models to open (`config.store`). */
  store: StoreConfig;
  /** The HMAC key for identity numbers: every process writing the same read models must use the same one. */
  identityKey: string;
  batchSize?: number;
  /** The working-day calendar with the data directory's overrides (calendar-files.ts); the shipped one if left out. */
  calendar?: WorkCalendar;
  /** A helper thread for long catch-ups and rebuilds (projection-helper-thread.ts). */
  helper?: ProjectionHelper;
}

export interface ProjectionEnv {
  store: EventStore;
  db: ReadModelDb;
  runner: ProjectionRunner;
  readModels: ReadModels;
  close(): Promise<void>;
}

/** The configured event store, the read-model database beside it, the runner and the queries, wired together. */
export function openProjectionEnv(options: ProjectionEnvOptions): ProjectionEnv {
  const store = openEventStore(options.store);
  const db = openReadModelDatabase(options.store);
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

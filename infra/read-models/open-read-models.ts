import type Database from 'better-sqlite3';
import type { StoreConfig } from '../config/app-config.js';
import { openReadModelDb } from './read-model-db.js';

/** What opening the read models takes: the store part of the configuration (`config.store`). */
export type ReadModelSettings = Pick<StoreConfig, 'backend' | 'readModelsPath'>;

/**
 * The one place the read-model database is opened, beside the event store the same configuration names:
 * the API, the CLI, the seed and the projection helper thread come through here.
 */
export function openReadModelDatabase(settings: ReadModelSettings): Database.Database {
  switch (settings.backend) {
    case 'sqlite':
      return openReadModelDb(settings.readModelsPath);
    case 'postgres':
      // With the log on PostgreSQL each process keeps its read models in its own SQLite file, built from the
      // shared log; read models on PostgreSQL are to come (issue 16).
      return openReadModelDb(settings.readModelsPath);
    case 'eventstoredb':
      // EventStoreDB holds events only: the read models stay in the instance's SQLite file, as for postgres.
      return openReadModelDb(settings.readModelsPath);
    default: {
      // The configuration admits only the backends above (config-schema.ts): a new one fails to compile here.
      const unknown: never = settings.backend;
      throw new Error(`STORE=${String(unknown)}: no read-model database for this backend`);
    }
  }
}

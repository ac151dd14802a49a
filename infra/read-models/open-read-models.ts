import type { StoreConfig } from '../config/app-config.js';
import { openPostgresReadModelDb } from './postgres-read-model-db.js';
import { openReadModelDb } from './read-model-db.js';
import type { ReadModelDb } from './sql-database.js';

/** What opening the read models takes: the store part of the configuration (`config.store`). */
export type ReadModelSettings = Pick<StoreConfig, 'backend' | 'readModelsPath' | 'readModelsOn' | 'databaseUrl' | 'statementTimeoutMs'>;

/** Whether the read models of this configuration are on the PostgreSQL server, shared by every instance on it. */
export function sharedReadModels(settings: ReadModelSettings): boolean {
  return settings.backend === 'postgres' && settings.readModelsOn !== 'sqlite';
}

/**
 * The one place the read-model database is opened, beside the event store the same configuration names:
 * the API, the CLI, the seed and the projection helper thread come through here.
 */
export function openReadModelDatabase(settings: ReadModelSettings): ReadModelDb {
  switch (settings.backend) {
    case 'sqlite':
      return openReadModelDb(settings.readModelsPath);
    case 'postgres':
      // READ_MODELS=sqlite: each instance's own file, built from the shared log.
      if (!sharedReadModels(settings)) return openReadModelDb(settings.readModelsPath);
      // Beside the log, shared by every instance: one of them applies the log (the projection lease), all read.
      if (!settings.databaseUrl) throw new Error('STORE=postgres needs DATABASE_URL for the read models');
      return openPostgresReadModelDb({
        url: settings.databaseUrl,
        ...(settings.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: settings.statementTimeoutMs }),
      });
    case 'eventstoredb':
      // EventStoreDB holds events only: the read models stay in the instance's SQLite file.
      return openReadModelDb(settings.readModelsPath);
    default: {
      // The configuration admits only the backends above (config-schema.ts): a new one fails to compile here.
      const unknown: never = settings.backend;
      throw new Error(`STORE=${String(unknown)}: no read-model database for this backend`);
    }
  }
}

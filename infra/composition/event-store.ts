import { eventRegistry } from '../../events/index.js';
import type { AppConfig } from '../config/app-config.js';
import { dataFiles } from '../config/data-files.js';
import type { EventStore } from '../store/port.js';
import { createSqliteStore } from '../store/sqlite-store.js';

/**
 * The event store the configuration names. SQLite (DATA_DIR/events.sqlite, the file `seed`, `rebuild` and
 * `report` use too) is the one wired so far; the others fail loudly rather than fall back.
 */
export function openEventStore(config: Pick<AppConfig, 'store' | 'dataDir'>): EventStore {
  if (config.store.backend !== 'sqlite') {
    throw new Error(`STORE=${config.store.backend} is not wired into the API yet; use STORE=sqlite`);
  }
  return createSqliteStore({ path: dataFiles(config.dataDir).events, registry: eventRegistry, groupCommit: true });
}

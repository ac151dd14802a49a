import { eventRegistry } from '../../events/index.js';
import type { EventRegistry } from '../../events/index.js';
import type { StoreConfig } from '../config/app-config.js';
import { createEventStoreDbStore } from './eventstoredb-store.js';
import type { EventStore } from './port.js';
import { createPostgresStore } from './postgres-store.js';
import { createSqliteStore } from './sqlite-store.js';
import { createSqliteThreadStore } from './sqlite-thread-store.js';
import { createForwardingStore } from './forwarding-store.js';
import type { WriterLink } from './forwarding-store.js';
import type { SqliteStoreOptions } from './sqlite-store.js';

/**
 * What opening the event store takes: the store part of the configuration (`config.store`: the backend
 * and where its log is) and the tuning a caller asks for, such as the seed's big commit groups.
 */
export interface EventStoreSettings extends Pick<StoreConfig, 'backend' | 'eventsPath' | 'databaseUrl' | 'poolMax' | 'statementTimeoutMs' | 'eventStoreUrl' | 'eventStoreDeadlineMs'> {
  /** Share one transaction among appends waiting at the same time (the API, the seed); none by default. */
  groupCommit?: SqliteStoreOptions['groupCommit'];
  /** FULL (default): an acknowledged append survives power loss. NORMAL for benches and throwaway stores. */
  synchronous?: SqliteStoreOptions['synchronous'];
  /** How often live subscriptions look for appends made by other processes. */
  pollIntervalMs?: number;
  /** The event types the store accepts; the application's registry by default. */
  registry?: EventRegistry;
  /**
   * SQLite: append on a writer thread (sqlite-thread-store.ts), so the disk writes leave the caller's event
   * loop; the server's choice (STORE_WRITER_THREAD). Ignored for `:memory:` and the server backends.
   */
  writerThread?: boolean;
  /** SQLite: the appends are made elsewhere (the primary process of `serve --workers`); this store reads. */
  appendVia?: WriterLink;
}

/**
 * The one place an event store is opened: the API, every CLI command, the seed and the projection helper
 * thread come through here, so the configured backend is the one they all get.
 */
export function openEventStore(settings: EventStoreSettings): EventStore {
  switch (settings.backend) {
    case 'sqlite': {
      const options = {
        path: settings.eventsPath,
        registry: settings.registry ?? eventRegistry,
        ...(settings.groupCommit !== undefined ? { groupCommit: settings.groupCommit } : {}),
        ...(settings.synchronous !== undefined ? { synchronous: settings.synchronous } : {}),
        ...(settings.pollIntervalMs !== undefined ? { pollIntervalMs: settings.pollIntervalMs } : {}),
      };
      if (settings.appendVia) return createForwardingStore(options, settings.appendVia);
      return settings.writerThread === true && settings.eventsPath !== ':memory:' ? createSqliteThreadStore(options) : createSqliteStore(options);
    }
    case 'postgres': {
      if (!settings.databaseUrl) throw new Error('STORE=postgres needs DATABASE_URL');
      return createPostgresStore({
        url: settings.databaseUrl,
        registry: settings.registry ?? eventRegistry,
        ...(settings.poolMax !== undefined ? { poolMax: settings.poolMax } : {}),
        ...(settings.statementTimeoutMs !== undefined ? { statementTimeoutMs: settings.statementTimeoutMs } : {}),
        ...(settings.pollIntervalMs !== undefined ? { pollIntervalMs: settings.pollIntervalMs } : {}),
        ...(typeof settings.groupCommit === 'object' && settings.groupCommit.maxBatch !== undefined ? { maxBatch: settings.groupCommit.maxBatch } : {}),
      });
    }
    case 'eventstoredb': {
      if (!settings.eventStoreUrl) throw new Error('STORE=eventstoredb needs EVENTSTORE_URL');
      return createEventStoreDbStore({
        url: settings.eventStoreUrl,
        registry: settings.registry ?? eventRegistry,
        ...(settings.eventStoreDeadlineMs !== undefined ? { deadlineMs: settings.eventStoreDeadlineMs } : {}),
        ...(settings.pollIntervalMs !== undefined ? { pollIntervalMs: settings.pollIntervalMs } : {}),
      });
    }
    default: {
      // The configuration admits only the backends above (config-schema.ts): a new one fails to compile here.
      const unknown: never = settings.backend;
      throw new Error(`STORE=${String(unknown)}: no event store adapter for this backend`);
    }
  }
}

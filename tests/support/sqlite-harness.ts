import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventRegistry } from '../../events/index.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import type { SqliteStoreOptions } from '../../infra/store/sqlite-store.js';
import type { StoreFactory } from '../contract/event-store-contract.js';
import { storeOnSharedStorage } from './store-under-test.js';

export type SqliteTestOptions = Omit<SqliteStoreOptions, 'path' | 'registry'>;

/** A temporary directory under os.tmpdir(), removed by the returned function. */
export function tempDir(prefix = 'hrss-store-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A store on a fresh file: reopened after a "restart", shared by a second client. */
export function sqliteFileStore(options: SqliteTestOptions = {}): StoreFactory {
  return () => {
    const { dir, remove } = tempDir();
    const path = join(dir, 'events.db');
    return Promise.resolve(storeOnSharedStorage(() => createSqliteStore({ path, registry: eventRegistry, pollIntervalMs: 50, ...options }), remove, true));
  };
}

/** A `:memory:` store: gone when closed, so no restart and no second client. */
export function sqliteMemoryStore(options: SqliteTestOptions = {}): StoreFactory {
  return () => {
    const store = createSqliteStore({ path: ':memory:', registry: eventRegistry, ...options });
    return Promise.resolve({ store, gapFree: true, dispose: () => store.close() });
  };
}

/** Events committed in the store file at `path`, as another connection (another process) sees them. */
export function committedEvents(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], number>('SELECT COUNT(*) FROM events').pluck().get()!;
  } finally {
    db.close();
  }
}

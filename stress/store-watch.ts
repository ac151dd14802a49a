import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dumpReadModels } from '../tests/support/read-model-dump.js';

/** Where the store stands: the log's head, and SQLite's data_version of the event-store and read-model files. */
export interface StoreMark {
  head: number;
  events: number;
  readModels: number;
}

/**
 * Watches a running server's SQLite files from beside it, read-only. data_version changes whenever another
 * connection commits to the file, so two equal marks mean nothing was written in between, however small
 * (a checkpoint, a command row): cheap enough to take around every request. The dump compares content.
 */
export interface StoreWatch {
  mark(): StoreMark;
  /** Every read-model row (tests/support/read-model-dump.ts). */
  dump(): Record<string, unknown[]>;
  /** The event store, read-only, for looking things up. */
  events: Database.Database;
  close(): void;
}

export const sameMark = (a: StoreMark, b: StoreMark): boolean => a.head === b.head && a.events === b.events && a.readModels === b.readModels;

export function watchStore(dataDir: string): StoreWatch {
  const events = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  const readModels = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true, fileMustExist: true });
  const head = events.prepare<[], number>('SELECT COALESCE(MAX(position), 0) FROM events').pluck();
  const version = (db: Database.Database): number => db.pragma('data_version', { simple: true }) as number;
  return {
    mark: () => ({ head: head.get()!, events: version(events), readModels: version(readModels) }),
    dump: () => dumpReadModels(readModels),
    events,
    close() {
      events.close();
      readModels.close();
    },
  };
}

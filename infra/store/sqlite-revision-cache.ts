import type Database from 'better-sqlite3';

/**
 * The last revision of recently written streams, so an append need not look it up. Only what this connection
 * committed is remembered, and all of it is forgotten as soon as another connection (another process) has
 * committed: SQLite's data_version tells, checked once per write transaction while the write lock is held.
 */
export interface RevisionCache {
  /** At the start of a write transaction: forget everything if another connection committed since (then true). */
  revalidate(): boolean;
  /** The stream's last revision if known; undefined when it must be read. */
  get(streamId: string): number | undefined;
  /** Records a write of the open transaction; seen by `get` at once, kept only by `commit`. */
  stage(streamId: string, revision: number): void;
  commit(): void;
  rollback(): void;
}

export function createRevisionCache(db: Database.Database, capacity = 10_000): RevisionCache {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const committed = new Map<string, number>();
  const staged = new Map<string, number>();
  let seenVersion: number | undefined;

  return {
    revalidate() {
      const version = dataVersion.get();
      const changed = version !== seenVersion;
      if (changed) committed.clear();
      seenVersion = version;
      return changed;
    },
    get: (streamId) => staged.get(streamId) ?? committed.get(streamId),
    stage(streamId, revision) {
      staged.set(streamId, revision);
    },
    commit() {
      for (const [streamId, revision] of staged) {
        // Delete first so the insertion order stays the order of use: the oldest entry goes when full.
        committed.delete(streamId);
        committed.set(streamId, revision);
      }
      staged.clear();
      while (committed.size > capacity) committed.delete(committed.keys().next().value!);
    },
    rollback() {
      staged.clear();
    },
  };
}

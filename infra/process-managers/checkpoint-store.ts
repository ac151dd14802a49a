import Database from 'better-sqlite3';

/** Where a process manager keeps the position of the last event it has handled. */
export interface CheckpointStore {
  /** 0 when the process has never run. */
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
  close(): Promise<void>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS process_checkpoints (
  name       TEXT    PRIMARY KEY,
  position   INTEGER NOT NULL,
  updated_at TEXT    NOT NULL
) WITHOUT ROWID;
`;

/**
 * Checkpoints in a SQLite table: in the event store's own file (its own table, through a second connection;
 * the store runs WAL so both can work) or in a file of their own. `:memory:` lives as long as the object.
 */
export function createSqliteCheckpointStore(path: string): CheckpointStore {
  const db = new Database(path, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  // No fsync per save: a checkpoint lost to a power cut only makes the process handle its last events again,
  // and its reactions carry deterministic command ids, which append nothing the second time
  // (tests/integration/bundle-process.test.ts: restarts from an older checkpoint). In WAL, a later durable
  // commit of the event store on the same file syncs these frames too.
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  const read = db.prepare<[string], { position: number }>('SELECT position FROM process_checkpoints WHERE name = ?');
  const write = db.prepare<[string, number, string]>(
    'INSERT INTO process_checkpoints (name, position, updated_at) VALUES (?, ?, ?) ' +
      'ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at',
  );
  let closed = false;
  // better-sqlite3 is synchronous; running each call in a promise turns every throw into a rejection.
  const later = <T>(work: () => T): Promise<T> =>
    Promise.resolve().then(() => {
      if (closed) throw new Error('checkpoint store is closed');
      return work();
    });
  return {
    load: (name) => later(() => read.get(name)?.position ?? 0),
    save: (name, position) =>
      later(() => {
        if (!Number.isInteger(position) || position < 0) throw new RangeError(`a checkpoint is a position ≥ 0, not ${position}`);
        write.run(name, position, new Date().toISOString());
      }),
    close: () => {
      if (!closed) {
        closed = true;
        db.close();
      }
      return Promise.resolve();
    },
  };
}

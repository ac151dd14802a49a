import Database from 'better-sqlite3';

/**
 * The read-model database: SQLite, a file of its own beside the event store (or `:memory:` in tests).
 * Read models can always be rebuilt from the log, but a batch and its checkpoint still commit together,
 * so NORMAL sync is enough: a commit lost to power failure loses its checkpoint with it and is replayed.
 */
export function openReadModelDb(path: string): Database.Database {
  const db = new Database(path, { timeout: 10_000 });
  try {
    // 8 KiB pages (before the first table): documents of a few hundred bytes to 2 KiB pack better, fewer splits.
    db.pragma('page_size = 8192');
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -16384');
    // Checkpoint the WAL every 32 MB instead of 4 MB: a replay writes big batches, each commit would checkpoint.
    db.pragma('wal_autocheckpoint = 8192');
    db.pragma('temp_store = MEMORY');
    db.exec(`
      CREATE TABLE IF NOT EXISTS projection_state (
        name       TEXT    NOT NULL,
        generation INTEGER NOT NULL,
        status     TEXT    NOT NULL CHECK (status IN ('active', 'building')),
        -- The projection code version that built this generation: a newer code version calls for a rebuild.
        version    INTEGER NOT NULL,
        position   INTEGER NOT NULL,
        -- What beyond the log the fold counted on (the calendar version for the metrics): another calls for a recount.
        basis      TEXT,
        updated_at TEXT    NOT NULL,
        PRIMARY KEY (name, generation)
      ) WITHOUT ROWID;
    `);
    // A database made before the column: its generations count as built on an unknown basis.
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(projection_state)').all();
    if (!columns.some((c) => c.name === 'basis')) db.exec('ALTER TABLE projection_state ADD COLUMN basis TEXT');
    // Reads the checkpoints once: a damaged file says so here (SQLITE_CORRUPT) rather than at the first request.
    db.prepare('SELECT COUNT(*) FROM projection_state').pluck().get();
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

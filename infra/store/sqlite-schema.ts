import Database from 'better-sqlite3';

/** The layout of the SQLite event store file; `user_version` records it so a later layout can migrate. */
export const SQLITE_SCHEMA_VERSION = 1;

// position is the rowid. Rows are never deleted, so SQLite hands out max(rowid) + 1 without AUTOINCREMENT,
// and a rolled-back insert gives its rowid back: the global log has no holes.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  event_id       TEXT    NOT NULL UNIQUE,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
-- A command id answered once: a retry returns this result and appends nothing.
CREATE TABLE IF NOT EXISTS commands (
  command_id    TEXT    PRIMARY KEY,
  stream_id     TEXT    NOT NULL,
  next_revision INTEGER NOT NULL,
  position      INTEGER NOT NULL
) WITHOUT ROWID;
`;

export type SqliteSynchronous = 'FULL' | 'NORMAL';

/** Opens (creating if need be) the store file: WAL, the chosen durability, the schema. */
export function openSqliteDatabase(path: string, synchronous: SqliteSynchronous): Database.Database {
  const db = new Database(path, { timeout: 10_000 });
  try {
    // WAL lets readers (subscriptions, other processes) run beside the one writer.
    db.pragma('journal_mode = WAL');
    // FULL: the WAL is synced at every commit, so an acknowledged append survives power loss.
    db.pragma(`synchronous = ${synchronous}`);
    db.transaction(() => {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SQLITE_SCHEMA_VERSION) {
        throw new Error(`${path}: store schema v${version} is newer than this code's v${SQLITE_SCHEMA_VERSION}`);
      }
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

import Database from 'better-sqlite3';
import { GENESIS_HASH } from './event-hash.js';
import { v1ChainedBatches } from './sqlite-v1-chain.js';

/**
 * The layout of the SQLite event store file; `user_version` records it so a later layout can migrate.
 * v2 (issue 18): every event carries its chain hash (event-hash.ts); `chain_meta` says up to which position
 * the events were hashed when a v1 file was upgraded (0 for a store that chained from its first event).
 */
export const SQLITE_SCHEMA_VERSION = 2;

// position is the rowid. Rows are never deleted, so SQLite hands out max(rowid) + 1 without AUTOINCREMENT,
// and a rolled-back insert gives its rowid back: the global log has no holes. The writer names the position
// itself (it hashes it), the same max + 1. The head hash is the last row's: the head position lives there too.
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
  hash           TEXT    NOT NULL DEFAULT '',
  UNIQUE (stream_id, revision)
);
-- A command id answered once: a retry returns this result and appends nothing.
CREATE TABLE IF NOT EXISTS commands (
  command_id    TEXT    PRIMARY KEY,
  stream_id     TEXT    NOT NULL,
  next_revision INTEGER NOT NULL,
  position      INTEGER NOT NULL
) WITHOUT ROWID;
-- Where the chain's guarantee starts: events up to sealed_through were hashed at the upgrade to v2, at sealed_at.
CREATE TABLE IF NOT EXISTS chain_meta (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  sealed_through INTEGER NOT NULL,
  sealed_at      TEXT    NOT NULL
);
`;

export type SqliteSynchronous = 'FULL' | 'NORMAL';


/**
 * A v1 file's events, hashed once in position order (the upgrade to v2): the chain then vouches for them as
 * they were at the upgrade, not before. Returns the last position hashed.
 */
function sealV1(db: Database.Database): number {
  const write = db.prepare<[string, number]>('UPDATE events SET hash = ? WHERE position = ?');
  let after = 0;
  for (const rows of v1ChainedBatches(db, 0, GENESIS_HASH)) {
    for (const row of rows) write.run(row[8], row[0]);
    after = rows[rows.length - 1]![0];
  }
  return after;
}

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
      if (version === SQLITE_SCHEMA_VERSION) return;
      const upgrading = version === 1;
      if (upgrading) db.exec("ALTER TABLE events ADD COLUMN hash TEXT NOT NULL DEFAULT ''");
      db.exec(SCHEMA);
      const sealedThrough = upgrading ? sealV1(db) : 0;
      db.prepare('INSERT OR REPLACE INTO chain_meta (id, sealed_through, sealed_at) VALUES (1, ?, ?)').run(sealedThrough, new Date().toISOString());
      db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

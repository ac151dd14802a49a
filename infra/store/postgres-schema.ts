import type pg from 'pg';

import { chainHash, GENESIS_HASH } from './event-hash.js';

/**
 * The layout of the PostgreSQL event store; `store_meta` records it so a later layout can migrate.
 * v2 (issue 18): each event's chain hash (event-hash.ts), the head's hash kept in `log_head` beside the head
 * position, and `chain_meta`: up to which position a v1 log was hashed when it was upgraded.
 */
export const POSTGRES_SCHEMA_VERSION = 2;

/**
 * Positions come from the one-row `log_head`, locked by every writing transaction until it commits: writers
 * commit one at a time in position order, so a reader that has seen position p never later meets an event
 * below p, and a rolled-back append gives its positions back (no gap). A sequence would hand out positions
 * at insert time, not in commit order (../shared/notes/postgres-ordering.md).
 * `data` and `metadata` are the codec's JSON text, as in SQLite: stored and read back byte for byte.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       BIGINT  PRIMARY KEY,
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
ALTER TABLE events ADD COLUMN IF NOT EXISTS hash TEXT NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS commands (
  command_id    TEXT    PRIMARY KEY,
  stream_id     TEXT    NOT NULL,
  next_revision INTEGER NOT NULL,
  position      BIGINT  NOT NULL
);
CREATE TABLE IF NOT EXISTS log_head (
  id       SMALLINT PRIMARY KEY CHECK (id = 1),
  position BIGINT   NOT NULL,
  hash     TEXT     NOT NULL DEFAULT '${GENESIS_HASH}'
);
ALTER TABLE log_head ADD COLUMN IF NOT EXISTS hash TEXT NOT NULL DEFAULT '${GENESIS_HASH}';
CREATE TABLE IF NOT EXISTS chain_meta (
  id             SMALLINT    PRIMARY KEY CHECK (id = 1),
  sealed_through BIGINT      NOT NULL,
  sealed_at      TIMESTAMPTZ NOT NULL
);
INSERT INTO log_head (id, position) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS store_meta (
  id             SMALLINT PRIMARY KEY CHECK (id = 1),
  schema_version INTEGER  NOT NULL
);
`;

type Row = [number, string, number, string, string, number, string, string];

/** A v1 log's events hashed once in position order (the upgrade to v2), and the head's hash set. */
async function sealV1(client: pg.PoolClient): Promise<number> {
  let previous = GENESIS_HASH;
  let after = 0;
  for (;;) {
    const { rows } = await client.query<Row>({
      text: 'SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata FROM events WHERE position > $1 ORDER BY position LIMIT 5000',
      values: [after],
      rowMode: 'array',
    });
    if (rows.length === 0) break;
    const positions: number[] = [];
    const hashes: string[] = [];
    for (const [position, streamId, revision, eventId, type, schemaVersion, data, metadata] of rows) {
      previous = chainHash({ position, streamId, revision, eventId, type, schemaVersion, data, metadata }, previous);
      positions.push(position);
      hashes.push(previous);
      after = position;
    }
    await client.query('UPDATE events SET hash = u.hash FROM unnest($1::bigint[], $2::text[]) AS u(position, hash) WHERE events.position = u.position', [positions, hashes]);
  }
  await client.query('UPDATE log_head SET hash = $1 WHERE id = 1', [previous]);
  return after;
}

/** Serializes concurrent first starts: `CREATE … IF NOT EXISTS` alone races on the catalog. */
const SCHEMA_LOCK = 0x48525353; // "HRSS"

/**
 * Creates the tables if need be, safe to run twice and from several processes at once; refuses a database
 * laid out by a newer version of this code. Needs CREATE on the schema the first time only.
 */
export async function ensurePostgresSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    const exists = await client.query<{ present: boolean }>("SELECT to_regclass('store_meta') IS NOT NULL AS present");
    let version = 0;
    if (exists.rows[0]?.present) {
      const found = await client.query<{ schema_version: number }>('SELECT schema_version FROM store_meta WHERE id = 1');
      version = found.rows[0]?.schema_version ?? 0;
      if (version > POSTGRES_SCHEMA_VERSION) {
        throw new Error(`event store schema v${version} is newer than this code's v${POSTGRES_SCHEMA_VERSION}: upgrade the code`);
      }
    }
    if (version === POSTGRES_SCHEMA_VERSION) {
      await client.query('COMMIT');
      return;
    }
    await client.query(SCHEMA);
    const sealedThrough = version === 1 ? await sealV1(client) : 0;
    await client.query('INSERT INTO chain_meta (id, sealed_through, sealed_at) VALUES (1, $1, now()) ON CONFLICT (id) DO UPDATE SET sealed_through = EXCLUDED.sealed_through, sealed_at = EXCLUDED.sealed_at', [sealedThrough]);
    await client.query(
      'INSERT INTO store_meta (id, schema_version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET schema_version = EXCLUDED.schema_version',
      [POSTGRES_SCHEMA_VERSION],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

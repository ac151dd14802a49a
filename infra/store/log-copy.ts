import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ensurePostgresSchema } from './postgres-schema.js';
import { PG_TYPES } from './postgres-types.js';
import { GENESIS_HASH } from './event-hash.js';
import { v1ChainedBatches } from './sqlite-v1-chain.js';
import type { ChainedRow } from './sqlite-v1-chain.js';

/**
 * Moving a bureau's log from the embedded SQLite file to PostgreSQL (`npm run migrate`): every event and every
 * answered command id copied as stored (positions, revisions, ids, data and metadata byte for byte), in
 * batches that each commit with the target's head, so an interrupted copy resumes after the last batch. The
 * source is opened read-only (a file made before the chain is hashed on the way, as its upgrade would).
 * Afterwards both sides are checksummed event by event.
 */

type Row = ChainedRow;

export interface CopyProgress {
  /** The target's head after the batch. */
  position: number;
  /** The source's head. */
  head: number;
}

export interface CopyResult {
  events: number;
  commands: number;
  /** Where the copy started (0 for a fresh target): a resumed copy skips what it had already committed. */
  resumedFrom: number;
}

export interface LogDigest {
  events: number;
  commands: number;
  /** SHA-256 over every event's columns in position order. */
  checksum: string;
}

export class LogCopyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogCopyRefusedError';
  }
}


function openSource(path: string): Database.Database {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new LogCopyRefusedError(`no SQLite event store at ${path}: ${(error as Error).message}`);
  }
}

/** Whether the file was made before the chain (schema v1): its hashes are computed as its upgrade would, not read. */
const beforeChain = (source: Database.Database): boolean => (source.pragma('user_version', { simple: true }) as number) === 1;

/**
 * The source's events after `after`, in batches, with their chain hashes: as stored, or for a file made
 * before the chain, computed from `previous` (the hash of the event at `after`) as its upgrade would, so the
 * source stays untouched and the target holds the same chain as an upgraded file.
 */
function* sourceBatches(source: Database.Database, after: number, previous: string, batch: number): Generator<Row[]> {
  if (beforeChain(source)) {
    yield* v1ChainedBatches(source, after, previous, batch);
    return;
  }
  const read = source
    .prepare<[number, number], Row>('SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata, hash FROM events WHERE position > ? ORDER BY position LIMIT ?')
    .raw();
  for (let from = after; ; ) {
    const rows = read.all(from, batch);
    if (rows.length === 0) return;
    yield rows;
    from = rows[rows.length - 1]![0];
  }
}

/** Up to which position the source's chain was made at an upgrade rather than at each append (0: none). */
function sealedThrough(source: Database.Database, head: number): { through: number; at: string | null } {
  if (beforeChain(source)) return { through: head, at: null };
  const row = source.prepare<[], { sealed_through: number; sealed_at: string }>('SELECT sealed_through, sealed_at FROM chain_meta WHERE id = 1').get();
  return { through: row?.sealed_through ?? 0, at: row?.sealed_at ?? null };
}

// The chain hash too: the copy must carry the chain on (positions are kept, so the hashes hold as they are).
const eventLine = (r: Row): string => `${r[0]}\t${r[1]}\t${r[2]}\t${r[3]}\t${r[4]}\t${r[5]}\t${r[6]}\t${r[7]}\t${r[8]}\n`;

/** Copies what the target lacks; resumable; refuses a target whose log is not a prefix of the source's. */
export async function copySqliteLogToPostgres(options: {
  sqlitePath: string;
  url: string;
  batch?: number;
  onProgress?: (progress: CopyProgress) => void;
}): Promise<CopyResult> {
  const batch = options.batch ?? 5000;
  const source = openSource(options.sqlitePath);
  const pool = new pg.Pool({ connectionString: options.url, max: 2, types: PG_TYPES });
  try {
    await ensurePostgresSchema(pool);
    const head = source.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck().get() ?? 0;
    const start = (await pool.query<{ position: number }>('SELECT position FROM log_head WHERE id = 1')).rows[0]!.position;
    if (start > head) throw new LogCopyRefusedError(`the target's log is longer (${start} events) than the source's (${head}): not a copy of it`);
    if (start > 0) {
      // A resumed copy: the target's last event must be the source's event at that position.
      const mine = source.prepare<[number], { event_id: string }>('SELECT event_id FROM events WHERE position = ?').get(start);
      const theirs = (await pool.query<{ event_id: string }>('SELECT event_id FROM events WHERE position = $1', [start])).rows[0];
      if (!mine || mine.event_id !== theirs?.event_id) throw new LogCopyRefusedError(`the target holds another log (its event at position ${start} is not the source's)`);
    }
    let position = start;
    let events = 0;
    options.onProgress?.({ position, head });
    const previous = start === 0 ? GENESIS_HASH : (await pool.query<{ hash: string }>('SELECT hash FROM log_head WHERE id = 1')).rows[0]!.hash;
    for (const rows of sourceBatches(source, start, previous, batch)) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const locked = (await client.query<{ position: number }>('SELECT position FROM log_head WHERE id = 1 FOR UPDATE')).rows[0]!.position;
        if (locked !== position) throw new LogCopyRefusedError(`someone else wrote to the target during the copy (head ${locked}, expected ${position})`);
        const columns: unknown[][] = [[], [], [], [], [], [], [], [], []];
        for (const r of rows) r.forEach((v, i) => columns[i]!.push(v));
        await client.query(
          `INSERT INTO events (position, stream_id, revision, event_id, type, schema_version, data, metadata, hash)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[])`,
          columns,
        );
        const last = rows[rows.length - 1]!;
        position = last[0];
        events += rows.length;
        await client.query('UPDATE log_head SET position = $1, hash = $2 WHERE id = 1', [position, last[8]]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      options.onProgress?.({ position, head });
      if (position >= head) break;
    }
    // Events hashed at an upgrade (or, from a file made before the chain, at this copy) say so on the target too.
    const sealed = sealedThrough(source, head);
    if (sealed.through > 0) {
      await pool.query('UPDATE chain_meta SET sealed_through = $1, sealed_at = COALESCE($2::timestamptz, now()) WHERE id = 1 AND sealed_through < $1', [sealed.through, sealed.at]);
    }
    // The answered command ids, so a client's retry after the move is still answered from the log.
    let commands = 0;
    const readCommands = source.prepare<[string, number], [string, string, number, number]>(
      'SELECT command_id, stream_id, next_revision, position FROM commands WHERE command_id > ? ORDER BY command_id LIMIT ?',
    ).raw();
    for (let after = ''; ; ) {
      const rows = readCommands.all(after, batch);
      if (rows.length === 0) break;
      const result = await pool.query(
        `INSERT INTO commands (command_id, stream_id, next_revision, position)
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) ON CONFLICT (command_id) DO NOTHING`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3])],
      );
      commands += result.rowCount ?? 0;
      after = rows[rows.length - 1]![0];
    }
    // Rows counted, not positions subtracted: the count must not lean on the source being gap-free.
    return { events, commands, resumedFrom: start };
  } finally {
    source.close();
    await pool.end();
  }
}

/** Counts and the checksum of the SQLite log. */
export function digestSqliteLog(sqlitePath: string, batch = 5000): LogDigest {
  const source = openSource(sqlitePath);
  try {
    const hash = createHash('sha256');
    let events = 0;
    for (const rows of sourceBatches(source, 0, GENESIS_HASH, batch)) {
      for (const r of rows) hash.update(eventLine(r));
      events += rows.length;
    }
    const commands = source.prepare<[], number>('SELECT COUNT(*) FROM commands').pluck().get()!;
    return { events, commands, checksum: hash.digest('hex') };
  } finally {
    source.close();
  }
}

/** Counts and the checksum of the PostgreSQL log, computed the same way. */
export async function digestPostgresLog(url: string, batch = 5000): Promise<LogDigest> {
  const client = new pg.Client({ connectionString: url, types: PG_TYPES });
  await client.connect();
  try {
    const hash = createHash('sha256');
    let events = 0;
    for (let after = 0; ; ) {
      const { rows } = await client.query<Row>({
        text: 'SELECT position, stream_id, revision, event_id, type, schema_version, data, metadata, hash FROM events WHERE position > $1 ORDER BY position LIMIT $2',
        values: [after, batch],
        rowMode: 'array',
      });
      if (rows.length === 0) break;
      for (const r of rows) hash.update(eventLine(r));
      events += rows.length;
      after = rows[rows.length - 1]![0];
    }
    const commands = (await client.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM commands')).rows[0]!.n;
    return { events, commands, checksum: hash.digest('hex') };
  } finally {
    await client.end();
  }
}

import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ensurePostgresSchema } from './postgres-schema.js';
import { PG_TYPES } from './postgres-types.js';
import { openSqliteDatabase } from './sqlite-schema.js';
import type { StoredRecord } from './port.js';

/**
 * `npm run restore`: installs a verified export into an empty store, every row as it was (positions,
 * revisions, ids, stored JSON texts and chain hashes), so the installed log verifies as the file did. The
 * answered command ids are rebuilt from the events (each run of one command's events in one stream): a
 * client's retry after the restore is still answered from the log. All or nothing: SQLite is written
 * beside the target and moved into place at the end; PostgreSQL in one transaction.
 */

export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

export interface ChainSeal {
  sealedThrough: number;
  sealedAt: string;
}

export interface LogInstaller {
  add(records: readonly StoredRecord[]): Promise<void>;
  /** Makes the installed log the store's; `seal` carries the source's record of where its chain began. */
  commit(seal: ChainSeal | undefined): Promise<void>;
  abort(): Promise<void>;
}

type CommandRow = [commandId: string, streamId: string, nextRevision: number, position: number];

/** The command rows of a log read in order: the last event of each run of one command in one stream. */
function commandRuns(): { feed(records: readonly StoredRecord[]): CommandRow[]; flush(): CommandRow[] } {
  let run: CommandRow | undefined;
  const commandOf = (r: StoredRecord): string | undefined => {
    const id = (JSON.parse(r.metadata) as { commandId?: unknown }).commandId;
    return typeof id === 'string' ? id : undefined;
  };
  return {
    feed(records) {
      const done: CommandRow[] = [];
      for (const r of records) {
        const commandId = commandOf(r);
        if (run && commandId === run[0] && r.streamId === run[1] && r.revision === run[2] + 1) {
          run[2] = r.revision;
          run[3] = r.position;
          continue;
        }
        if (run) done.push(run);
        run = commandId === undefined ? undefined : [commandId, r.streamId, r.revision, r.position];
      }
      return done;
    },
    flush() {
      const last = run;
      run = undefined;
      return last ? [last] : [];
    },
  };
}

/** Into a SQLite file that does not exist yet: written as `<file>.restoring`, renamed into place on commit. */
export function sqliteInstaller(file: string): LogInstaller {
  if (existsSync(file)) throw new RestoreRefusedError(`${file} exists: restore only into an empty data directory (move the old one aside)`);
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.restoring`;
  const removeTemp = (): void => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(temp + suffix, { force: true });
  };
  removeTemp();
  const db = openSqliteDatabase(temp, 'FULL');
  const insertEvent = db.prepare(
    'INSERT INTO events (position, stream_id, revision, event_id, type, schema_version, data, metadata, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCommand = db.prepare('INSERT OR IGNORE INTO commands (command_id, stream_id, next_revision, position) VALUES (?, ?, ?, ?)');
  const runs = commandRuns();
  const write = db.transaction((records: readonly StoredRecord[], commands: readonly CommandRow[]) => {
    for (const r of records) insertEvent.run(r.position, r.streamId, r.revision, r.eventId, r.type, r.schemaVersion, r.data, r.metadata, r.hash);
    for (const c of commands) insertCommand.run(...c);
  });
  return {
    add(records) {
      write.immediate(records, runs.feed(records));
      return Promise.resolve();
    },
    commit(seal) {
      write.immediate([], runs.flush());
      if (seal) db.prepare('UPDATE chain_meta SET sealed_through = ?, sealed_at = ? WHERE id = 1').run(seal.sealedThrough, seal.sealedAt);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      if (existsSync(file)) {
        removeTemp();
        throw new RestoreRefusedError(`${file} appeared while restoring: left as it is`);
      }
      renameSync(temp, file);
      for (const suffix of ['-wal', '-shm']) rmSync(temp + suffix, { force: true });
      return Promise.resolve();
    },
    abort() {
      if (db.open) db.close();
      removeTemp();
      return Promise.resolve();
    },
  };
}

/** Into a PostgreSQL database whose log is empty, in one transaction that holds the head's lock throughout. */
export async function postgresInstaller(url: string): Promise<LogInstaller> {
  const pool = new pg.Pool({ connectionString: url, max: 1, types: PG_TYPES });
  // The tables first (the pool's one connection), then that connection held for the whole install.
  const client = await ensurePostgresSchema(pool)
    .then(() => pool.connect())
    .catch(async (error: unknown) => {
      await pool.end();
      throw error;
    });
  const end = async (): Promise<void> => {
    client.release();
    await pool.end();
  };
  try {
    await client.query('BEGIN');
    const head = (await client.query<{ position: number }>('SELECT position FROM log_head WHERE id = 1 FOR UPDATE')).rows[0]!.position;
    const any = (await client.query('SELECT 1 FROM events LIMIT 1')).rowCount ?? 0;
    if (head !== 0 || any > 0) throw new RestoreRefusedError('the target database already holds an event log: restore only into an empty one');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    await end();
    throw error;
  }
  const runs = commandRuns();
  let last = { position: 0, hash: '' };
  const addCommands = async (commands: readonly CommandRow[]): Promise<void> => {
    if (commands.length === 0) return;
    await client.query(
      `INSERT INTO commands (command_id, stream_id, next_revision, position)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) ON CONFLICT (command_id) DO NOTHING`,
      [commands.map((c) => c[0]), commands.map((c) => c[1]), commands.map((c) => c[2]), commands.map((c) => c[3])],
    );
  };
  return {
    async add(records) {
      if (records.length === 0) return;
      const columns: unknown[][] = [[], [], [], [], [], [], [], [], []];
      for (const r of records) [r.position, r.streamId, r.revision, r.eventId, r.type, r.schemaVersion, r.data, r.metadata, r.hash].forEach((v, i) => columns[i]!.push(v));
      await client.query(
        `INSERT INTO events (position, stream_id, revision, event_id, type, schema_version, data, metadata, hash)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[])`,
        columns,
      );
      await addCommands(runs.feed(records));
      const end = records[records.length - 1]!;
      last = { position: end.position, hash: end.hash };
    },
    async commit(seal) {
      try {
        await addCommands(runs.flush());
        if (last.position > 0) await client.query('UPDATE log_head SET position = $1, hash = $2 WHERE id = 1', [last.position, last.hash]);
        if (seal) await client.query('UPDATE chain_meta SET sealed_through = $1, sealed_at = $2 WHERE id = 1', [seal.sealedThrough, seal.sealedAt]);
        await client.query('COMMIT');
      } finally {
        await end();
      }
    },
    async abort() {
      await client.query('ROLLBACK').catch(() => undefined);
      await end();
    },
  };
}

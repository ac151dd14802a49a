import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';
import { isUnavailable } from '../store/postgres-errors.js';
import { StoreUnavailableError } from '../store/store-errors.js';
import { toPostgres } from './postgres-dialect.js';
import type { QueryRequest, QueryResult, WorkerReply, WorkerRequest } from './postgres-read-model-worker.js';
import type { ReadModelDb, SqlRunResult, SqlStatement, SqlTransaction } from './sql-database.js';

export interface PostgresReadModelSettings {
  url: string;
  /** A statement running longer is cancelled (PG_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
}

/** The advisory-lock key every read-model write transaction takes first ("HRRM"): one writer at a time, as SQLite's BEGIN IMMEDIATE. */
const WRITE_LOCK = 0x4852524d;

const here = fileURLToPath(import.meta.url);
let call: ((request: WorkerRequest) => WorkerReply) | undefined;
let nextConnection = 1;

/** The one worker of this thread, started on first use; synckit blocks on Atomics.wait until it answers. */
function worker(timeoutMs: number): (request: WorkerRequest) => WorkerReply {
  // Compiled, the worker is the .js module beside this file; from source, an entry that registers tsx first.
  const entry = extname(here) === '.ts' ? './postgres-read-model-worker-source.mjs' : './postgres-read-model-worker.js';
  call ??= createSyncFn<(request: WorkerRequest) => Promise<WorkerReply>>(fileURLToPath(new URL(entry, import.meta.url)), { timeout: timeoutMs });
  return call;
}

/** A refused statement as pg's error (its SQLSTATE in `code`); a server out of reach as StoreUnavailableError (503). */
function failure(reply: Extract<WorkerReply, { ok: false }>): Error {
  const error = Object.assign(new Error(reply.message), { code: reply.code });
  return isUnavailable(error) ? new StoreUnavailableError('postgres', { cause: error }) : error;
}

/**
 * The read models on PostgreSQL, behind the same synchronous API as SQLite's (sql-database.ts): each call
 * blocks this thread while a worker runs it on the process's one read-model connection. The folds, the
 * runner and the queries run unchanged; the SQL is rewritten to PostgreSQL's dialect (postgres-dialect.ts).
 * A write transaction takes an advisory lock first, so writers (the projection lease's holder, a CLI
 * rebuild) commit one at a time and each re-reads the checkpoints it compares under the lock.
 */
export function openPostgresReadModelDb(settings: PostgresReadModelSettings): ReadModelDb {
  const statementTimeoutMs = settings.statementTimeoutMs ?? 30_000;
  // The wait for an answer outlasts the statement timeout: the server cancels first and says so.
  const send = worker(statementTimeoutMs + 15_000);
  const connection = nextConnection++;
  let depth = 0;
  let closed = false;

  const request = (r: WorkerRequest): QueryResult[] => {
    if (closed) throw new Error('the PostgreSQL read models are closed');
    let reply: WorkerReply;
    try {
      reply = send(r);
    } catch (error) {
      // No answer within the statement timeout and the connection's own bounds: the server is out of reach.
      // Anything else (a worker that cannot start) is a defect, thrown as it is.
      if (error instanceof Error && /timed-out/.test(error.message)) throw new StoreUnavailableError('postgres', { cause: error });
      throw error;
    }
    if (!reply.ok) throw failure(reply);
    return reply.results;
  };
  // `inTransaction`: the statements must reach the connection the transaction began on (COMMIT included).
  const run = (statements: readonly QueryRequest[], inTransaction = depth > 0): QueryResult[] =>
    request({ op: 'query', connection, inTransaction, statements });
  const one = (statement: QueryRequest, inTransaction = depth > 0): QueryResult => run([statement], inTransaction)[0]!;

  request({ op: 'open', connection, url: settings.url, statementTimeoutMs, applicationName: `hrss-read-models-${process.pid}` });

  const prepare = (source: string): SqlStatement => {
    const { text, names } = toPostgres(source);
    let mode: 'object' | 'pluck' | 'raw' = 'object';
    const values = (params: unknown[]): unknown[] =>
      names ? names.map((n) => (params[0] as Record<string, unknown>)[n]) : params;
    const rows = (params: unknown[]): unknown[] => {
      const result = one({ text, values: values(params), array: mode !== 'object', named: true });
      return mode === 'pluck' ? result.rows.map((r) => (r as unknown[])[0]) : result.rows;
    };
    const statement: SqlStatement = {
      run(...params): SqlRunResult {
        // A RETURNING's first column stands for SQLite's rowid.
        const result = one({ text, values: values(params), array: true, named: true });
        const first = (result.rows[0] as unknown[] | undefined)?.[0];
        return { changes: result.rowCount, lastInsertRowid: typeof first === 'number' ? first : 0 };
      },
      get: (...params) => rows(params)[0],
      all: (...params) => rows(params),
      pluck(toggle = true) {
        mode = toggle ? 'pluck' : 'object';
        return statement;
      },
      raw(toggle = true) {
        mode = toggle ? 'raw' : 'object';
        return statement;
      },
    };
    return statement;
  };

  const transaction = (fn: (...args: unknown[]) => unknown): SqlTransaction<(...args: unknown[]) => unknown> => {
    const wrap =
      (immediate: boolean) =>
      (...args: unknown[]): unknown => {
        // Nested: a savepoint, as better-sqlite3 does.
        const nested = depth > 0;
        const savepoint = `rm_sp${depth}`;
        if (nested) one({ text: `SAVEPOINT ${savepoint}` });
        // A reader sees one snapshot across its statements (SQLite's read transaction); a writer reads the
        // latest commits under the write lock.
        else if (immediate) run([{ text: 'BEGIN' }, { text: 'SELECT pg_advisory_xact_lock($1)', values: [WRITE_LOCK], named: true }]);
        else one({ text: 'BEGIN ISOLATION LEVEL REPEATABLE READ' });
        depth += 1;
        let result: unknown;
        try {
          result = fn(...args);
        } catch (error) {
          depth -= 1;
          try {
            one({ text: nested ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK' }, true);
          } catch {
            // The connection is gone: the server rolled the transaction back with it.
          }
          throw error;
        }
        depth -= 1;
        one({ text: nested ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT' }, true);
        return result;
      };
    const t = wrap(false) as SqlTransaction<(...args: unknown[]) => unknown>;
    t.deferred = wrap(false);
    t.immediate = wrap(true);
    return t;
  };

  const db: ReadModelDb = {
    dialect: 'postgres',
    name: `postgres read models (${new URL(settings.url).host}${new URL(settings.url).pathname})`,
    get inTransaction() {
      return depth > 0;
    },
    prepare: prepare as ReadModelDb['prepare'],
    exec(source: string) {
      one({ text: toPostgres(source).text });
      return db;
    },
    transaction,
    close() {
      if (closed) return db;
      request({ op: 'close', connection });
      closed = true;
      return db;
    },
  };
  db.transaction(() => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS projection_state (
        name       TEXT    NOT NULL,
        generation INTEGER NOT NULL,
        status     TEXT    NOT NULL CHECK (status IN ('active', 'building')),
        version    INTEGER NOT NULL,
        position   INTEGER NOT NULL,
        basis      TEXT,
        updated_at TEXT    NOT NULL,
        PRIMARY KEY (name, generation)
      )`);
  }).immediate();
  return db;
}

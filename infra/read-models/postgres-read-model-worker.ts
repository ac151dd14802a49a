import pg from 'pg';
import { runAsWorker } from 'synckit';

/**
 * The thread behind the PostgreSQL read models' synchronous API (postgres-read-model-db.ts): it holds their
 * connections and runs each request while the calling thread waits. A request inside a transaction never
 * reconnects: its statements must all reach the connection that began it.
 */
export type WorkerRequest =
  | { op: 'open'; connection: number; url: string; statementTimeoutMs: number; applicationName: string }
  | { op: 'query'; connection: number; inTransaction: boolean; statements: readonly QueryRequest[] }
  | { op: 'close'; connection: number };

export interface QueryRequest {
  text: string;
  values?: readonly unknown[];
  /** Rows as arrays (pluck, raw, a RETURNING read by run). */
  array?: boolean;
  /** Prepared once per connection under this name (a statement run often); the simple protocol without. */
  named?: boolean;
}

export interface QueryResult {
  rows: unknown[];
  rowCount: number;
}

export type WorkerReply = { ok: true; results: QueryResult[] } | { ok: false; message: string; code: string | undefined };

/** A connection attempt that takes longer fails (the read answers 503). */
const CONNECT_TIMEOUT_MS = 5_000;
const INT8 = 20;
const NUMERIC = 1700;
/** Counters, positions and sums as numbers, as SQLite gives them (exact up to 2^53). */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8 || oid === NUMERIC ? (value: string): number => Number(value) : (pg.types.getTypeParser(oid, format ?? 'text') as unknown)) as typeof pg.types.getTypeParser,
};

interface Connection {
  settings: Extract<WorkerRequest, { op: 'open' }>;
  client: pg.Client | undefined;
  broken: boolean;
  names: Map<string, string>;
}

const connections = new Map<number, Connection>();

async function connect(c: Connection): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: c.settings.url,
    types: TYPES,
    statement_timeout: c.settings.statementTimeoutMs,
    // The calling thread waits for every answer: a server that does not answer at all (a dropped route, not a
    // refused connection) must fail the call within bounds rather than hold it.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: c.settings.statementTimeoutMs + CONNECT_TIMEOUT_MS,
    keepAlive: true,
    application_name: c.settings.applicationName,
  });
  client.on('error', () => {
    c.broken = true;
  });
  await client.connect();
  // Read models are rebuilt from the log, and a batch commits with its checkpoint: a commit lost to a server
  // crash loses its checkpoint with it and is applied again (read-model-db.ts keeps SQLite's NORMAL sync for
  // the same reason). The commit waits for no flush to disk: a live batch answers sooner.
  await client.query('SET synchronous_commit = off');
  // Documents of a few kilobytes are compressed as they are stored: lz4 costs a fraction of the default
  // (pglz), where the server was built with it; otherwise the default stays.
  await client.query("SET default_toast_compression = 'lz4'").catch(() => undefined);
  c.client = client;
  c.broken = false;
  c.names.clear();
  return client;
}

async function clientFor(c: Connection, inTransaction: boolean): Promise<pg.Client> {
  if (c.client && !c.broken) return c.client;
  if (inTransaction) throw Object.assign(new Error('the read-model connection was lost in a transaction'), { code: '08006' });
  await c.client?.end().catch(() => undefined);
  c.client = undefined;
  return connect(c);
}

async function handle(request: WorkerRequest): Promise<QueryResult[]> {
  if (request.op === 'open') {
    const c: Connection = { settings: request, client: undefined, broken: false, names: new Map() };
    connections.set(request.connection, c);
    await connect(c);
    return [];
  }
  const c = connections.get(request.connection);
  if (!c) throw new Error(`read-model connection ${request.connection} is closed`);
  if (request.op === 'close') {
    connections.delete(request.connection);
    await c.client?.end().catch(() => undefined);
    return [];
  }
  const client = await clientFor(c, request.inTransaction);
  const results: QueryResult[] = [];
  try {
    for (const s of request.statements) {
      let name: string | undefined;
      if (s.named) {
        name = c.names.get(s.text);
        if (name === undefined) c.names.set(s.text, (name = `rm${c.names.size + 1}`));
      }
      const result = await client.query({
        text: s.text,
        ...(s.values ? { values: s.values as unknown[] } : {}),
        ...(name ? { name } : {}),
        ...(s.array ? { rowMode: 'array' as const } : {}),
      });
      // A multi-statement text (DDL) answers with one result per statement.
      const last = Array.isArray(result) ? (result as pg.QueryResult[]).at(-1) : result;
      results.push({ rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 });
    }
  } catch (error) {
    // An error the server raised leaves the connection sound; any other (a socket's) does not.
    if ((error as { severity?: string }).severity === undefined) c.broken = true;
    throw error;
  }
  return results;
}

runAsWorker(async (request: WorkerRequest): Promise<WorkerReply> => {
  try {
    return { ok: true, results: await handle(request) };
  } catch (error) {
    const e = error as { message?: string; code?: unknown };
    return { ok: false, message: e.message ?? String(error), code: typeof e.code === 'string' ? e.code : undefined };
  }
});

import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { EventRegistry } from '../../events/index.js';
import { decodeEventRow, encodeEvents, recordOfRow } from './event-codec.js';
import type { ReadTrust, StoredEventRow, StoredRecordRow } from './event-codec.js';
import type { AppendOptions, AppendResult, EventStore, NewEvent, RecordedEvent, Subscription } from './port.js';
import { isUnavailable, unavailableAsSuch } from './postgres-errors.js';
import { ensurePostgresSchema } from './postgres-schema.js';
import { PG_TYPES } from './postgres-types.js';
import { APPENDED_CHANNEL, commitGroup } from './postgres-writer.js';
import type { PreparedAppend } from './sqlite-append.js';
import { StoreClosedError, StoreUnavailableError } from './store-errors.js';
import { startSubscription } from './subscription.js';
import type { ManagedSubscription, SubscriptionSource } from './subscription.js';

export interface PostgresStoreOptions {
  /** postgres://user@host:port/database */
  url: string;
  registry: EventRegistry;
  /** Connections this process keeps at most (appends use one at a time; reads share the rest). */
  poolMax?: number;
  /** A statement running longer is cancelled (ms): a stuck query fails instead of holding a connection. */
  statementTimeoutMs?: number;
  /** Most appends committed in one transaction. */
  maxBatch?: number;
  /** How often live subscriptions look for appends when no notification came (a dropped listener). */
  pollIntervalMs?: number;
  subscriptionBatchSize?: number;
  readTrust?: ReadTrust;
}

const COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, data, metadata';
const APPENDED = 'appended';
function noLimit(limit: number | undefined): number | null {
  if (limit === undefined) return null;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be an integer ≥ 0: ${limit}`);
  return limit;
}

interface Waiting {
  append: PreparedAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/**
 * The event store on PostgreSQL (DESIGN.md §3), shared by several API processes: positions gap-free and in
 * commit order (postgres-writer.ts), appends that arrive while a transaction is in flight share the next one
 * (group commit), and live subscriptions wake on the writers' NOTIFY, with a slow poll behind it.
 */
export function createPostgresStore(options: PostgresStoreOptions): EventStore {
  const backend = 'postgres';
  const { registry } = options;
  const trust = options.readTrust ?? 'current';
  const maxBatch = options.maxBatch ?? 256;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    types: PG_TYPES,
  });
  // An idle connection dropped by the server is replaced on the next checkout; without a listener the pool's
  // 'error' event would end the process.
  pool.on('error', () => undefined);
  // The tables, once, before the first statement that needs them: opening stays synchronous like SQLite's.
  let ready = ensurePostgresSchema(pool);
  ready.catch(() => undefined);

  const appended = new EventEmitter();
  appended.setMaxListeners(0);
  const subscriptions = new Set<ManagedSubscription>();
  const timing = { pollIntervalMs: options.pollIntervalMs ?? 1000, defaultBatchSize: options.subscriptionBatchSize ?? 256 };
  let closed = false;
  let listener: pg.Client | undefined;
  const announce = (): void => void appended.emit(APPENDED);

  /** One LISTEN connection, opened with the first subscription; reconnected by the next one if it drops. */
  const listen = async (): Promise<void> => {
    if (listener || closed) return;
    const client = new pg.Client({ connectionString: options.url, types: PG_TYPES });
    listener = client;
    client.on('notification', announce);
    client.on('error', () => {
      if (listener === client) listener = undefined;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${APPENDED_CHANNEL}`);
    } catch {
      if (listener === client) listener = undefined;
      await client.end().catch(() => undefined);
    }
  };

  const open = async (): Promise<void> => {
    if (closed) throw new StoreClosedError(backend);
    await unavailableAsSuch(() => ready).catch((error: unknown) => {
      // A server that was down at start is asked again next time.
      if (error instanceof StoreUnavailableError) ready = ensurePostgresSchema(pool);
      ready.catch(() => undefined);
      throw error;
    });
  };

  const readAll = async (after: number, limit: number | null, lazyMetadata = false): Promise<RecordedEvent[]> => {
    await open();
    const result = await unavailableAsSuch(() =>
      pool.query<StoredEventRow>({ text: `SELECT ${COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`, values: [after, limit], rowMode: 'array' }),
    );
    return result.rows.map((row) => decodeEventRow(registry, row, trust, lazyMetadata));
  };

  const source: SubscriptionSource = {
    readAfter: (after, limit) => readAll(after, limit),
    onAppended(callback) {
      appended.on(APPENDED, callback);
      return () => appended.off(APPENDED, callback);
    },
  };

  // Group commit: the first append goes at once; those that arrive meanwhile wait for the next transaction.
  let waiting: Waiting[] = [];
  let writing: Promise<void> | undefined;
  const commit = async (batch: readonly Waiting[]): Promise<void> => {
    let client: pg.PoolClient;
    try {
      await open();
      client = await pool.connect();
    } catch (error) {
      const reason = isUnavailable(error) ? new StoreUnavailableError(backend, { cause: error }) : error;
      for (const w of batch) w.reject(reason);
      return;
    }
    try {
      let outcomes;
      try {
        outcomes = await commitGroup(client, batch.map((w) => w.append));
      } catch (error) {
        if (batch.length === 1) throw error;
        // One append's write failed (a reused event id): each alone gets its own answer.
        outcomes = [];
        for (const w of batch) {
          outcomes.push(await commitGroup(client, [w.append]).then((o) => o[0]!, (e: unknown) => ({ ok: false as const, error: e })));
        }
      }
      outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.error)));
      if (outcomes.some((o) => o.ok && !o.value.duplicate)) announce();
    } catch (error) {
      // A transaction cut off by a lost connection wrote nothing: the caller may try again later.
      const reason = isUnavailable(error) ? new StoreUnavailableError(backend, { cause: error }) : error;
      for (const w of batch) w.reject(reason);
    } finally {
      client.release();
    }
  };
  const drain = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      await commit(batch);
    }
    writing = undefined;
  };

  return {
    backend,
    chain: 'global',

    append(streamId: string, events: readonly NewEvent[], appendOptions: AppendOptions): Promise<AppendResult> {
      let prepared: PreparedAppend;
      try {
        if (closed) throw new StoreClosedError(backend);
        prepared = { streamId, events: encodeEvents(registry, events), options: appendOptions };
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      return new Promise<AppendResult>((resolve, reject) => {
        waiting.push({ append: prepared, resolve, reject });
        writing ??= drain();
      });
    },

    async readStream(streamId, readOptions = {}) {
      await open();
      const from = Math.max(0, readOptions.fromRevision ?? 0);
      const limit = noLimit(readOptions.limit);
      const result = await unavailableAsSuch(() =>
        pool.query<StoredEventRow>({
          text: `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
          values: [streamId, from, limit],
          rowMode: 'array',
        }),
      );
      return result.rows.map((row) => decodeEventRow(registry, row, trust));
    },

    readAll(readOptions = {}) {
      return readAll(Math.max(0, readOptions.after ?? 0), noLimit(readOptions.limit), readOptions.lazyMetadata);
    },

    subscribe(subscribeOptions, handler): Subscription {
      if (closed) throw new StoreClosedError(backend);
      void listen();
      const subscription = startSubscription(source, subscribeOptions, handler, timing);
      subscriptions.add(subscription);
      const forget = (): void => {
        subscriptions.delete(subscription);
      };
      subscription.done.then(forget, forget);
      return subscription;
    },

    async readRecords(readOptions = {}) {
      await open();
      const result = await unavailableAsSuch(() =>
        pool.query<StoredRecordRow>({
          text: `SELECT ${COLUMNS}, hash FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
          values: [Math.max(0, readOptions.after ?? 0), noLimit(readOptions.limit)],
          rowMode: 'array',
        }),
      );
      return result.rows.map(recordOfRow);
    },

    async chainSeal() {
      await open();
      const result = await unavailableAsSuch(() =>
        pool.query<{ sealed_through: number; sealed_at: Date }>('SELECT sealed_through, sealed_at FROM chain_meta WHERE id = 1'),
      );
      const row = result.rows[0];
      return row ? { sealedThrough: row.sealed_through, sealedAt: row.sealed_at.toISOString() } : { sealedThrough: 0, sealedAt: '' };
    },

    async headPosition() {
      await open();
      const result = await unavailableAsSuch(() => pool.query<{ position: number }>('SELECT position FROM log_head WHERE id = 1'));
      return result.rows[0]?.position ?? 0;
    },

    async streamRevision(streamId) {
      await open();
      const result = await unavailableAsSuch(() => pool.query<{ revision: number | null }>('SELECT MAX(revision) AS revision FROM events WHERE stream_id = $1', [streamId]));
      return result.rows[0]?.revision ?? null;
    },

    async close() {
      if (closed) return;
      // Appends already accepted are committed; subscriptions finish the batch in hand, then end.
      await writing;
      closed = true;
      const ending = [...subscriptions].map((s) => s.abort(new StoreClosedError(backend)).catch(() => undefined));
      await Promise.all(ending);
      const client = listener;
      listener = undefined;
      await client?.end().catch(() => undefined);
      await pool.end();
    },
  };
}

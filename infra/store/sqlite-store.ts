import { EventEmitter } from 'node:events';
import type { EventRegistry } from '../../events/index.js';
import { decodeEvent, decodeEventRow, encodeEvents, recordOfRow } from './event-codec.js';
import type { ReadTrust } from './event-codec.js';
import { createGroupCommitQueue, DEFAULT_GROUP_COMMIT } from './group-commit.js';
import type { GroupCommitOptions } from './group-commit.js';
import type { AppendOptions, AppendResult, EventStore, NewEvent, RecordedEvent, Subscription } from './port.js';
import type { PreparedAppend } from './sqlite-append.js';
import { openSqliteDatabase } from './sqlite-schema.js';
import type { SqliteSynchronous } from './sqlite-schema.js';
import { prepareStatements } from './sqlite-statements.js';
import { createSqliteWriter } from './sqlite-transactions.js';
import { StoreClosedError } from './store-errors.js';
import { startSubscription } from './subscription.js';
import type { ManagedSubscription, SubscriptionSource } from './subscription.js';

export interface SqliteStoreOptions {
  /** A file path, or `:memory:` for a store that lives as long as the process. */
  path: string;
  registry: EventRegistry;
  /** FULL (default) syncs the log at every commit: an acknowledged append survives power loss. */
  synchronous?: SqliteSynchronous;
  /** Share one transaction among appends waiting at the same time; `true` takes the defaults. */
  groupCommit?: boolean | Partial<GroupCommitOptions>;
  /** How often live subscriptions look for appends made by other processes on the same file. */
  pollIntervalMs?: number;
  /** Default batch size of subscriptions. */
  subscriptionBatchSize?: number;
  /**
   * `current` (default): events stored at the current schema version were validated on append and are only
   * JSON-parsed when read; older versions are upcast and validated. `none` validates every row read.
   */
  readTrust?: ReadTrust;
}

const APPENDED = 'appended';

/** Runs synchronous work and hands back its result, or its throw, as a promise: what the port promises. */
function promised<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function noLimit(limit: number | undefined): number {
  if (limit === undefined) return -1;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be an integer ≥ 0: ${limit}`);
  return limit;
}

export function createSqliteStore(options: SqliteStoreOptions): EventStore {
  const backend = 'sqlite';
  const { registry } = options;
  const trust = options.readTrust ?? 'current';
  const db = openSqliteDatabase(options.path, options.synchronous ?? 'FULL');
  const sql = prepareStatements(db);
  const writer = createSqliteWriter(db, sql);
  const appended = new EventEmitter();
  appended.setMaxListeners(0);
  const subscriptions = new Set<ManagedSubscription>();
  const timing = { pollIntervalMs: options.pollIntervalMs ?? 500, defaultBatchSize: options.subscriptionBatchSize ?? 256 };
  let closed = false;

  const announce = (): void => {
    appended.emit(APPENDED);
  };

  const group =
    options.groupCommit === undefined || options.groupCommit === false
      ? undefined
      : createGroupCommitQueue<PreparedAppend, AppendResult>(
          (batch) => {
            const outcomes = writer.commitGroup(batch);
            if (outcomes.some((o) => o.ok && !o.value.duplicate)) announce();
            return outcomes;
          },
          { ...DEFAULT_GROUP_COMMIT, ...(options.groupCommit === true ? {} : options.groupCommit) },
        );

  const appendNow = (prepared: PreparedAppend): AppendResult => {
    const result = writer.commitOne(prepared);
    if (!result.duplicate) announce();
    return result;
  };

  const open = (): void => {
    if (closed) throw new StoreClosedError(backend);
  };

  const readAll = (after: number, limit: number, lazyMetadata = false): RecordedEvent[] => {
    open();
    const rows = sql.readAll.all(after, limit);
    const events = new Array<RecordedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) events[i] = decodeEventRow(registry, rows[i]!, trust, lazyMetadata);
    return events;
  };

  const source: SubscriptionSource = {
    readAfter: (after, limit) => promised(() => readAll(after, limit)),
    onAppended(listener) {
      appended.on(APPENDED, listener);
      return () => appended.off(APPENDED, listener);
    },
  };

  // better-sqlite3 is synchronous: the work happens in the call, and throws come back as rejections.
  return {
    backend,
    chain: 'global',

    append(streamId: string, events: readonly NewEvent[], appendOptions: AppendOptions): Promise<AppendResult> {
      // No `async` and no extra promise on the group-commit path: this runs for every append.
      let prepared: PreparedAppend;
      try {
        open();
        prepared = { streamId, events: encodeEvents(registry, events), options: appendOptions };
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      return group ? group.enqueue(prepared) : promised(() => appendNow(prepared));
    },

    readStream(streamId, readOptions = {}) {
      return promised(() => {
        open();
        const from = Math.max(0, readOptions.fromRevision ?? 0);
        const rows = sql.readStream.all(streamId, from, noLimit(readOptions.limit));
        return rows.map((row) => decodeEvent(registry, row, trust));
      });
    },

    readAll(readOptions = {}) {
      return promised(() => readAll(Math.max(0, readOptions.after ?? 0), noLimit(readOptions.limit), readOptions.lazyMetadata));
    },

    subscribe(subscribeOptions, handler): Subscription {
      open();
      const subscription = startSubscription(source, subscribeOptions, handler, timing);
      subscriptions.add(subscription);
      const forget = (): void => {
        subscriptions.delete(subscription);
      };
      subscription.done.then(forget, forget);
      return subscription;
    },

    readRecords(readOptions = {}) {
      return promised(() => {
        open();
        return sql.readRecords.all(Math.max(0, readOptions.after ?? 0), noLimit(readOptions.limit)).map(recordOfRow);
      });
    },

    chainSeal() {
      return promised(() => {
        open();
        const row = db.prepare<[], { sealedThrough: number; sealedAt: string }>('SELECT sealed_through AS sealedThrough, sealed_at AS sealedAt FROM chain_meta WHERE id = 1').get();
        return row ?? { sealedThrough: 0, sealedAt: '' };
      });
    },

    headPosition() {
      return promised(() => {
        open();
        return sql.head.get() ?? 0;
      });
    },

    streamRevision(streamId) {
      return promised(() => {
        open();
        return sql.streamRevision.get(streamId) ?? null;
      });
    },

    async close() {
      if (closed) return;
      // Appends already accepted are committed; subscriptions finish the batch in hand, then end.
      group?.drain();
      closed = true;
      const ending = [...subscriptions].map((s) => s.abort(new StoreClosedError(backend)).catch(() => undefined));
      await Promise.all(ending);
      db.close();
    },
  };
}

import { EventEmitter } from 'node:events';
import { eventRegistry } from '../../events/index.js';
import type { AppendOptions, AppendResult, EventStore, NewEvent, Subscription } from './port.js';
import { startModuleWorker } from './module-worker.js';
import { createSqliteStore } from './sqlite-store.js';
import type { SqliteStoreOptions } from './sqlite-store.js';
import { fromWire } from './sqlite-writer-messages.js';
import type { FromWriter, ToWriter, WriterThreadData } from './sqlite-writer-messages.js';
import { StoreClosedError, StoreUnavailableError } from './store-errors.js';
import { startSubscription } from './subscription.js';
import type { ManagedSubscription } from './subscription.js';

const backend = 'sqlite';
const APPENDED = 'appended';

/**
 * The embedded store with its disk writes off the main thread (issue 20): a writer thread
 * (sqlite-writer-worker.ts) owns the connection that appends, running the SQLite store's own append path and
 * group commit unchanged, and answers each append after its COMMIT; this thread sends the appends and reads
 * on a connection of its own (WAL readers never wait for the writer). A burst of submissions then costs this
 * thread a message each, not the transactions and the fsync. The events are validated in the writer thread;
 * its refusals come back as the same error classes. Only for a file (a `:memory:` database is one
 * connection's) and the application's event registry (the thread loads it by itself).
 */
export function createSqliteThreadStore(options: SqliteStoreOptions): EventStore {
  if (options.path === ':memory:') throw new Error('the writer thread needs a store file: a :memory: database belongs to one connection');
  if (options.registry !== eventRegistry) throw new Error("the writer thread validates with the application's event registry; another registry needs the store without it");
  // Opened first: it creates the file and its schema before the writer opens it.
  const reader = createSqliteStore({ ...options, groupCommit: false });
  const data: WriterThreadData = { path: options.path, synchronous: options.synchronous ?? 'FULL', groupCommit: options.groupCommit ?? false };
  const writer = startModuleWorker(import.meta.url, 'sqlite-writer-worker', data);
  const waiting = new Map<number, { resolve: (result: AppendResult) => void; reject: (error: Error) => void }>();
  const inFlight = new Set<Promise<unknown>>();
  const appended = new EventEmitter();
  appended.setMaxListeners(0);
  const subscriptions = new Set<ManagedSubscription>();
  const timing = { pollIntervalMs: options.pollIntervalMs ?? 500, defaultBatchSize: options.subscriptionBatchSize ?? 256 };
  let nextId = 0;
  let closing: Promise<void> | undefined;
  /** Set when the writer thread died: every append from then on fails as unavailable. */
  let lost: Error | undefined;

  writer.on('message', (message: FromWriter) => {
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.type === 'appended') {
      pending.resolve(message.result);
      if (!message.result.duplicate) appended.emit(APPENDED);
    } else pending.reject(fromWire(message.error));
  });
  const fail = (cause: unknown): void => {
    lost ??= new StoreUnavailableError(backend, { cause });
    for (const pending of waiting.values()) pending.reject(lost);
    waiting.clear();
  };
  writer.on('error', fail);
  const exited = new Promise<void>((resolve) =>
    writer.once('exit', (code) => {
      if (closing === undefined || waiting.size > 0) fail(new Error(`the writer thread exited (code ${code})`));
      resolve();
    }),
  );

  const source = {
    readAfter: (after: number, limit: number) => reader.readAll({ after, limit }),
    onAppended(listener: () => void) {
      appended.on(APPENDED, listener);
      return () => void appended.off(APPENDED, listener);
    },
  };

  return {
    backend,

    append(streamId: string, events: readonly NewEvent[], appendOptions: AppendOptions): Promise<AppendResult> {
      if (closing) return Promise.reject(new StoreClosedError(backend));
      if (lost) return Promise.reject(lost);
      const id = nextId++;
      const promise = new Promise<AppendResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        writer.postMessage({ type: 'append', id, streamId, events, options: appendOptions } satisfies ToWriter);
      });
      inFlight.add(promise);
      const settled = (): void => void inFlight.delete(promise);
      promise.then(settled, settled);
      return promise;
    },

    readStream: (streamId, readOptions) => reader.readStream(streamId, readOptions),
    readAll: (readOptions) => reader.readAll(readOptions),
    headPosition: () => reader.headPosition(),
    streamRevision: (streamId) => reader.streamRevision(streamId),

    subscribe(subscribeOptions, handler): Subscription {
      if (closing) throw new StoreClosedError(backend);
      const subscription = startSubscription(source, subscribeOptions, handler, timing);
      subscriptions.add(subscription);
      const forget = (): void => void subscriptions.delete(subscription);
      subscription.done.then(forget, forget);
      return subscription;
    },

    close() {
      closing ??= (async () => {
        // Sent behind every append accepted before now: the writer commits them all (its group commit's drain),
        // answers each, then ends.
        if (!lost) writer.postMessage({ type: 'close' } satisfies ToWriter);
        await Promise.allSettled([...inFlight]);
        await exited;
        await Promise.all([...subscriptions].map((s) => s.abort(new StoreClosedError(backend)).catch(() => undefined)));
        await reader.close();
      })();
      return closing;
    },
  };
}

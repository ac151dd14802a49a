import { EventEmitter } from 'node:events';
import { eventRegistry } from '../../events/index.js';
import type { AppendOptions, AppendResult, EventStore, NewEvent, Subscription } from './port.js';
import { createSqliteStore } from './sqlite-store.js';
import type { SqliteStoreOptions } from './sqlite-store.js';
import { fromWire } from './sqlite-writer-messages.js';
import type { FromWriter, ToWriter } from './sqlite-writer-messages.js';
import { StoreClosedError, StoreUnavailableError } from './store-errors.js';
import { startSubscription } from './subscription.js';
import type { ManagedSubscription } from './subscription.js';

const backend = 'sqlite';
const APPENDED = 'appended';

/** Throws unless a writer elsewhere can append for a store of these options (before one is started). */
export function assertForwardable(options: SqliteStoreOptions): void {
  if (options.path === ':memory:') throw new Error('an append writer elsewhere needs a store file: a :memory: database belongs to one connection');
  if (options.registry !== eventRegistry) throw new Error("the writer validates with the application's event registry; another registry needs the store without it");
}

/** Where the appends go: the writer thread (sqlite-thread-store.ts) or, under `serve --workers`, the primary process. */
export interface WriterLink {
  send(message: Extract<ToWriter, { type: 'append' }>): void;
  onAnswer(listener: (message: FromWriter) => void): void;
  /** The writer is gone: every append waiting fails as unavailable, and so does every later one. */
  onLost(listener: (cause: unknown) => void): void;
  /** Called once every append sent has been answered (or `drain` first, for a writer that commits on close): the link ends. */
  end(): Promise<void>;
  /** Called first on close, before the answers are awaited: a writer of our own commits what waits. */
  drain?(): void;
}

/**
 * The embedded store whose appends another thread or process makes (issue 20), reading on a connection of
 * its own (WAL readers never wait for the writer). Each append is answered by the writer after its COMMIT,
 * so nothing is acknowledged before it is durable; refusals come back as the same error classes; the live
 * subscriptions here wake on each answer (and poll for the appends of other processes). Only for a file
 * and the application's event registry (the writer loads it by itself).
 */
export function createForwardingStore(options: SqliteStoreOptions, link: WriterLink): EventStore {
  assertForwardable(options);
  const reader = createSqliteStore({ ...options, groupCommit: false });
  const waiting = new Map<number, { resolve: (result: AppendResult) => void; reject: (error: Error) => void }>();
  const inFlight = new Set<Promise<unknown>>();
  const appended = new EventEmitter();
  appended.setMaxListeners(0);
  const subscriptions = new Set<ManagedSubscription>();
  const timing = { pollIntervalMs: options.pollIntervalMs ?? 500, defaultBatchSize: options.subscriptionBatchSize ?? 256 };
  let nextId = 0;
  let closing: Promise<void> | undefined;
  let lost: Error | undefined;

  link.onAnswer((message) => {
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.type === 'appended') {
      pending.resolve(message.result);
      if (!message.result.duplicate) appended.emit(APPENDED);
    } else pending.reject(fromWire(message.error));
  });
  link.onLost((cause) => {
    lost ??= new StoreUnavailableError(backend, { cause });
    for (const pending of waiting.values()) pending.reject(lost);
    waiting.clear();
  });

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
        link.send({ type: 'append', id, streamId, events, options: appendOptions });
      });
      inFlight.add(promise);
      const settled = (): void => void inFlight.delete(promise);
      promise.then(settled, settled);
      return promise;
    },

    // The chain is hashed by the writer; reading it back is a read like any other.
    chain: reader.chain,
    readRecords: (readOptions) => reader.readRecords(readOptions),
    ...(reader.chainSeal ? { chainSeal: () => reader.chainSeal!() } : {}),

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
        // Every append accepted before now is committed and answered before the link ends.
        if (!lost) link.drain?.();
        await Promise.allSettled([...inFlight]);
        await link.end();
        await Promise.all([...subscriptions].map((s) => s.abort(new StoreClosedError(backend)).catch(() => undefined)));
        await reader.close();
      })();
      return closing;
    },
  };
}

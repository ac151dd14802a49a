import { EventEmitter } from 'node:events';
import { BACKWARDS, END, ErrorType, EventStoreDBClient, FORWARDS, START, StreamNotFoundError, WrongExpectedVersionError, streamNameFilter } from '@eventstore/db-client';
import type { AllStreamSubscription, AppendExpectedRevision, EventData, ResolvedEvent } from '@eventstore/db-client';
import type { EventMetadata, EventRegistry } from '../../events/index.js';
import { ConcurrencyError, InvalidEventError } from './errors.js';
import { encodeEvents } from './event-codec.js';
import type { ReadTrust } from './event-codec.js';
import {
  COMMAND_STREAM_PREFIX,
  OUR_STREAM_PREFIXES,
  UUID_PATTERN,
  commandEventId,
  customMetadataOf,
  decodeEsdbEvent,
  isOurStream,
  positionOf,
  storedRecordOf,
} from './eventstoredb-codec.js';
import type { EsdbMetadata, EsdbRecord } from './eventstoredb-codec.js';
import { chainHash, GENESIS_HASH } from './event-hash.js';
import type { AppendOptions, AppendResult, EventStore, ExpectedVersion, NewEvent, RecordedEvent, Subscription } from './port.js';
import { CommandReuseError, StoreClosedError, StoreUnavailableError } from './store-errors.js';
import { startSubscription } from './subscription.js';
import type { ManagedSubscription, SubscriptionSource } from './subscription.js';

export interface EventStoreDbStoreOptions {
  /** esdb://host:port[,host:port…]?tls=… (the client's connection string; a cluster is discovered by gossip). */
  url: string;
  registry: EventRegistry;
  /** A call taking longer fails as unavailable (ms). */
  deadlineMs?: number;
  /** How often live subscriptions look for appends when the server's `$all` subscription is down. */
  pollIntervalMs?: number;
  subscriptionBatchSize?: number;
  readTrust?: ReadTrust;
  /**
   * The commit position this store's log starts after: older events of the server are not part of it.
   * 0 (default) for a server of its own; the contract suite on a shared real server starts each test at the head.
   */
  origin?: number;
}

/** What a command's marker stream holds: where and with what result the command was appended. */
interface CommandMarker {
  streamId: string;
  nextRevision: number;
  position: number;
}

const APPENDED = 'appended';
/** An append narrowed from 'any' to the tip it chained on is planned again this often when others get in between. */
const NARROWED_ATTEMPTS = 10;
const REMEMBERED_TIPS = 10_000;

interface StreamTip {
  revision: number | null;
  hash: string;
}
// $all is read in pages this big and filtered here: the client's readAll takes no server-side filter.
const PAGE = 512;
const RETRY_MIN_MS = 50;
const RETRY_MAX_MS = 2000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { type, code } = error as { type?: unknown; code?: unknown };
  // 14 UNAVAILABLE, 4 DEADLINE_EXCEEDED (a raw gRPC error not converted by the client); not-leader is the
  // moment of an election: the same request soon, on the new leader, may succeed.
  return type === ErrorType.UNAVAILABLE || type === ErrorType.DEADLINE_EXCEEDED || type === ErrorType.NOT_LEADER || code === 14 || code === 4;
}

function expectedRevisionOf(expected: ExpectedVersion): AppendExpectedRevision {
  return typeof expected === 'number' ? BigInt(expected) : expected;
}

function noLimit(limit: number | undefined): number {
  if (limit === undefined) return Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be an integer ≥ 0: ${limit}`);
  return limit;
}

/**
 * The event store on EventStoreDB / KurrentDB through @eventstore/db-client (DESIGN.md §3).
 * - Positions are `$all` commit positions: strictly increasing in commit order, not gap-free.
 * - Command ids: EventStoreDB has no multi-stream transaction and no secondary index, so a command's result
 *   is recorded after its append in a marker stream of its own (`hrss-command-<id>`, outside our prefixes),
 *   looked up before each append that names a command. Event ids left out are derived from the command id,
 *   so a retry that raced the first append (or came between its append and its marker) is recognised in
 *   the target stream by its first event id after the server refuses its expected version.
 * - Subscriptions deliver by reading `$all` from the checkpoint (ordered batches, the checkpoint exact);
 *   a filtered `$all` subscription from the end only wakes them when another client appends, resubscribed
 *   with back-off when it drops, with a slow poll behind it.
 */
export function createEventStoreDbStore(options: EventStoreDbStoreOptions): EventStore {
  const backend = 'eventstoredb';
  const { registry } = options;
  const trust = options.readTrust ?? 'current';
  const origin = options.origin ?? 0;
  const callOptions = { deadline: options.deadlineMs ?? 10_000 };
  const client = EventStoreDBClient.connectionString(options.url);
  const appended = new EventEmitter();
  appended.setMaxListeners(0);
  const announce = (): void => void appended.emit(APPENDED);
  const subscriptions = new Set<ManagedSubscription>();
  const timing = { pollIntervalMs: options.pollIntervalMs ?? 1000, defaultBatchSize: options.subscriptionBatchSize ?? 256 };
  let closed = false;
  let watcher: AllStreamSubscription | undefined;
  let watching = false;

  const open = (): void => {
    if (closed) throw new StoreClosedError(backend);
  };

  /** Runs a call, mapping a server out of reach to StoreUnavailableError. */
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    open();
    try {
      return await run();
    } catch (error) {
      if (closed) throw new StoreClosedError(backend);
      if (isUnavailable(error)) throw new StoreUnavailableError(backend, { cause: error });
      throw error;
    }
  };

  const decode = (resolved: ResolvedEvent): RecordedEvent => decodeEsdbEvent(registry, resolved.event as unknown as EsdbRecord, trust);

  /** A stream's events, forward; no stream reads as an empty list. */
  const readStreamRecords = (streamId: string, fromRevision: number, maxCount: number): Promise<ResolvedEvent[]> =>
    call(async () => {
      const events: ResolvedEvent[] = [];
      try {
        for await (const e of client.readStream(streamId, { fromRevision: BigInt(fromRevision), maxCount, direction: FORWARDS, ...callOptions })) events.push(e);
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
      return events;
    });

  const readAll = (after: number, limit: number): Promise<RecordedEvent[]> => scanAll(after, limit, decode);

  /** Our events of `$all` after a position, mapped one by one. */
  const scanAll = <T>(after: number, limit: number, map: (e: ResolvedEvent) => T): Promise<T[]> =>
    call(async () => {
      const out: T[] = [];
      let from: bigint | undefined = after > 0 ? BigInt(after) : undefined;
      while (out.length < limit) {
        // A read from a position includes the event at it: `after` is exclusive, so it is skipped below.
        const page: ResolvedEvent[] = [];
        const fromPosition = from === undefined ? START : { commit: from, prepare: from };
        for await (const e of client.readAll({ fromPosition, maxCount: PAGE, direction: FORWARDS, ...callOptions })) page.push(e);
        for (const e of page) {
          const record = e.event;
          if (!record?.position || positionOf(record.position.commit) <= after || !isOurStream(record.streamId)) continue;
          out.push(map(e));
          if (out.length === limit) break;
        }
        if (page.length < PAGE) break;
        from = page.at(-1)!.event!.position!.commit;
        if (page.length === 1) break;
      }
      return out;
    });

  /** Reads for the subscription loop: a server out of reach is waited for (with back-off) instead of ending it. */
  const readAfterPatiently = async (after: number, limit: number): Promise<RecordedEvent[]> => {
    for (let wait = RETRY_MIN_MS; ; wait = Math.min(wait * 2, RETRY_MAX_MS)) {
      try {
        return await readAll(after, limit);
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
        await sleep(wait);
      }
    }
  };

  const source: SubscriptionSource = {
    readAfter: (after, limit) => readAfterPatiently(Math.max(origin, after), limit),
    onAppended(callback) {
      appended.on(APPENDED, callback);
      return () => appended.off(APPENDED, callback);
    },
  };

  /** The `$all` subscription that tells of other clients' appends; resubscribed with back-off when it drops. */
  const watch = (wait = RETRY_MIN_MS): void => {
    if (closed || watcher || subscriptions.size === 0) return;
    watching = true;
    const subscription = client.subscribeToAll({ fromPosition: END, filter: streamNameFilter({ prefixes: [...OUR_STREAM_PREFIXES] }), ...callOptions });
    watcher = subscription;
    subscription.on('confirmation', announce);
    subscription.on('data', announce);
    subscription.on('error', () => {
      if (watcher !== subscription) return;
      watcher = undefined;
      void subscription.unsubscribe().catch(() => undefined);
      // Whatever was appended while it was down is read from the checkpoint once it is back (confirmation).
      setTimeout(() => watch(Math.min(wait * 2, RETRY_MAX_MS)), wait).unref();
    });
  };

  const readMarker = async (commandId: string): Promise<CommandMarker | undefined> => {
    const [marker] = await readStreamRecords(`${COMMAND_STREAM_PREFIX}${commandId}`, 0, 1);
    return marker?.event ? (marker.event.data as unknown as CommandMarker) : undefined;
  };

  const writeMarker = async (commandId: string, marker: CommandMarker): Promise<void> => {
    try {
      await call(() =>
        client.appendToStream(`${COMMAND_STREAM_PREFIX}${commandId}`, { id: commandEventId(commandId, -1), contentType: 'application/json', type: 'CommandAnswered', data: { ...marker }, metadata: undefined }, { expectedRevision: 'no_stream', ...callOptions }),
      );
    } catch (error) {
      // A racing retry recorded the same answer first.
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  };

  /** The result of a command whose events are already in the stream (found by its first event's id), if they are. */
  const findInStream = async (streamId: string, firstEventId: string, count: number): Promise<CommandMarker | undefined> => {
    const stream = await readStreamRecords(streamId, 0, Number.MAX_SAFE_INTEGER);
    const first = stream.findIndex((e) => e.event?.id === firstEventId);
    const last = first < 0 ? undefined : stream[first + count - 1]?.event;
    if (!last?.position) return undefined;
    return { streamId, nextRevision: Number(last.revision), position: positionOf(last.position.commit) };
  };

  /** The last revision and chain hash of streams this process appended to: an exact-revision append needs no read. */
  const tips = new Map<string, StreamTip>();
  const rememberTip = (streamId: string, tip: StreamTip): void => {
    tips.delete(streamId);
    tips.set(streamId, tip);
    if (tips.size > REMEMBERED_TIPS) tips.delete(tips.keys().next().value!);
  };

  /**
   * Where the stream's chain ends: its last revision and that event's hash (GENESIS for no stream, or for a
   * stream whose last event predates the chain: its chain starts at its first hashed event).
   */
  const tipOf = async (streamId: string, expected: ExpectedVersion): Promise<StreamTip> => {
    if (expected === 'no_stream') return { revision: null, hash: GENESIS_HASH };
    const known = tips.get(streamId);
    if (known && known.revision === expected) return known;
    const [lastEvent] = await call(async () => {
      const found: ResolvedEvent[] = [];
      try {
        // Read to the end, never broken off (see streamRevision).
        for await (const e of client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1, ...callOptions })) found.push(e);
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
      return found;
    });
    if (!lastEvent?.event) return { revision: null, hash: GENESIS_HASH };
    const hash = (lastEvent.event.metadata as Partial<EsdbMetadata> | undefined)?.chain?.hash;
    return { revision: Number(lastEvent.event.revision), hash: typeof hash === 'string' ? hash : GENESIS_HASH };
  };

  return {
    backend,
    // Per stream: the server assigns positions at commit, so an append cannot know its global predecessor.
    chain: 'stream',

    async append(streamId: string, events: readonly NewEvent[], appendOptions: AppendOptions): Promise<AppendResult> {
      open();
      const { commandId, expectedVersion } = appendOptions;
      const encoded = encodeEvents(registry, events);
      encoded.forEach((e, i) => {
        if (events[i]!.eventId === undefined && commandId !== undefined) e.eventId = commandEventId(commandId, i);
        else if (!UUID_PATTERN.test(e.eventId)) throw new InvalidEventError(e.type, i, [{ path: 'eventId', message: 'a uuid (EventStoreDB event ids are uuids)' }]);
      });

      if (commandId !== undefined) {
        const marker = await readMarker(commandId);
        if (marker) {
          if (marker.streamId !== streamId) throw new CommandReuseError(commandId, streamId, marker.streamId);
          return { nextRevision: marker.nextRevision, position: marker.position, duplicate: true };
        }
      }

      const parsedMetadata = new Map<string, EventMetadata>();
      const metadataOf = (json: string): EventMetadata => {
        let metadata = parsedMetadata.get(json);
        if (!metadata) parsedMetadata.set(json, (metadata = JSON.parse(json) as EventMetadata));
        return metadata;
      };
      // 'any' and 'stream_exists' are narrowed to the revision the chain was computed on: should another
      // writer get in between, the server refuses and the append is planned again on the new tip.
      const narrowed = expectedVersion === 'any' || expectedVersion === 'stream_exists';
      let result: AppendResult | undefined;
      let last = '';
      for (let attempt = 1; result === undefined; attempt++) {
        const tip = await tipOf(streamId, expectedVersion);
        if (expectedVersion === 'stream_exists' && tip.revision === null) throw new ConcurrencyError(streamId, expectedVersion, null);
        const sent: ExpectedVersion = narrowed && tip.revision !== null ? tip.revision : narrowed && expectedVersion === 'any' ? 'no_stream' : expectedVersion;
        let previous = tip.hash;
        const data: EventData[] = encoded.map((e, i) => {
          const revision = (tip.revision ?? -1) + 1 + i;
          const hash = chainHash({ position: null, streamId, revision, eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }, previous);
          const link = { previous, hash };
          previous = hash;
          return { id: e.eventId, contentType: 'application/json', type: e.type, data: JSON.parse(e.data) as Record<string, unknown>, metadata: { ...customMetadataOf(e, metadataOf(e.metadata), link) } };
        });
        last = previous;
        try {
          const written = await call(() => client.appendToStream(streamId, data, { expectedRevision: expectedRevisionOf(sent), ...callOptions }));
          if (!written.position) throw new Error(`the server answered an append to ${streamId} without a position`);
          result = { nextRevision: Number(written.nextExpectedRevision), position: positionOf(written.position.commit), duplicate: false };
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          tips.delete(streamId);
          if (commandId !== undefined) {
            const done = await findInStream(streamId, encoded[0]!.eventId, encoded.length);
            if (done) {
              await writeMarker(commandId, done);
              return { nextRevision: done.nextRevision, position: done.position, duplicate: true };
            }
          }
          if (narrowed && attempt < NARROWED_ATTEMPTS) {
            // Others got in first: wait a moment, more each time, so racing writers spread out.
            await sleep(Math.random() * RETRY_MIN_MS * attempt);
            continue;
          }
          throw new ConcurrencyError(streamId, expectedVersion, error.actualVersion === 'no_stream' ? null : Number(error.actualVersion));
        }
      }
      rememberTip(streamId, { revision: result.nextRevision, hash: last });
      announce();
      if (commandId !== undefined) await writeMarker(commandId, { streamId, nextRevision: result.nextRevision, position: result.position });
      return result;
    },

    async readStream(streamId, readOptions = {}) {
      const limit = noLimit(readOptions.limit);
      if (limit === 0) return [];
      const records = await readStreamRecords(streamId, Math.max(0, readOptions.fromRevision ?? 0), limit);
      return records.map(decode);
    },

    readAll(readOptions = {}) {
      const limit = noLimit(readOptions.limit);
      return limit === 0 ? Promise.resolve([]) : readAll(Math.max(origin, readOptions.after ?? 0), limit);
    },

    readRecords(readOptions = {}) {
      const limit = noLimit(readOptions.limit);
      return limit === 0 ? Promise.resolve([]) : scanAll(Math.max(origin, readOptions.after ?? 0), limit, (e) => storedRecordOf(e.event as unknown as EsdbRecord));
    },

    subscribe(subscribeOptions, handler): Subscription {
      open();
      const subscription = startSubscription(source, subscribeOptions, handler, timing);
      subscriptions.add(subscription);
      watch();
      const forget = (): void => {
        subscriptions.delete(subscription);
      };
      subscription.done.then(forget, forget);
      return subscription;
    },

    headPosition: () =>
      call(async () => {
        // The newest of our events: `$all` backwards, past the markers and the server's own events.
        let from: typeof END | { commit: bigint; prepare: bigint } = END;
        for (;;) {
          const page: ResolvedEvent[] = [];
          for await (const e of client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: 64, ...callOptions })) page.push(e);
          const ours = page.find((e) => e.event && isOurStream(e.event.streamId));
          if (ours?.event?.position) {
            const position = positionOf(ours.event.position.commit);
            return position > origin ? position : 0;
          }
          if (page.length < 64 || positionOf(page.at(-1)!.event!.position!.commit) <= origin) return 0;
          const last = page.at(-1)!.event!.position!.commit - 1n;
          from = { commit: last, prepare: last };
        }
      }),

    tailStart: (count) =>
      call(async () => {
        // `$all` backwards, our events counted, to the one before the newest `count`.
        let seen = 0;
        let from: typeof END | { commit: bigint; prepare: bigint } = END;
        for (;;) {
          const page: ResolvedEvent[] = [];
          for await (const e of client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: PAGE, ...callOptions })) page.push(e);
          for (const e of page) {
            if (!e.event?.position || !isOurStream(e.event.streamId)) continue;
            const position = positionOf(e.event.position.commit);
            if (position <= origin) return origin;
            if (seen++ === count) return position;
          }
          if (page.length < PAGE) return origin;
          const last = page.at(-1)!.event!.position!.commit - 1n;
          from = { commit: last, prepare: last };
        }
      }),

    streamRevision: (streamId) =>
      call(async () => {
        // Read to the end, never broken off: a read left unfinished would hold the client's dispose() forever.
        let revision: number | null = null;
        try {
          for await (const e of client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1, ...callOptions })) {
            if (e.event) revision = Number(e.event.revision);
          }
        } catch (error) {
          if (error instanceof StreamNotFoundError) return null;
          throw error;
        }
        return revision;
      }),

    async close() {
      if (closed) return;
      closed = true;
      const ending = [...subscriptions].map((s) => s.abort(new StoreClosedError(backend)).catch(() => undefined));
      await Promise.all(ending);
      const w = watcher;
      watcher = undefined;
      if (watching) await w?.unsubscribe().catch(() => undefined);
      await client.dispose();
    },
  };
}

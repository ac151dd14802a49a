import type { EventMetadata } from '../../events/index.js';

/**
 * The event store contract every backend honours (DESIGN.md §3): SQLite (default), PostgreSQL, EventStoreDB.
 * Revisions count from 0 within a stream. Positions in the global log are integers ≥ 1, strictly increasing
 * in commit order; SQLite and PostgreSQL number them 1..N without a gap, EventStoreDB's (`$all` commit
 * positions) skip, so no code may count events by subtracting positions.
 */

/** any | no stream (the stream must be empty) | stream exists | the exact revision of the stream's last event. */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export interface NewEvent {
  /** Left out, the store assigns a uuid. */
  eventId?: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  eventId: string;
  streamId: string;
  /** 0-based revision within the stream. */
  revision: number;
  /** Position in the global log: ≥ 1, strictly increasing in commit order (gap-free on SQLite and PostgreSQL only). */
  position: number;
  type: string;
  /** The schema version the event parsed to (after upcasting). */
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

/**
 * An event as its backend holds it, unparsed, with its chain hash (event-hash.ts): what `npm run verify`
 * checks, export writes and restore installs. `data` and `metadata` are the stored JSON texts.
 */
export interface StoredRecord {
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
  /** The chain hash stored with the event; '' when it holds none. */
  hash: string;
  /** Stream chain only (EventStoreDB): the hash the event names as its stream predecessor's. */
  previous?: string;
}

/**
 * How a backend chains its events (event-hash.ts): `global`, each to the previous event of the log (SQLite,
 * PostgreSQL: one writer at a time knows it); `stream`, each to the previous event of its stream, the log
 * tied together by anchors over `$all` (EventStoreDB: the server assigns positions at commit).
 */
export type ChainKind = 'global' | 'stream';

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /** A retry with the same command id appends nothing and returns the first result. */
  commandId?: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextRevision: number;
  /** Global position of the last appended event. */
  position: number;
  /** True when this was a retry answered from the command id. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  limit?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with position > after. 0 reads from the start. */
  after?: number;
  limit?: number;
  /**
   * Parse an event's metadata when it is first read, not with the event: a replay needs it for a few event
   * types only, and parsing it for every event is a large share of a replay (README, replay figures). The
   * metadata is then an accessor on the event's prototype, which a spread or JSON.stringify of the event
   * leaves out: for readers that only read fields. A backend may ignore it.
   */
  lazyMetadata?: boolean;
}

export interface SubscribeOptions {
  /** The checkpoint: the position of the last event the subscriber handled (0 for none). */
  after: number;
  batchSize?: number;
}

export type BatchHandler = (events: RecordedEvent[]) => Promise<void> | void;

export interface Subscription {
  /** Resolves once the subscriber has handled everything that was in the log when it caught up. */
  readonly caughtUp: Promise<void>;
  /** The position of the last event handed to the handler and acknowledged. */
  readonly checkpoint: () => number;
  /** Stops delivering; resolves after the batch in hand is done. Rejects if the handler failed. */
  stop(): Promise<void>;
  /** Rejects when the subscription ends with an error (a handler threw, the store closed). */
  readonly done: Promise<void>;
}

export interface EventStore {
  readonly backend: string;
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Events of one stream, forward. A stream that has no events does not exist ("no stream"): it reads as an
   * empty list, as does a range past its end; `streamRevision` tells the two apart.
   */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The global log, forward, in batches. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up from the checkpoint, then live; batches are delivered in order and one at a time. */
  subscribe(options: SubscribeOptions, handler: BatchHandler): Subscription;
  readonly chain: ChainKind;
  /** The log as stored, forward, with the chain hashes; nothing parsed or upcast (verify, export). */
  readRecords(options?: { after?: number; limit?: number }): Promise<StoredRecord[]>;
  /**
   * Where the chain's guarantee starts (SQLite, PostgreSQL): events up to `sealedThrough` were written before
   * the chain and hashed when the store was upgraded, at `sealedAt`; 0 when the store chained from its first.
   */
  chainSeal?(): Promise<{ sealedThrough: number; sealedAt: string }>;
  /**
   * The position after which the newest `count` events lie (0 when the log holds no more). Left out where
   * positions are gap-free: there it is the head − count.
   */
  tailStart?(count: number): Promise<number>;
  /** The position of the newest event in the global log (0 when empty). */
  headPosition(): Promise<number>;
  /** The revision of the last event of a stream, or null for no stream. */
  streamRevision(streamId: string): Promise<number | null>;
  close(): Promise<void>;
}

import { v5 as uuidv5 } from 'uuid';
import type { EventMetadata, EventRegistry } from '../../events/index.js';
import { SINGLE_STREAMS, STREAM_PREFIXES } from '../../events/index.js';
import type { EncodedEvent, ReadTrust } from './event-codec.js';
import type { RecordedEvent, StoredRecord } from './port.js';

/**
 * How our events sit in EventStoreDB (KurrentDB): the data as a JSON event (content type application/json,
 * so the server's UI and projections read it), and our metadata wrapped with its schema version in the
 * event's custom metadata. `$correlationId` and `$causationId` are copied up, where the server's own
 * `$by_correlation_id` projection looks for them.
 */
export interface EsdbMetadata {
  $correlationId: string;
  $causationId: string;
  schemaVersion: number;
  metadata: EventMetadata;
  /** The stream chain (event-hash.ts): the hash of the stream's previous event, and this event's. Absent on events written before it. */
  chain?: EsdbChainLink;
}

export interface EsdbChainLink {
  previous: string;
  hash: string;
}

/** The streams of our log in `$all`: what the `$all` filter keeps (the server's system streams and our command markers are left out). */
export const OUR_STREAM_PREFIXES: readonly string[] = [...Object.values(STREAM_PREFIXES), ...Object.values(SINGLE_STREAMS)];

const SINGLES = new Set<string>(Object.values(SINGLE_STREAMS));
const PREFIXES = Object.values(STREAM_PREFIXES);
/** Exact membership (the server filter's prefixes would also let `catalogue-x` through). */
export const isOurStream = (streamId: string): boolean => SINGLES.has(streamId) || PREFIXES.some((p) => streamId.startsWith(p));

/** A command's marker stream: where the store records which stream a command id was appended to, and its result. */
export const COMMAND_STREAM_PREFIX = 'hrss-command-';

/** Event ids must be uuids on EventStoreDB (the server's idempotency key). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Fixed forever: a retried command left without event ids gets the same ids again.
const EVENT_ID_NAMESPACE = '3f6c1d2e-8b4a-5c7d-9e0f-1a2b3c4d5e6f';
/** The id of the event at `index` of a command's append, when the caller gave none. */
export const commandEventId = (commandId: string, index: number): string => uuidv5(`${commandId}\u001f${index}`, EVENT_ID_NAMESPACE);

/**
 * The port's position from a commit position: the byte offset of the commit in the server's transaction log.
 * A number is exact up to 2^53 bytes (8 PiB of log, far beyond any bureau's); past it the read fails loudly
 * rather than hand out a rounded position.
 */
export function positionOf(commit: bigint): number {
  if (commit > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`commit position ${commit} exceeds 2^53: positions would lose precision`);
  return Number(commit);
}

export function customMetadataOf(encoded: EncodedEvent, metadata: EventMetadata, chain: EsdbChainLink): EsdbMetadata {
  return { $correlationId: metadata.correlationId, $causationId: metadata.causationId, schemaVersion: encoded.schemaVersion, metadata, chain };
}

/** The event as stored, its JSON re-serialized (the client parsed it; it was written from the codec's text, so the text comes back). */
export function storedRecordOf(record: EsdbRecord): StoredRecord {
  const meta = record.metadata as Partial<EsdbMetadata> | undefined;
  if (!record.position) throw new Error(`event ${record.id} of ${record.streamId} has no position`);
  return {
    position: positionOf(record.position.commit),
    streamId: record.streamId,
    revision: Number(record.revision),
    eventId: record.id,
    type: record.type,
    schemaVersion: typeof meta?.schemaVersion === 'number' ? meta.schemaVersion : 0,
    data: record.data instanceof Uint8Array ? Buffer.from(record.data).toString('utf8') : JSON.stringify(record.data),
    metadata: meta?.metadata === undefined ? '' : JSON.stringify(meta.metadata),
    hash: typeof meta?.chain?.hash === 'string' ? meta.chain.hash : '',
    ...(typeof meta?.chain?.previous === 'string' ? { previous: meta.chain.previous } : {}),
  };
}

/** The fields of a recorded event the client hands back (a JSON event: data and custom metadata parsed). */
export interface EsdbRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  position?: { commit: bigint } | undefined;
}

/** Our recorded event from the client's, its data lifted to the current schema version (as event-codec.ts does). */
export function decodeEsdbEvent(registry: EventRegistry, record: EsdbRecord, trust: ReadTrust): RecordedEvent {
  const meta = record.metadata as EsdbMetadata | undefined;
  if (!meta || typeof meta.schemaVersion !== 'number' || !record.position) {
    throw new Error(`event ${record.id} of ${record.streamId} was not written by this store (no schema version or position)`);
  }
  const current = registry.definition(record.type).version;
  const { data, version } =
    trust === 'current' && meta.schemaVersion === current ? { data: record.data, version: current } : registry.upcast(record.type, meta.schemaVersion, record.data);
  return {
    eventId: record.id,
    streamId: record.streamId,
    revision: Number(record.revision),
    position: positionOf(record.position.commit),
    type: record.type,
    schemaVersion: version,
    data,
    metadata: meta.metadata,
  };
}

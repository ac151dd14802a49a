import { createHash, hash } from 'node:crypto';

/**
 * The tamper-evident chain (issue 18): every event carries a SHA-256 over a canonical, versioned encoding of
 * what its record holds plus the hash of the event before it. The one definition of that encoding; every
 * backend, `npm run verify`, export and restore hash through here (tests/unit/event-hash.test.ts holds
 * known vectors, so a change to it cannot pass unnoticed).
 *
 * Encoding v1: the UTF-8 bytes of  HEAD "\n" data metadata,  where HEAD is the JSON array
 *   ["hrss-chain/1", position, streamId, revision, eventId, type, schemaVersion, dataBytes, metadataBytes, previous]
 * `data` and `metadata` are the stored JSON texts byte for byte (what the row holds), `dataBytes` and
 * `metadataBytes` their UTF-8 lengths (which delimit them: HEAD holds no raw newline), the recorded time is
 * the metadata's `occurredAt` (the instant the command handler stamped), and `previous` the previous
 * event's hash in hex (GENESIS for the first). The texts follow HEAD as they are, not JSON-escaped inside
 * it: escaping a kilobyte of JSON cost more than the SHA-256 itself (README, the append figures).
 * - Global chain (SQLite, PostgreSQL): `position` is the event's global position and `previous` the hash of
 *   the event at position − 1: the single writer (SQLite's write lock, PostgreSQL's locked log_head) knows it.
 * - Stream chain (EventStoreDB): the server assigns positions at commit, so `position` is null and `previous`
 *   is the hash of the stream's previous revision; a global anchor over `$all` (log-verify.ts) ties the
 *   streams together.
 */
export const CHAIN_ENCODING = 'hrss-chain/1';

/** The `previous` of the first event of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  /** The global position (global chain), or null (stream chain). */
  position: number | null;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  /** The stored JSON text of the data. */
  data: string;
  /** The stored JSON text of the metadata. */
  metadata: string;
}

/** The canonical encoding of one event and its predecessor's hash: what is hashed. */
export function chainEncoding(fields: ChainedFields, previous: string): string {
  const head = JSON.stringify([
    CHAIN_ENCODING,
    fields.position,
    fields.streamId,
    fields.revision,
    fields.eventId,
    fields.type,
    fields.schemaVersion,
    Buffer.byteLength(fields.data),
    Buffer.byteLength(fields.metadata),
    previous,
  ]);
  return `${head}\n${fields.data}${fields.metadata}`;
}

/** The event's chain hash, lower-case hex (one native call: this runs for every event appended). */
export function chainHash(fields: ChainedFields, previous: string): string {
  return hash('sha256', chainEncoding(fields, previous));
}

/**
 * The global anchor of a stream-chained log (EventStoreDB): a running digest over the events in `$all`
 * order, each step the SHA-256 of the JSON ["hrss-anchor/1", digest so far, position, event hash].
 * On the global chain the anchor at a position is simply the event's hash there.
 */
export function anchorStep(digest: string, position: number, eventHash: string): string {
  return createHash('sha256').update(JSON.stringify(['hrss-anchor/1', digest, position, eventHash])).digest('hex');
}

export const HASH_PATTERN = /^[0-9a-f]{64}$/;

import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventRegistry } from '../../events/index.js';
import { InvalidEventError } from './errors.js';
import { StoredEventDamagedError } from './store-errors.js';
import { encodeMetadata } from './metadata-codec.js';
import type { NewEvent, RecordedEvent, StoredRecord } from './port.js';

/**
 * Turns new events into rows and rows back into recorded events, the same way for every backend:
 * data is checked against the current schema and stored with its version; reads go through the upcasters.
 */

/** A validated event, serialized and ready for any backend to write. */
export interface EncodedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
}

/** A stored event as a backend reads it, before parsing. */
export interface StoredEvent {
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
}

/** Validates every event of one append; throws InvalidEventError for the first bad one, so nothing is written. */
export function encodeEvents(registry: EventRegistry, events: readonly NewEvent[]): EncodedEvent[] {
  if (events.length === 0) throw new RangeError('an append needs at least one event');
  // The events of one command usually share one metadata object: check and serialize it once.
  let lastMetadata: unknown;
  let lastMetadataJson = '';
  return events.map((event, index) => {
    const checked = registry.validate(event.type, event.data);
    if (!checked.ok) throw new InvalidEventError(event.type, index, checked.issues);
    if (index === 0 || event.metadata !== lastMetadata) {
      const meta = encodeMetadata(event.metadata);
      if (!meta.ok) throw new InvalidEventError(event.type, index, meta.issues);
      lastMetadata = event.metadata;
      lastMetadataJson = meta.json;
    }
    if (event.eventId !== undefined && (typeof event.eventId !== 'string' || event.eventId.length === 0)) {
      throw new InvalidEventError(event.type, index, [{ path: 'eventId', message: 'a non-empty string' }]);
    }
    return {
      eventId: event.eventId ?? randomUUID(),
      type: event.type,
      schemaVersion: checked.version,
      // The parsed values, not the caller's objects: what is stored is exactly what the schemas admit.
      data: JSON.stringify(checked.data),
      metadata: lastMetadataJson,
    };
  });
}

/**
 * How far a read trusts what the store holds. `current`: data already at this code's schema version was
 * checked by the same schema on append (encodeEvents stores zod's output, and the schemas have no
 * transforms or defaults, so parsing it again gives back the same value): it is only JSON-parsed. Older
 * versions are always lifted through the upcasters and parsed. `none` parses every row, as a store whose
 * file other writers may have filled would.
 */
export type ReadTrust = 'current' | 'none';

/** Parses a stored row, lifting its data to the current schema version. */
export function decodeEvent(registry: EventRegistry, row: StoredEvent, trust: ReadTrust = 'none'): RecordedEvent {
  try {
    const { data, version } = decodeData(registry, row.type, row.schemaVersion, row.data, trust);
    return {
      eventId: row.eventId,
      streamId: row.streamId,
      revision: row.revision,
      position: row.position,
      type: row.type,
      schemaVersion: version,
      data,
      metadata: JSON.parse(row.metadata) as EventMetadata,
    };
  } catch (error) {
    throw new StoredEventDamagedError(row.streamId, row.revision, row.position, { cause: error });
  }
}

/** The data of a stored event at the current schema version. */
export function decodeData(
  registry: EventRegistry,
  type: string,
  schemaVersion: number,
  json: string,
  trust: ReadTrust,
): { data: unknown; version: number } {
  if (trust === 'current') {
    const version = registry.definition(type).version;
    if (schemaVersion === version) return { data: JSON.parse(json) as unknown, version };
  }
  return registry.upcast(type, schemaVersion, JSON.parse(json));
}

/** The columns of a stored event in a raw (array) row, in StoredEvent's order: position … metadata. */
export type StoredEventRow = [number, string, number, string, string, number, string, string];

/** A stored row with its chain hash ('' where the row has none), as verify and export read it. */
export type StoredRecordRow = [...StoredEventRow, hash: string];

export const recordOfRow = (r: StoredRecordRow): StoredRecord => ({
  position: r[0],
  streamId: r[1],
  revision: r[2],
  eventId: r[3],
  type: r[4],
  schemaVersion: r[5],
  data: r[6],
  metadata: r[7],
  hash: r[8],
});

/** decodeEvent for a raw row, the hot read of a replay: no object per row before the event itself. */
export function decodeEventRow(registry: EventRegistry, row: StoredEventRow, trust: ReadTrust, lazyMetadata = false): RecordedEvent {
  try {
    const { data, version } = decodeData(registry, row[4], row[5], row[6], trust);
    if (lazyMetadata) return new LazyMetadataEvent(row[3], row[1], row[2], row[0], row[4], version, data, row[7]);
    return {
      eventId: row[3],
      streamId: row[1],
      revision: row[2],
      position: row[0],
      type: row[4],
      schemaVersion: version,
      data,
      metadata: JSON.parse(row[7]) as EventMetadata,
    };
  } catch (error) {
    throw new StoredEventDamagedError(row[1], row[2], row[0], { cause: error });
  }
}

/** A recorded event whose metadata is parsed on first access (ReadAllOptions.lazyMetadata). */
class LazyMetadataEvent implements RecordedEvent {
  private parsed: EventMetadata | undefined = undefined;

  constructor(
    readonly eventId: string,
    readonly streamId: string,
    readonly revision: number,
    readonly position: number,
    readonly type: string,
    readonly schemaVersion: number,
    readonly data: unknown,
    private readonly metadataJson: string,
  ) {}

  get metadata(): EventMetadata {
    return (this.parsed ??= JSON.parse(this.metadataJson) as EventMetadata);
  }
}

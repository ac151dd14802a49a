import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventRegistry } from '../../events/index.js';
import { InvalidEventError } from './errors.js';
import { encodeMetadata } from './metadata-codec.js';
import type { NewEvent, RecordedEvent } from './port.js';

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

/** Parses a stored row, lifting its data to the current schema version. */
export function decodeEvent(registry: EventRegistry, row: StoredEvent): RecordedEvent {
  const { data, version } = registry.upcast(row.type, row.schemaVersion, JSON.parse(row.data));
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
}

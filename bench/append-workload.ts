import { randomUUID } from 'node:crypto';
import type { ExpectedVersion, NewEvent } from '../infra/store/port.js';
import type { StoredEvent } from '../infra/store/event-codec.js';
import { LIFECYCLE_LENGTH, lifecycleEvent, sampleMetadata } from '../tests/support/sample-events.js';

/**
 * The appends both sides of the benchmark write: one event per append, a stream per application living
 * the typical life of eight events (submitted with its full form and materials, accepted, decided, result
 * issued, dispatched, received, closed, rated).
 */
export interface BenchAppend {
  streamId: string;
  expectedVersion: ExpectedVersion;
  commandId: string;
  event: NewEvent & { eventId: string };
}

/** The same append as the rows a raw insert writes: the events row and the commands row. */
export type RawRow = Omit<StoredEvent, 'position'> & { commandId: string };


/** `count` appends spread over `lanes` independent writers (each lane owns its streams, in order). */
export function workload(count: number, lanes: number): BenchAppend[][] {
  const byLane: BenchAppend[][] = Array.from({ length: lanes }, () => []);
  const open = new Map<number, { streamId: string; revision: number }>();
  for (let i = 0; i < count; i++) {
    const lane = i % lanes;
    let stream = open.get(lane);
    if (!stream || stream.revision === LIFECYCLE_LENGTH - 1) {
      stream = { streamId: `application-${randomUUID()}`, revision: -1 };
      open.set(lane, stream);
    }
    stream.revision++;
    const commandId = randomUUID();
    const metadata = sampleMetadata({ commandId });
    const event = lifecycleEvent(stream.revision, metadata);
    byLane[lane]!.push({
      streamId: stream.streamId,
      expectedVersion: stream.revision === 0 ? 'no_stream' : stream.revision - 1,
      commandId,
      event: { ...event, eventId: randomUUID() },
    });
  }
  return byLane;
}

/** The appends in the order the store commits them: every lane's first, then every lane's second, … */
export function commitOrder(lanes: readonly (readonly BenchAppend[])[]): BenchAppend[] {
  const longest = Math.max(...lanes.map((l) => l.length));
  const order: BenchAppend[] = [];
  for (let i = 0; i < longest; i++) {
    for (const lane of lanes) {
      const append = lane[i];
      if (append) order.push(append);
    }
  }
  return order;
}

/** The rows the store writes for one append: the events row and the commands row, serialized. */
export function toRawRow(a: BenchAppend): RawRow {
  return {
    streamId: a.streamId,
    revision: a.expectedVersion === 'no_stream' ? 0 : (a.expectedVersion as number) + 1,
    eventId: a.event.eventId,
    type: a.event.type,
    schemaVersion: 1,
    data: JSON.stringify(a.event.data),
    metadata: JSON.stringify(a.event.metadata),
    commandId: a.commandId,
  };
}

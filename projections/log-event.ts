import { STREAM_PREFIXES } from '../events/index.js';
import type { DomainEvent } from '../events/index.js';

/**
 * An event as a projection sees it: a typed domain event with the stream, its revision in that stream and
 * the global position it was recorded at. Structurally what the event store's RecordedEvent carries after
 * parsing and upcasting.
 */
export type LogEvent = DomainEvent & { streamId: string; revision: number; position: number };

const { application: APPLICATION_PREFIX, bundle: BUNDLE_PREFIX, review: REVIEW_PREFIX } = STREAM_PREFIXES;

// The id last cut from a stream name. The projections an event feeds each ask for its id in turn: handing
// them the same string, not a new slice each, saves the slices and lets the maps they key hash it once.
// Same input, same output: it is a cache, not state.
let lastStream = '';
let lastPrefix = '';
let lastId = '';

function idAfter(prefix: string, streamId: string): string {
  if (streamId === lastStream && prefix === lastPrefix) return lastId;
  if (!streamId.startsWith(prefix)) throw new Error(`stream ${streamId} is not a ${prefix}<id> stream`);
  lastId = streamId.slice(prefix.length);
  lastStream = streamId;
  lastPrefix = prefix;
  return lastId;
}

/** Application events after the first carry no id in their data: the stream name holds it (DESIGN.md §3). */
export const applicationIdOf = (streamId: string): string => idAfter(APPLICATION_PREFIX, streamId);
export const bundleIdOf = (streamId: string): string => idAfter(BUNDLE_PREFIX, streamId);
export const ticketIdOf = (streamId: string): string => idAfter(REVIEW_PREFIX, streamId);

/** The month (YYYY-MM) a local date falls in; metric buckets are keyed by it. */
export const monthOf = (date: string): string => date.slice(0, 7);

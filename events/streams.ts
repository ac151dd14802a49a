/**
 * The streams of the log (DESIGN.md §3), named once: an aggregate's stream is its prefix and its id
 * (`application-<uuid>`, `report-2026-11`), or a single stream of that name (`catalog`, `calendar`).
 */
export const STREAM_PREFIXES = {
  application: 'application-',
  bundle: 'bundle-',
  review: 'review-',
  /** 定期通报: one stream per month, `report-YYYY-MM`. */
  report: 'report-',
} as const;

/** Streams of which there is one: the 实施清单's versions and the working-day calendar's revisions. */
export const SINGLE_STREAMS = {
  catalog: 'catalog',
  calendar: 'calendar',
} as const;

export type PrefixedStream = keyof typeof STREAM_PREFIXES;
export type SingleStream = keyof typeof SINGLE_STREAMS;
export type StreamKind = PrefixedStream | SingleStream;

/** The stream of aggregate `kind` with id `id` (a uuid, or a month for reports). */
export function streamIdOf(kind: PrefixedStream, id: string): string {
  return `${STREAM_PREFIXES[kind]}${id}`;
}

/** Whether `streamId` is a stream of `kind`. */
export function isStreamOf(kind: StreamKind, streamId: string): boolean {
  if (kind in SINGLE_STREAMS) return streamId === SINGLE_STREAMS[kind as SingleStream];
  const prefix = STREAM_PREFIXES[kind as PrefixedStream];
  return streamId.length > prefix.length && streamId.startsWith(prefix);
}

export const CATALOG_STREAM = SINGLE_STREAMS.catalog;
export const CALENDAR_STREAM = SINGLE_STREAMS.calendar;
export const reportStream = (month: string): string => streamIdOf('report', month);

import type { ExpectedVersion } from '../store/port.js';

/**
 * An aggregate read's ETag is its stream revision (DESIGN.md §3: the same history gives the same ETag on
 * every backend), as a strong entity tag.
 */
export function etagFor(revision: number): string {
  return `"${revision}"`;
}

/**
 * The expected version an If-Match header asks for: `*` = the stream exists, `"n"` = revision n; null when
 * it can never match (a weak tag, a list, garbage): If-Match compares strongly (RFC 9110 §13.1.1).
 */
export function parseIfMatch(header: string): ExpectedVersion | null {
  const value = header.trim();
  if (value === '*') return 'stream_exists';
  const match = /^"(\d{1,15})"$/.exec(value);
  return match ? Number(match[1]) : null;
}

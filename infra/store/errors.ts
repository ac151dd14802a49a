import type { EventIssue } from '../../events/index.js';
import type { ExpectedVersion } from './port.js';

export class ConcurrencyError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's current revision, null for no stream. */
    readonly actual: number | null,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, actual ${actual === null ? 'no stream' : actual}`);
    this.name = 'ConcurrencyError';
  }
}

export class StreamNotFoundError extends Error {
  readonly code = 'STREAM_NOT_FOUND';
  constructor(readonly streamId: string) {
    super(`stream not found: ${streamId}`);
    this.name = 'StreamNotFoundError';
  }
}

export class InvalidEventError extends Error {
  readonly code = 'INVALID_EVENT';
  constructor(
    readonly eventType: string,
    /** Index of the offending event within the append. */
    readonly index: number,
    readonly issues: EventIssue[],
  ) {
    super(`invalid ${eventType} event (#${index}): ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/** Checks an expected version against the stream's current revision (null = no stream). */
export function expectedVersionHolds(expected: ExpectedVersion, actual: number | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === null;
  if (expected === 'stream_exists') return actual !== null;
  return actual === expected;
}

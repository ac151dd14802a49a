import type { Request } from 'express';
import { HttpError } from '../http-error.js';
import { problemType } from '../problem.js';
import { validationError } from '../validation-error.js';
import type { ReadConsistency } from '../../application/ports.js';

/**
 * Read-your-writes. A command waits (bounded) for the read models to hold its write before it answers, and
 * answers with the global position it reached in the body and in X-Position. A client that reads through
 * another instance, or got `consistent: false`, sends that position back as X-Min-Position on its next
 * read: the read waits (bounded) until the read models have it, or answers 503 with Retry-After instead
 * of an answer that would not show the caller's own write.
 */
export const POSITION_HEADER = 'X-Position';
export const MIN_POSITION_HEADER = 'X-Min-Position';

export const READ_YOUR_WRITES_NOTE =
  `Send the ${POSITION_HEADER} of your last write as ${MIN_POSITION_HEADER} to read it back: the read waits for it (bounded), ` +
  'or answers 503 with Retry-After.';

export function awaitMinPosition(req: Request, consistency: ReadConsistency): Promise<void> | undefined {
  const header = req.get(MIN_POSITION_HEADER);
  // Most reads send none: nothing to wait for, and no promise to settle.
  if (header === undefined) return undefined;
  return awaitHeaderPosition(header, consistency);
}

async function awaitHeaderPosition(header: string, consistency: ReadConsistency): Promise<void> {
  if (!/^\d{1,15}$/.test(header.trim())) {
    throw validationError([
      { in: 'header', field: MIN_POSITION_HEADER, pointer: '#', message: 'a global log position (a whole number)', code: 'invalid_format' },
    ]);
  }
  const position = Number(header.trim());
  if (position <= consistency.applied()) return;
  // A position no write has returned is the client's mistake, answered now rather than after the wait.
  const head = await consistency.head();
  if (position > head) {
    throw validationError([
      { in: 'header', field: MIN_POSITION_HEADER, pointer: '#', message: `beyond the log's head (${head}): no write returned this position`, code: 'too_big' },
    ]);
  }
  await awaitPosition(position, consistency);
}

/** Waits until the read models reach `position`; 503 when the bound passes first. */
export async function awaitPosition(position: number, consistency: ReadConsistency): Promise<void> {
  if (await consistency.reach(position)) return;
  throw new HttpError(
    {
      status: 503,
      type: problemType('read-models-behind'),
      title: 'The read models have not reached your last write yet',
      detail: `Position ${position} is not applied yet; retry shortly.`,
    },
    { 'Retry-After': '1' },
  );
}

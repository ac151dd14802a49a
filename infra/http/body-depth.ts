import type { RequestHandler } from 'express';
import { validationError } from './validation-error.js';

/** Deeper than any body this API takes (a form needs a few levels): the rest is refused before anything reads it. */
export const MAX_BODY_DEPTH = 32;

/**
 * The path of the first value nested deeper than `max` levels, or null. Iterative: a hostile body thousands of
 * levels deep must not overflow the stack of this check, nor reach the recursive code after it (the
 * idempotency fingerprint, the event codec).
 */
export function tooDeep(value: unknown, max: number): string[] | null {
  const stack: { node: unknown; depth: number; path: string[] }[] = [{ node: value, depth: 0, path: [] }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return path;
    for (const [key, child] of Object.entries(node)) stack.push({ node: child, depth: depth + 1, path: [...path, key] });
  }
  return null;
}

/** Refuses a JSON body nested deeper than MAX_BODY_DEPTH with 400 naming the field where it goes too deep. */
export const bodyDepthLimit: RequestHandler = (req, _res, next) => {
  const path = tooDeep(req.body, MAX_BODY_DEPTH);
  if (path === null) return next();
  const field = path.slice(0, 3).join('.') + (path.length > 3 ? '…' : '');
  throw validationError([
    { in: 'body', field: path[0] ?? '(body)', pointer: `#/${path.slice(0, 3).join('/')}`, message: `nested deeper than ${MAX_BODY_DEPTH} levels (at ${field})`, code: 'too_big' },
  ]);
};

import type { z } from 'zod';
import type { FieldError } from './problem.js';

export type InputLocation = FieldError['in'];

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Zod issues as the `errors` member of a validation problem, one entry per failing field. */
export function fieldErrors(location: InputLocation, issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => {
    const segments = issue.path.map((p) => String(p));
    return {
      in: location,
      field: segments.join('.'),
      pointer: segments.length === 0 ? '#' : `#/${segments.map(escapePointer).join('/')}`,
      message: issue.message,
      code: issue.code,
    };
  });
}

import { makeProblem } from './problem.js';
import type { Problem, ProblemInit } from './problem.js';

/** An error that already knows its HTTP answer: thrown by middleware and handlers, rendered as a problem. */
export class HttpError extends Error {
  readonly problem: Problem;
  constructor(
    init: ProblemInit,
    readonly headers: Record<string, string> = {},
  ) {
    super(init.detail ?? init.title ?? `HTTP ${init.status}`);
    this.name = 'HttpError';
    this.problem = makeProblem(init);
  }

  get status(): number {
    return this.problem.status;
  }
}

export const notFound = (detail?: string): HttpError => new HttpError({ status: 404, detail });
export const forbidden = (detail?: string): HttpError => new HttpError({ status: 403, detail });
export const unauthorized = (detail: string, error?: 'invalid_token'): HttpError =>
  new HttpError(
    { status: 401, detail },
    { 'WWW-Authenticate': error ? `Bearer error="${error}", error_description="${detail}"` : 'Bearer' },
  );

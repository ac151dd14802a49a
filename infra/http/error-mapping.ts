import { ZodError } from 'zod';
import { DomainError } from '../../services/decider.js';
import { ConcurrencyError, StreamNotFoundError } from '../store/errors.js';
import { InvalidTokenError } from '../auth/tokens.js';
import { etagFor } from './etag.js';
import { fieldErrors } from './field-errors.js';
import { HttpError, unauthorized } from './http-error.js';
import { makeProblem, problemType } from './problem.js';
import type { Problem } from './problem.js';
import { validationError } from './validation-error.js';

export interface ProblemResponse {
  problem: Problem;
  headers: Record<string, string>;
  /** False for failures the client caused; true means a bug or an outage, logged as an error. */
  unexpected: boolean;
}

/** What body-parser and other http-errors style errors carry. */
interface ExposedHttpError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  message: string;
}

/**
 * Maps anything thrown while handling a request to its problem: the client's mistakes and the domain's
 * refusals say what went wrong; anything else is a 500 that says nothing of the internals.
 */
export function toProblemResponse(error: unknown): ProblemResponse {
  const expected = (problem: Problem, headers: Record<string, string> = {}): ProblemResponse => ({ problem, headers, unexpected: false });

  if (error instanceof HttpError) return expected(error.problem, error.headers);
  if (error instanceof ZodError) return expected(validationError(fieldErrors('body', error.issues)).problem);
  if (error instanceof InvalidTokenError) {
    const e = unauthorized(error.message, 'invalid_token');
    return expected(e.problem, e.headers);
  }
  if (error instanceof DomainError) {
    return expected(
      makeProblem({
        status: 409,
        type: problemType('domain-refusal'),
        title: 'The command is refused in the current state',
        detail: error.message,
        code: error.code,
        command: error.command,
        state: error.state,
      }),
    );
  }
  if (error instanceof ConcurrencyError) {
    return expected(
      makeProblem({
        status: 412,
        type: problemType('concurrency-conflict'),
        title: 'The resource changed since you read it',
        detail: 'Read it again and retry with its current ETag in If-Match.',
        code: error.code,
      }),
      error.actual === null ? {} : { ETag: etagFor(error.actual) },
    );
  }
  if (error instanceof StreamNotFoundError) return expected(makeProblem({ status: 404 }));
  const exposed = asExposedHttpError(error);
  if (exposed) {
    const status = exposed.status ?? exposed.statusCode ?? 400;
    return expected(makeProblem({ status, detail: bodyParserDetail(exposed) }));
  }
  return {
    problem: makeProblem({ status: 500, detail: 'An unexpected error occurred; quote the request id when reporting it.' }),
    headers: {},
    unexpected: true,
  };
}

function asExposedHttpError(error: unknown): ExposedHttpError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as ExposedHttpError;
  const status = e.status ?? e.statusCode;
  return e.expose === true && typeof status === 'number' && status >= 400 && status < 500 ? e : undefined;
}

function bodyParserDetail(error: ExposedHttpError): string {
  switch (error.type) {
    case 'entity.too.large':
      return 'The request body is larger than this API accepts.';
    case 'entity.parse.failed':
      return 'The request body is not valid JSON.';
    default:
      return error.message;
  }
}

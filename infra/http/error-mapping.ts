import { ZodError } from 'zod';
import { DomainError } from '../../services/decider.js';
import { ConcurrencyError, StreamNotFoundError } from '../store/errors.js';
import { StoreUnavailableError, StoredEventDamagedError } from '../store/store-errors.js';
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
  if (error instanceof URIError && (error as URIError & { status?: number }).status === 400) {
    // The router could not percent-decode a path parameter: the client's malformed URL, not a fault here.
    return expected(
      validationError([{ in: 'params', field: 'path', pointer: '#', message: 'a path segment is not valid percent-encoding', code: 'invalid_format' }]).problem,
    );
  }
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
  if (error instanceof StoreUnavailableError) {
    // The store's server is down or restarting: nothing was written, and the same request later may succeed.
    return {
      problem: makeProblem({
        status: 503,
        type: problemType('store-unavailable'),
        title: 'The event store is unavailable',
        detail: 'The event store cannot be reached; nothing was changed. Retry shortly.',
      }),
      headers: { 'Retry-After': '5' },
      unexpected: false,
    };
  }
  if (error instanceof StoredEventDamagedError) {
    // A row changed behind the store's back: an outage of this record until it is restored, not the client's
    // fault and not a retry's cure (no Retry-After). Logged as an error, with the event named.
    return {
      problem: makeProblem({
        status: 503,
        type: problemType('stored-event-damaged'),
        title: 'The stored history of this resource is damaged',
        detail: 'An event of this resource does not read back as it was written; nothing was changed. The operators have been told (npm run verify names it).',
      }),
      headers: {},
      unexpected: true,
    };
  }
  if (isStoreBusy(error)) {
    // Another writer holds the database past its wait: a retry shortly succeeds, so Retry-After is given.
    return {
      problem: makeProblem({
        status: 503,
        type: problemType('store-busy'),
        title: 'The event store is busy',
        detail: 'The store could not take the request in time; nothing was changed. Retry shortly.',
      }),
      headers: { 'Retry-After': '1' },
      unexpected: false,
    };
  }
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

/**
 * SQLite's lock waits that ran out (SQLITE_BUSY, SQLITE_LOCKED and their extended codes), and PostgreSQL's
 * too_many_connections (53300), lock_not_available (55P03), cannot_connect_now (57P03) and statement
 * timeout (57014): the store is there but cannot serve this request now. Anything else stays a 500.
 */
const BUSY_SQLSTATES = new Set(['53300', '55P03', '57P03', '57014']);

export function isStoreBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code) || BUSY_SQLSTATES.has(code);
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

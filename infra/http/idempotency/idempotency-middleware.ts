import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from '../http-error.js';
import { problemType } from '../problem.js';
import type { IdempotencyClaim, IdempotencyStore, StoredResponse } from './idempotency-store.js';
import { requestFingerprint } from './request-fingerprint.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Headers that are part of the answer and must come back on a replay. */
const KEPT_HEADERS = ['content-type', 'etag', 'location', 'content-location', 'last-modified', 'link'];

/** Failures that a retry may fix are not kept: server errors and rate limiting. */
const keepable = (status: number): boolean => status < 500 && status !== 429;

/**
 * Honours Idempotency-Key on a POST: the first request with a key runs and its response is kept; a retry
 * with the same key and the same request gets that response again without running anything; the same key
 * with another request is a 422; a retry while the first is still running is a 409.
 */
export function idempotency(store: IdempotencyStore, scopeOf: (req: Request) => string): RequestHandler {
  return (req, res, next) => {
    const key = req.get(IDEMPOTENCY_HEADER);
    if (key === undefined) {
      next();
      return;
    }
    if (!KEY_PATTERN.test(key)) {
      throw new HttpError({ status: 400, detail: `${IDEMPOTENCY_HEADER} must be 1 to 255 visible ASCII characters.` });
    }
    const claim: IdempotencyClaim = { scope: scopeOf(req), key, fingerprint: requestFingerprint(req.method, req.originalUrl, req.body) };
    const outcome = store.begin(claim);
    switch (outcome.kind) {
      case 'replay':
        replay(res, outcome.response);
        return;
      case 'mismatch':
        throw new HttpError({
          status: 422,
          type: problemType('idempotency-key-reused'),
          title: 'This Idempotency-Key was used for another request',
          detail: 'Use a new key for a different request body or target.',
        });
      case 'in-progress':
        throw new HttpError(
          {
            status: 409,
            type: problemType('idempotency-key-in-use'),
            title: 'A request with this Idempotency-Key is still being processed',
            detail: 'Retry once it has finished.',
          },
          { 'Retry-After': '1' },
        );
      case 'started':
        captureResponse(res, (response) => {
          if (response && keepable(response.status)) store.complete(claim, response);
          else store.release(claim);
        });
        next();
    }
  };
}

function replay(res: Response, stored: StoredResponse): void {
  res.status(stored.status).set(stored.headers).set(REPLAYED_HEADER, 'true').end(stored.body);
}

/**
 * Calls `done` once with the response as sent (null when it was streamed). It runs before the bytes
 * leave, so a retry arriving right after finds the stored response. A client that hangs up does not
 * release the claim: the work may still be running, and a retry must not run it twice; a claim whose
 * response never comes expires after the pending timeout.
 */
function captureResponse(res: Response, done: (response: StoredResponse | null) => void): void {
  let settled = false;
  let streamed = false;
  const settle = (response: StoredResponse | null): void => {
    if (settled) return;
    settled = true;
    done(response);
  };
  const originalWrite = res.write.bind(res) as (...args: unknown[]) => boolean;
  const originalEnd = res.end.bind(res) as (...args: unknown[]) => Response;
  res.write = ((...args: unknown[]) => {
    streamed = true;
    return originalWrite(...args);
  }) as Response['write'];
  res.end = ((...args: unknown[]) => {
    settle(streamed ? null : { status: res.statusCode, headers: keptHeaders(res), body: bodyOf(args) });
    return originalEnd(...args);
  }) as Response['end'];
}

function bodyOf(endArgs: readonly unknown[]): Buffer {
  const [chunk, encoding] = endArgs;
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  return Buffer.alloc(0);
}

function keptHeaders(res: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = res.getHeader(name);
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

import type { RequestHandler } from 'express';
import { principalOf } from './authenticate.js';
import { HttpError } from './http-error.js';

export interface ApplicantRateLimitOptions {
  windowMs: number;
  /** Requests per applicant per window. */
  max: number;
  /** Milliseconds since the epoch; tests pass a clock they set. */
  now?: () => number;
}

/** The policy's name in the RateLimit headers (draft-ietf-httpapi-ratelimit-headers-08). */
const POLICY = 'applicant';

interface Window {
  /** Epoch ms at which this window ends and the count starts again. */
  resetAt: number;
  hits: number;
}

/**
 * One budget per applicant across every applicant route (the portal, 粤省事 and 12345 all reach them): a
 * fixed window per applicant id, counted in this process. It runs after authentication, so the budget
 * follows the applicant id, not a shared NAT address; clerks and supervisors on shared routes are not
 * counted. Written out rather than taken from express-rate-limit: that middleware awaits five times per
 * request (skip, key, store, limit, name) and hashes the key for its headers, on every request.
 */
export function applicantRateLimit(options: ApplicantRateLimitOptions): RequestHandler {
  const { windowMs, max } = options;
  const now = options.now ?? Date.now;
  const windowSeconds = Math.ceil(windowMs / 1000);
  const policy = `"${POLICY}"; q=${max}; w=${windowSeconds}`;
  const windows = new Map<string, Window>();
  // Ended windows are forgotten once per window, so the map holds the applicants of the last two windows at most.
  setInterval(() => {
    const at = now();
    for (const [id, w] of windows) if (w.resetAt <= at) windows.delete(id);
  }, windowMs).unref();

  return (req, res, next) => {
    const principal = principalOf(req);
    if (principal?.role !== 'applicant') {
      next();
      return;
    }
    const at = now();
    let w = windows.get(principal.sub);
    if (!w || w.resetAt <= at) {
      w = { resetAt: at + windowMs, hits: 0 };
      windows.set(principal.sub, w);
    }
    w.hits++;
    res.setHeader('RateLimit-Policy', policy);
    res.setHeader('RateLimit', `"${POLICY}"; r=${Math.max(max - w.hits, 0)}; t=${Math.max(0, Math.ceil((w.resetAt - at) / 1000))}`);
    if (w.hits > max) {
      next(new HttpError({ status: 429, detail: 'Too many requests from this applicant; retry later.' }, { 'Retry-After': String(windowSeconds) }));
      return;
    }
    next();
  };
}

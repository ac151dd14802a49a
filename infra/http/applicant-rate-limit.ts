import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { principalOf } from './authenticate.js';
import { HttpError } from './http-error.js';

export interface ApplicantRateLimitOptions {
  windowMs: number;
  /** Requests per applicant per window. */
  max: number;
}

/**
 * One budget per applicant across every applicant route (the portal, 粤省事 and 12345 all reach them).
 * It runs after authentication, so the budget follows the applicant id, not a shared NAT address;
 * clerks and supervisors on shared routes are not counted.
 */
export function applicantRateLimit(options: ApplicantRateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => principalOf(req)?.role !== 'applicant',
    keyGenerator: (req) => `applicant:${principalOf(req)?.sub ?? ''}`,
    handler: (_req, _res, next, opts) => {
      next(
        new HttpError(
          { status: 429, detail: 'Too many requests from this applicant; retry later.' },
          { 'Retry-After': String(Math.ceil(opts.windowMs / 1000)) },
        ),
      );
    },
  });
}

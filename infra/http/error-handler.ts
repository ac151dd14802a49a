import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logging/logger.js';
import { toProblemResponse } from './error-mapping.js';
import { HttpError } from './http-error.js';
import { sendProblem } from './problem.js';
import { requestIdOf, requestLogger } from './request-logging.js';

/** The last route: anything not matched is a 404 problem. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError({ status: 404, detail: `No route for ${req.method} ${req.path}` }));
};

/**
 * Renders every error as application/problem+json. Every 5xx is logged at error level as one line with its
 * status, problem type and detail (the completion line alone says only that the request errored), with the
 * stack when it was unexpected; refusals the client caused are logged at debug. The logger masks identity
 * numbers in the line, so a detail or a stack that quotes one is safe to write.
 */
export function problemErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late to answer with a problem: let express close the connection.
      next(error);
      return;
    }
    const { problem, headers, unexpected } = toProblemResponse(error);
    const requestId = requestIdOf(req);
    const log = requestLogger(req) ?? logger;
    if (problem.status >= 500) {
      log.error({ status: problem.status, type: problem.type, detail: problem.detail, ...(unexpected ? { err: error } : {}) }, 'request failed');
    } else {
      log.debug({ status: problem.status, type: problem.type }, 'request refused');
    }
    sendProblem(res, { ...problem, ...(requestId ? { requestId } : {}) }, headers);
  };
}

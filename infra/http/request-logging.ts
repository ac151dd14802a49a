import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logging/logger.js';
import { REQUEST_ID_KEY } from '../logging/logger.js';
import { requestContext } from '../logging/request-context.js';

declare module 'http' {
  interface IncomingMessage {
    /** The request id (requestLogging). */
    id?: string;
    /** The request's logger, made when first asked for (requestLogger). */
    [REQUEST_LOG]?: RequestLog;
  }
}

const REQUEST_LOG = Symbol('request log');

interface RequestLog {
  logger: Logger;
  id: string;
  child: Logger | undefined;
}

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** A caller's request id is kept when it looks like one; anything else (too long, odd characters) is replaced. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(req: Request): string | undefined {
  return typeof req.id === 'string' ? req.id : undefined;
}

/** A child logger that stamps the request id on its lines, made on first use; undefined outside requestLogging. */
export function requestLogger(req: IncomingMessage): Logger | undefined {
  const state = req[REQUEST_LOG];
  return state && (state.child ??= state.logger.child({ [REQUEST_ID_KEY]: state.id }));
}

/**
 * Gives each request an id (the caller's X-Request-Id or a new uuid), echoes it in the response, offers
 * `requestLogger(req)` (a child logger bound to it), runs the rest of the request inside its async context so any
 * logger stamps it, and logs one line per request when it ends: `request completed`, or `request aborted`
 * when the client went away first. Written out rather than taken from pino-http, which builds two child
 * loggers, serializes the request and registers three listeners for every request whether or not its line
 * is logged. Here the child logger is made only when used.
 *
 * What it adds to a request are plain data properties, the same ones every time. An accessor defined on each
 * request (as `req.log` once was) gives every request object a hidden class of its own: V8 keeps those, and
 * the young-generation collections then copy megabytes each and pause the process (README, HTTP figures).
 */
export function requestLogging(logger: Logger): RequestHandler[] {
  const handler: RequestHandler = (req, res, next) => {
    const started = Date.now();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
    req.id = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    req[REQUEST_LOG] = { logger, id, child: undefined };
    res.once('close', () => {
      const failed = res.statusCode >= 500;
      const completed = res.writableFinished;
      const level = failed ? 'error' : completed ? 'info' : 'warn';
      if (!logger.isLevelEnabled(level)) return;
      requestLogger(req)![level](
        { req: { method: req.method, url: req.originalUrl }, res: { statusCode: res.statusCode }, responseTime: Date.now() - started },
        completed ? (failed ? 'request errored' : 'request completed') : 'request aborted',
      );
    });
    requestContext.run({ requestId: id }, next);
  };
  return [handler];
}

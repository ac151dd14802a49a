import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logging/logger.js';
import { REQUEST_ID_KEY } from '../logging/logger.js';
import { requestContext } from '../logging/request-context.js';

declare module 'http' {
  interface IncomingMessage {
    /** The request id (requestLogging). */
    id?: string;
    /** A logger that stamps the request id on its lines (requestLogging). */
    log?: Logger;
  }
}

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** A caller's request id is kept when it looks like one; anything else (too long, odd characters) is replaced. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(req: Request): string | undefined {
  return typeof req.id === 'string' ? req.id : undefined;
}

/**
 * Gives each request an id (the caller's X-Request-Id or a new uuid), echoes it in the response, offers
 * `req.log` (a child logger bound to it), runs the rest of the request inside its async context so any
 * logger stamps it, and logs one line per request when it ends: `request completed`, or `request aborted`
 * when the client went away first. Written out rather than taken from pino-http, which builds two child
 * loggers, serializes the request and registers three listeners for every request whether or not its line
 * is logged: about a tenth of a trivial route's CPU. Here the child logger is made only when used.
 */
export function requestLogging(logger: Logger): RequestHandler[] {
  const handler: RequestHandler = (req, res, next) => {
    const started = Date.now();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
    req.id = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    let child: Logger | undefined;
    const log = (): Logger => (child ??= logger.child({ [REQUEST_ID_KEY]: id }));
    Object.defineProperty(req, 'log', { get: log, configurable: true, enumerable: false });
    res.once('close', () => {
      const failed = res.statusCode >= 500;
      const completed = res.writableFinished;
      const level = failed ? 'error' : completed ? 'info' : 'warn';
      if (!logger.isLevelEnabled(level)) return;
      log()[level](
        { req: { method: req.method, url: req.originalUrl }, res: { statusCode: res.statusCode }, responseTime: Date.now() - started },
        completed ? (failed ? 'request errored' : 'request completed') : 'request aborted',
      );
    });
    requestContext.run({ requestId: id }, next);
  };
  return [handler];
}

import { randomUUID } from 'node:crypto';
import { pinoHttp } from 'pino-http';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logging/logger.js';
import { REQUEST_ID_KEY } from '../logging/logger.js';
import { requestContext } from '../logging/request-context.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** A caller's request id is kept when it looks like one; anything else (too long, odd characters) is replaced. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(req: Request): string | undefined {
  return typeof req.id === 'string' ? req.id : undefined;
}

/**
 * Gives each request an id (the caller's X-Request-Id or a new uuid), echoes it in the response, binds it
 * to `req.log`, runs the rest of the request inside its async context so any logger stamps it, and logs
 * one line per completed request.
 */
export function requestLogging(logger: Logger): RequestHandler[] {
  const http = pinoHttp({
    logger,
    quietReqLogger: true,
    customAttributeKeys: { reqId: REQUEST_ID_KEY },
    genReqId(req, res) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customLogLevel(_req, res, error) {
      return error || res.statusCode >= 500 ? 'error' : 'info';
    },
    // The error handler has logged the real error with its stack; pino-http's stand-in adds only noise.
    customErrorObject: (_req, _res, _error, fields: Record<string, unknown>) => {
      const { err: _standIn, ...rest } = fields;
      return rest;
    },
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  });
  const withContext: RequestHandler = (req, _res, next) => {
    requestContext.run({ requestId: requestIdOf(req) ?? '' }, next);
  };
  return [http, withContext];
}

import type { Response } from 'express';

/** What a route handler answers; the route helper sends it (and the idempotency layer keeps it). */
export interface Reply {
  /** Defaults to 200. */
  status?: number;
  /** JSON unless `contentType` says otherwise (then a string or Buffer); absent for an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
}

export function sendReply(res: Response, reply: Reply): void {
  res.status(reply.status ?? 200);
  if (reply.headers) res.set(reply.headers);
  if (reply.body === undefined) {
    res.end();
  } else if (reply.contentType !== undefined) {
    res.type(reply.contentType).send(reply.body);
  } else {
    res.json(reply.body);
  }
}

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

/**
 * Sends a reply. A JSON body is written directly rather than through express's res.json and res.send,
 * which look up the content type's charset, test whether to generate an ETag (never, here) and work out
 * freshness for every response, work a status read does not need. The one thing of theirs a client can rely
 * on, answering a conditional GET with 304, is done here explicitly (notModified).
 */
export function sendReply(res: Response, reply: Reply): void {
  res.statusCode = reply.status ?? 200;
  if (reply.headers) for (const name in reply.headers) res.setHeader(name, reply.headers[name]!);
  if (reply.body === undefined) {
    res.end();
  } else if (reply.contentType !== undefined) {
    res.type(reply.contentType).send(reply.body);
  } else if (notModified(res)) {
    res.statusCode = 304;
    res.end();
  } else {
    const json = JSON.stringify(reply.body);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(json));
    res.end(json);
  }
}

/**
 * A successful GET or HEAD whose If-None-Match names the reply's ETag (weak comparison, RFC 9110 §13.1.2):
 * the client's copy is current, so 304 and no body. A poller of an application's status pays for nothing
 * but the look-up while nothing changes.
 */
function notModified(res: Response): boolean {
  const header = res.req.headers['if-none-match'];
  if (header === undefined || res.statusCode < 200 || res.statusCode >= 300) return false;
  const method = res.req.method;
  if (method !== 'GET' && method !== 'HEAD') return false;
  const etag = res.getHeader('ETag');
  if (typeof etag !== 'string') return false;
  const opaque = (tag: string): string => (tag.startsWith('W/') ? tag.slice(2) : tag);
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || opaque(t) === opaque(etag);
  });
}

import http from 'node:http';
import type { ServerOptions as HttpServerOptions } from 'node:http';

/** Where express keeps the prototypes it gives each request and response (an express app has both). */
export interface ExpressPrototypes {
  request: object;
  response: object;
}

export function hasExpressPrototypes(value: unknown): value is ExpressPrototypes {
  if (typeof value !== 'function') return false;
  const { request, response } = value as Partial<ExpressPrototypes>;
  return typeof request === 'object' && request !== null && typeof response === 'object' && response !== null;
}

const made = new WeakMap<ExpressPrototypes, HttpServerOptions>();

/**
 * Options for http.createServer whose requests and responses are born with the app's prototypes, so
 * express's per-request Object.setPrototypeOf (app.handle) finds them already in place and changes nothing.
 *
 * Changing an object's prototype after it is built makes V8 give it a new hidden class; under load the
 * requests then survive young-generation collections by the megabyte and every collection pauses the
 * process (the README's HTTP section has the figures).
 *
 * The app's `request` and `response` become subclasses of node's IncomingMessage and ServerResponse whose
 * prototypes inherit from express's: every express method is still there, and a request served by another
 * server (supertest's, say) is given the prototype the usual way. Made once per app.
 */
export function expressServerOptions(app: ExpressPrototypes): HttpServerOptions {
  const known = made.get(app);
  if (known) return known;
  class ExpressRequest extends http.IncomingMessage {}
  Object.setPrototypeOf(ExpressRequest.prototype, app.request);
  class ExpressResponse extends http.ServerResponse {}
  Object.setPrototypeOf(ExpressResponse.prototype, app.response);
  app.request = ExpressRequest.prototype;
  app.response = ExpressResponse.prototype;
  // node's typings want a ServerResponse generic over its request type; the subclass is one for IncomingMessage.
  const options: HttpServerOptions = { IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse as typeof http.ServerResponse };
  made.set(app, options);
  return options;
}

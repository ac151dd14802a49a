import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { PrincipalOf, Role } from '../auth/principal.js';
import type { Logger } from '../logging/logger.js';
import type { ExpectedVersion } from '../store/port.js';
import type { HttpMethod, ResponseSpec } from './openapi/operation.js';
import type { Reply } from './reply.js';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** On a route with roles, the principal is one of them (a clerk's department and hall are typed); on an open route, nobody. */
export type PrincipalFor<R> = R extends readonly (infer X)[] ? (X extends Role ? PrincipalOf<X> : never) : undefined;

export interface RouteContext<B, Q, P, R> {
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
  principal: PrincipalFor<R>;
  /** The expected version from If-Match, on routes that take it. */
  ifMatch: ExpectedVersion | undefined;
  requestId: string;
  /** A logger bound to this request. */
  log: Logger;
  req: Request;
  res: Response;
}

/**
 * One route of the API: registers the express route with authentication, role check, rate limit,
 * If-Match, Idempotency-Key and validation, and records the operation for the OpenAPI document.
 */
export interface RouteSpec<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
  R extends readonly Role[] | undefined,
> {
  method: HttpMethod;
  /** Express path relative to the module's prefix, `:name` parameters only (e.g. /catalog/items/:code). */
  path: string;
  summary: string;
  description?: string;
  /** OpenAPI tags; defaults to the module name. */
  tags?: readonly string[];
  operationId?: string;
  /** Who may call it (bearer token with one of these roles); left out, anyone may, without a token. */
  roles?: R;
  body?: B;
  query?: Q;
  params?: P;
  /** 'required' on updates: a request without If-Match is answered 428. */
  ifMatch?: 'required' | 'optional';
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Problem statuses beyond those the helper adds itself (400, 401, 403, 412, 413, 422, 428, 429, 500). */
  problems?: readonly number[];
  handler: (ctx: RouteContext<B, Q, P, R>) => Reply | Promise<Reply>;
}

/** The route helper a route module receives. */
export type DefineRoute = <
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  const R extends readonly Role[] | undefined = undefined,
>(
  spec: RouteSpec<B, Q, P, R>,
) => void;

/** A group of routes, added to the app by `createApp({ routes: [...] })`. */
export interface RouteModule {
  /** Also the default OpenAPI tag of its routes. */
  readonly name: string;
  register(route: DefineRoute): void;
}

import { z } from 'zod';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { AuthKeys } from '../auth/auth-keys.js';
import type { Principal, Role } from '../auth/principal.js';
import type { Logger } from '../logging/logger.js';
import type { ExpectedVersion } from '../store/port.js';
import { authenticate, principalOf, requireRole } from './authenticate.js';
import { parseIfMatch } from './etag.js';
import { HttpError } from './http-error.js';
import { idempotency } from './idempotency/idempotency-middleware.js';
import type { IdempotencyStore } from './idempotency/idempotency-store.js';
import { pathParameterNames } from './openapi/operation.js';
import type { OperationRecord } from './openapi/operation.js';
import { problemType } from './problem.js';
import { sendReply } from './reply.js';
import { requestIdOf, requestLogger } from './request-logging.js';
import type { DefineRoute, RouteContext, RouteSpec } from './route-spec.js';
import { validate, validatedInput } from './validate.js';

/** What every route needs at run time, shared by all modules. */
export interface RouteRuntime {
  authKeys: AuthKeys;
  /** The verified-token cache's bound (bytes). */
  tokenCacheBytes: number;
  idempotency: IdempotencyStore;
  /** Applied to routes open to applicants. */
  applicantRateLimit: RequestHandler;
  logger: Logger;
}

export interface RouteDefinerOptions {
  /**
   * The router the routes go on, each under its full path (mountPath + path): one router for every group,
   * mounted at the root, rather than one per prefix, saves every request a router's dispatch and the
   * matching of the routes of the groups before its own.
   */
  router: Router;
  /** The prefix of this group's paths (e.g. /api/v1). */
  mountPath: string;
  /** Default OpenAPI tag. */
  tag: string;
  runtime: RouteRuntime;
  /** Every operation defined, in order; the OpenAPI document is built from it. */
  operations: OperationRecord[];
}

const PLAIN_PATH = /^(\/[A-Za-z0-9._~-]*|\/:[A-Za-z_][A-Za-z0-9_]*)+$/;

export function createRouteDefiner(options: RouteDefinerOptions): DefineRoute {
  const { router, mountPath, runtime, operations } = options;

  return function route(spec) {
    if (!PLAIN_PATH.test(spec.path)) {
      throw new Error(`route ${spec.path}: use literal segments and :name parameters only, so the OpenAPI path is exact`);
    }
    const fullPath = `${mountPath}${spec.path}`.replace(/\/$/, '') || '/';
    const params = spec.params ?? inferredParams(spec.path);
    checkParams(spec.path, params);
    const record = operationRecord(spec, fullPath, params, options.tag);
    if (operations.some((op) => op.operationId === record.operationId || (op.method === record.method && op.path === record.path))) {
      throw new Error(`route ${record.method.toUpperCase()} ${fullPath} (${record.operationId}) is defined twice`);
    }
    operations.push(record);

    const chain: RequestHandler[] = [];
    if (spec.roles) chain.push(authenticate(runtime.authKeys, runtime.tokenCacheBytes), requireRole(...spec.roles));
    if (spec.roles?.includes('applicant')) chain.push(runtime.applicantRateLimit);
    if (spec.ifMatch) chain.push(spec.ifMatch === 'required' ? requireIfMatch : checkIfMatch);
    if (spec.method === 'post') chain.push(idempotency(runtime.idempotency, idempotencyScope));
    chain.push(validate({ body: spec.body, query: spec.query, params }));
    chain.push(async (req, res) => {
      const input = validatedInput(res);
      const ifMatchHeader = req.get('if-match');
      const ctx = new HandlerContext(
        input,
        principalOf(req),
        spec.ifMatch && ifMatchHeader !== undefined ? (parseIfMatch(ifMatchHeader) ?? undefined) : undefined,
        requestIdOf(req) ?? '',
        req,
        res,
        runtime.logger,
      ) as unknown as RouteContext<unknown, unknown, unknown, unknown> as Parameters<typeof spec.handler>[0];
      sendReply(res, await spec.handler(ctx));
    });
    router[spec.method](fullPath, inOneLayer(chain));
  };
}

/**
 * What a handler is given. A class rather than an object literal with a getter: a literal's getter is a new
 * function each time, which V8 cannot keep in one shared hidden class; here it sits once on the prototype
 * (request-logging.ts says why per-request shapes matter under load).
 */
class HandlerContext {
  readonly body: unknown;
  readonly query: unknown;
  readonly params: unknown;
  constructor(
    input: { body: unknown; query: unknown; params: unknown },
    readonly principal: Principal | undefined,
    readonly ifMatch: ExpectedVersion | undefined,
    readonly requestId: string,
    readonly req: Request,
    readonly res: Response,
    private readonly fallbackLog: Logger,
  ) {
    this.body = input.body;
    this.query = input.query;
    this.params = input.params;
  }

  /** The request's child logger, made only for a handler that logs. */
  get log(): Logger {
    return requestLogger(this.req) ?? this.fallbackLog;
  }
}

/**
 * Runs a route's middleware as one router layer: express dispatches each layer through its own matching
 * and bookkeeping, which cost more than most of these steps themselves. A step's error (thrown, passed to
 * next, or a rejected promise) ends the chain and goes to the error handler, as express would send it.
 */
function inOneLayer(chain: readonly RequestHandler[]): RequestHandler {
  return (req, res, done) => {
    const step = (index: number, error?: unknown): void => {
      if (error !== undefined && error !== null) {
        done(error);
        return;
      }
      const handler = chain[index];
      if (!handler) {
        done();
        return;
      }
      try {
        const result: unknown = handler(req, res, (e?: unknown) => step(index + 1, e));
        if (result instanceof Promise) result.catch(done);
      } catch (e) {
        done(e);
      }
    };
    step(0);
  };
}

/** Keys are per caller: two applicants choosing the same key never see each other's response. */
function idempotencyScope(req: Request): string {
  const principal = principalOf(req);
  return principal ? `${principal.role}:${principal.sub}` : 'anonymous';
}

/** A present If-Match that can never match (weak, a list, garbage) fails the precondition: 412. */
const checkIfMatch: RequestHandler = (req, _res, next) => {
  const header = req.get('if-match');
  if (header !== undefined && parseIfMatch(header) === null) {
    throw new HttpError({ status: 412, detail: 'If-Match must be "*" or the strong ETag of a previous read.' });
  }
  next();
};

const requireIfMatch: RequestHandler = (req, res, next) => {
  if (req.get('if-match') === undefined) {
    throw new HttpError({
      status: 428,
      type: problemType('if-match-required'),
      title: 'This update needs If-Match',
      detail: 'Send the ETag of your last read in If-Match, so a concurrent change is not overwritten.',
    });
  }
  if (req.get('if-match')!.trim() === '*') {
    // "*" matches any revision: it would skip the lost-update check this header is required for.
    throw new HttpError({
      status: 428,
      type: problemType('if-match-required'),
      title: 'This update needs the ETag of your last read',
      detail: 'If-Match: * matches any revision; send the ETag of your last read, so a concurrent change is not overwritten.',
    });
  }
  checkIfMatch(req, res, next);
};

function inferredParams(path: string): z.ZodType | undefined {
  const names = pathParameterNames(path);
  return names.length === 0 ? undefined : z.object(Object.fromEntries(names.map((n) => [n, z.string().min(1)])));
}

function checkParams(path: string, params: z.ZodType | undefined): void {
  const inPath = pathParameterNames(path).sort();
  const inSchema = params instanceof z.ZodObject ? Object.keys(params.shape).sort() : [];
  if (params && !(params instanceof z.ZodObject)) throw new Error(`route ${path}: params must be a z.object`);
  if (inPath.join() !== inSchema.join()) {
    throw new Error(`route ${path}: path parameters [${inPath.join(', ')}] differ from the params schema [${inSchema.join(', ')}]`);
  }
}

function operationRecord(
  spec: Omit<RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, readonly Role[] | undefined>, 'handler'>,
  fullPath: string,
  params: z.ZodType | undefined,
  tag: string,
): OperationRecord {
  // The JSON body parser runs before every route (create-app.ts): any request, a GET too, whose body is not
  // JSON is answered 400, one over the size limit 413, one in a charset or encoding it cannot read 415. Headers
  // over Node's limit are refused before any route (431, server.ts). Any route may find the store out of reach
  // or a stored event damaged (503, error-mapping.ts).
  const problems = new Set<number>([400, 413, 415, 431, 500, 503, ...(spec.problems ?? [])]);
  if (params) problems.add(404);
  if (spec.roles) [401, 403].forEach((s) => problems.add(s));
  if (spec.roles?.includes('applicant')) problems.add(429);
  // A command can find the store busy (store-busy, with Retry-After) or a deadline beyond the calendar's
  // years (calendar-not-covered, without): both 503 (error-mapping.ts, routes/command-reply.ts).
  if (spec.method === 'post') [409, 422, 503].forEach((s) => problems.add(s));
  // A read of read models on a database server that is away (STORE=postgres) answers store-unavailable, with Retry-After.
  if (spec.method === 'get' && spec.roles) problems.add(503);
  if (spec.ifMatch) problems.add(412);
  if (spec.ifMatch === 'required') problems.add(428);
  for (const status of Object.keys(spec.responses)) problems.delete(Number(status));
  return {
    method: spec.method,
    path: fullPath,
    operationId: spec.operationId ?? defaultOperationId(spec.method, fullPath),
    summary: spec.summary,
    description: spec.description,
    tags: spec.tags ?? [tag],
    roles: spec.roles,
    body: spec.body,
    query: spec.query,
    params,
    ifMatch: spec.ifMatch,
    idempotent: spec.method === 'post',
    responses: spec.responses,
    problems: [...problems].sort((a, b) => a - b),
  };
}

/** get /api/v1/catalog/items/:code → getCatalogItemsByCode (the version prefix left out). */
function defaultOperationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((s) => s !== '' && s !== 'api' && !/^v\d+$/.test(s))
    .map((s) => (s.startsWith(':') ? `By-${s.slice(1)}` : s))
    .flatMap((s) => s.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return [method, ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

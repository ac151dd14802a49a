import express from 'express';
import type { Express, RequestHandler } from 'express';
import { bodyDepthLimit } from './body-depth.js';
import helmet from 'helmet';
import type { AuthKeys } from '../auth/auth-keys.js';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logging/logger.js';
import type { Catalog } from '../../services/catalog/item-schema.js';
import { applicantRateLimit } from './applicant-rate-limit.js';
import { notFoundHandler, problemErrorHandler } from './error-handler.js';
import type { IdempotencyStore } from './idempotency/idempotency-store.js';
import { buildOpenApiDocument } from './openapi/build-document.js';
import type { ApiInfo, OpenApiDocument } from './openapi/build-document.js';
import type { OperationRecord } from './openapi/operation.js';
import type { ReadinessProbe } from '../application/readiness.js';
import { requestLogging } from './request-logging.js';
import { createRouteDefiner } from './route.js';
import type { RouteRuntime } from './route.js';
import type { RouteModule } from './route-spec.js';
import { catalogRoutes } from './routes/catalog-routes.js';
import { docsRoutes, mountDocsAssets } from './routes/docs-routes.js';
import { healthRoutes } from './routes/health-routes.js';

export const API_PREFIX = '/api/v1';

export interface AppDeps {
  config: Pick<AppConfig, 'http'>;
  logger: Logger;
  authKeys: AuthKeys;
  /** The catalog in force; a function when it can be revised while running. */
  catalog: Catalog | (() => Catalog);
  idempotency: IdempotencyStore;
  readiness: ReadinessProbe;
  /** Further route groups under /api/v1 (applicant, clerk, supervisor …), each declared with the route helper. */
  routes?: readonly RouteModule[];
  apiInfo?: Partial<ApiInfo>;
  /** The web console's handlers (web-console.ts), after the API's routes and before the 404. */
  webConsole?: readonly RequestHandler[] | null;
}

export interface AppHandle {
  app: Express;
  /** Every operation registered, in order (what the OpenAPI document lists). */
  operations: readonly OperationRecord[];
  openApiDocument(): OpenApiDocument;
}

/**
 * What every request passes through before routing: request id and log line, security headers, the JSON
 * body parser with its size limit. Exported for bench/http-server.ts, whose trivial route must pay the same.
 */
export function commonMiddleware(config: Pick<AppConfig, 'http'>, logger: Logger): RequestHandler[] {
  return [
    ...requestLogging(logger),
    // TLS ends at the bureau's proxy; upgrading the docs page's assets to https would break plain-HTTP intranet use.
    helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }),
    express.json({ limit: config.http.bodyLimit, type: ['application/json', 'application/*+json'] }),
    bodyDepthLimit,
  ];
}

/** The express application: middleware, the built-in route groups, the injected ones, and problem+json errors. */
export function createApp(deps: AppDeps): AppHandle {
  const { config, logger } = deps;
  const app = express();
  app.set('trust proxy', config.http.trustProxy);
  // ETags are revisions set by the routes that have them, never a hash express makes up.
  app.set('etag', false);
  app.disable('x-powered-by');

  app.use(...commonMiddleware(config, logger));

  const operations: OperationRecord[] = [];
  const runtime: RouteRuntime = {
    authKeys: deps.authKeys,
    tokenCacheBytes: config.http.tokenCacheBytes,
    idempotency: deps.idempotency,
    applicantRateLimit: applicantRateLimit({ windowMs: config.http.rateLimit.windowMs, max: config.http.rateLimit.applicantMax }),
    logger,
  };
  // One router for every route, each under its full path (route.ts says why).
  const routes = express.Router();

  const info: ApiInfo = {
    title: 'One-network HR & Social Security service processing API',
    version: '1.0.0',
    description: '一网通办: service items, "one thing" bundles, applications, clerk work queues and supervision metrics.',
    ...deps.apiInfo,
  };
  let document: OpenApiDocument | undefined;
  // Built on first request: every module has registered by then.
  const openApiDocument = (): OpenApiDocument => (document ??= buildOpenApiDocument(info, operations));

  const currentCatalog = typeof deps.catalog === 'function' ? deps.catalog : () => deps.catalog as Catalog;
  healthRoutes(deps.readiness).register(createRouteDefiner({ router: routes, mountPath: '', tag: 'health', runtime, operations }));
  const apiModules: RouteModule[] = [docsRoutes(openApiDocument, API_PREFIX), catalogRoutes(currentCatalog), ...(deps.routes ?? [])];
  for (const module of apiModules) {
    module.register(createRouteDefiner({ router: routes, mountPath: API_PREFIX, tag: module.name, runtime, operations }));
  }
  mountDocsAssets(routes, API_PREFIX);

  app.use(routes);
  if (deps.webConsole) app.use(...deps.webConsole);
  app.use(notFoundHandler);
  app.use(problemErrorHandler(logger));
  return { app, operations, openApiDocument };
}

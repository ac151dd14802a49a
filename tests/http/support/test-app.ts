import { loadBuiltinCatalog } from '../../../services/catalog/load-catalog.js';
import type { Catalog } from '../../../services/catalog/item-schema.js';
import type { AuthKeys } from '../../../infra/auth/auth-keys.js';
import { hs256Keys } from '../../../infra/auth/auth-keys.js';
import type { Principal } from '../../../infra/auth/principal.js';
import { issueToken } from '../../../infra/auth/tokens.js';
import { loadConfig } from '../../../infra/config/load-config.js';
import { createApp } from '../../../infra/http/create-app.js';
import type { AppHandle } from '../../../infra/http/create-app.js';
import { createSqliteIdempotencyStore } from '../../../infra/http/idempotency/sqlite-idempotency-store.js';
import type { IdempotencyStore } from '../../../infra/http/idempotency/idempotency-store.js';
import type { ReadinessProbe } from '../../../infra/application/readiness.js';
import type { RouteModule } from '../../../infra/http/route-spec.js';
import { createLogger } from '../../../infra/logging/logger.js';
import type { Logger } from '../../../infra/logging/logger.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256!!';

export interface TestApp extends AppHandle {
  logger: Logger;
  authKeys: AuthKeys;
  idempotency: IdempotencyStore;
  /** Every log line written, raw. */
  logLines: string[];
  logs(): Record<string, unknown>[];
  token(principal: Principal, ttl?: string): Promise<string>;
  bearer(principal: Principal): Promise<string>;
  close(): void;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  routes?: RouteModule[];
  readiness?: ReadinessProbe;
  catalog?: Catalog;
  now?: () => number;
}

export function makeTestApp(options: TestAppOptions = {}): TestApp {
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: { write: (line: string) => logLines.push(line) } });
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, IDEMPOTENCY_DB: ':memory:', ...options.env });
  const authKeys = hs256Keys(TEST_SECRET, { issuer: config.jwt.issuer, audience: config.jwt.audience });
  const idempotency = createSqliteIdempotencyStore({ file: ':memory:', ttlMs: config.idempotency.ttlMs, now: options.now });
  const handle = createApp({
    config,
    logger,
    authKeys,
    catalog: options.catalog ?? loadBuiltinCatalog(),
    idempotency,
    readiness: options.readiness ?? (() => Promise.resolve({ ready: true, checks: [] })),
    routes: options.routes,
  });
  const token = (principal: Principal, ttl?: string): Promise<string> => issueToken(authKeys, principal, { ttl });
  return {
    ...handle,
    logger,
    authKeys,
    idempotency,
    logLines,
    logs: () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>),
    token,
    bearer: async (principal) => `Bearer ${await token(principal)}`,
    close: () => idempotency.close(),
  };
}

export const applicant = (sub = 'applicant-1'): Principal => ({ role: 'applicant', sub });
export const clerk = (department = 'D-EMP', hall = 'H-1', sub = 'clerk-1'): Principal => ({ role: 'clerk', sub, department, hall });
export const supervisor = (sub = 'sup-1'): Principal => ({ role: 'supervisor', sub });
export const admin = (sub = 'admin-1'): Principal => ({ role: 'admin', sub });

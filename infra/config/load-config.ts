import path from 'node:path';
import { EnvSchema } from './config-schema.js';
import type { AppConfig } from './app-config.js';
import { dataFiles } from './data-files.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The process's settings. The one place in the code base that reads `process.env`; everything else
 * receives an `AppConfig`. Tests pass their own env record.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  /** Command-line flags that win over the environment (e.g. serve --port). */
  overrides: Readonly<Record<string, string | undefined>> = {},
): AppConfig {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const parsed = EnvSchema.safeParse({ ...env, ...defined });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const files = dataFiles(dataDir);
  return {
    nodeEnv: e.NODE_ENV,
    production: e.NODE_ENV === 'production',
    host: e.HOST,
    port: e.PORT,
    dataDir,
    store: {
      backend: e.STORE,
      eventsPath: files.events,
      readModelsPath: files.readModels,
      // The PostgreSQL settings only where they apply (the schema makes STORE=postgres name its URL).
      ...(e.STORE === 'postgres'
        ? { databaseUrl: e.DATABASE_URL!, poolMax: e.PG_POOL_MAX, statementTimeoutMs: e.PG_STATEMENT_TIMEOUT_MS, readModelsOn: e.READ_MODELS ?? 'postgres' }
        : {}),
      ...(e.STORE === 'eventstoredb' ? { eventStoreUrl: e.EVENTSTORE_URL!, eventStoreDeadlineMs: e.EVENTSTORE_DEADLINE_MS } : {}),
    },
    storeWriterThread: e.STORE_WRITER_THREAD,
    webConcurrency: e.WEB_CONCURRENCY,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    jwt: {
      secret: e.JWT_SECRET,
      privateKeyPem: e.JWT_PRIVATE_KEY,
      publicKeyPem: e.JWT_PUBLIC_KEY,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      maxLifetimeSeconds: lifetimesOf(e.TOKEN_MAX_LIFETIMES),
    },
    http: {
      bodyLimit: e.BODY_LIMIT.replace(/\s+/g, '').toLowerCase(),
      trustProxy: e.TRUST_PROXY,
      rateLimit: { windowMs: e.RATE_LIMIT_WINDOW_MS, applicantMax: e.RATE_LIMIT_APPLICANT_MAX },
      tokenCacheBytes: e.TOKEN_CACHE_MB * 2 ** 20,
    },
    idempotency: {
      file: e.IDEMPOTENCY_DB === ':memory:' ? ':memory:' : path.resolve(dataDir, e.IDEMPOTENCY_DB ?? 'idempotency.sqlite'),
      ttlMs: e.IDEMPOTENCY_TTL_HOURS * 3_600_000,
    },
    readiness: { maxProjectionLag: e.READY_MAX_LAG },
    identityHashKey: e.IDENTITY_HASH_KEY,
    consistencyTimeoutMs: e.CONSISTENCY_TIMEOUT_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    chainCheck: { tail: e.CHAIN_CHECK_TAIL, trustBroken: e.TRUST_BROKEN_CHAIN },
  };
}

const UNIT_SECONDS = { m: 60, h: 3600, d: 86_400 } as const;

/** `clerk=8h,applicant=1d` as seconds by role (the schema checked the form). */
function lifetimesOf(text: string | undefined): Partial<Record<'applicant' | 'clerk' | 'supervisor' | 'admin', number>> {
  if (text === undefined) return {};
  return Object.fromEntries(
    text.split(',').map((part) => {
      const [role, duration] = part.trim().split('=') as [string, string];
      return [role, Number(duration.slice(0, -1)) * UNIT_SECONDS[duration.slice(-1) as keyof typeof UNIT_SECONDS]];
    }),
  );
}

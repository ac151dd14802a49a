import type { LogLevel, NodeEnv, StoreBackend } from './config-schema.js';

/** JWT key material as configured; `undefined` everywhere means "none given" (dev generates one). */
export interface JwtConfig {
  secret: string | undefined;
  privateKeyPem: string | undefined;
  publicKeyPem: string | undefined;
  issuer: string;
  audience: string;
  /** TOKEN_MAX_LIFETIMES: the longest a token of a role may live (seconds); the defaults for the others. */
  maxLifetimeSeconds: Partial<Record<'applicant' | 'clerk' | 'supervisor' | 'admin', number>>;
}

/**
 * Where the events and the read models live, and in what: the store part of the configuration, all that
 * the factories (infra/store/open-event-store.ts, infra/read-models/open-read-models.ts) need. For SQLite
 * the files of the data directory (data-files.ts).
 */
export interface StoreConfig {
  backend: StoreBackend;
  /** The event log: an absolute file path (`:memory:` in tests). */
  eventsPath: string;
  /** The read models' SQLite file in DATA_DIR (unless they are on PostgreSQL: readModelsOn). */
  readModelsPath: string;
  /** STORE=postgres: the read models on the server, shared by the instances (the default), or each in its readModelsPath. */
  readModelsOn?: 'postgres' | 'sqlite';
  /** STORE=postgres: the server holding the log. */
  databaseUrl?: string;
  /** STORE=postgres: connections per process at most, and the statement timeout (ms). */
  poolMax?: number;
  statementTimeoutMs?: number;
  /** STORE=eventstoredb: the client's connection string, and the deadline of each call (ms). */
  eventStoreUrl?: string;
  eventStoreDeadlineMs?: number;
}

export interface AppConfig {
  nodeEnv: NodeEnv;
  production: boolean;
  host: string;
  port: number;
  /** Absolute path. */
  dataDir: string;
  store: StoreConfig;
  /**
   * STORE=sqlite: the server's appends run on a writer thread, off its event loop (STORE_WRITER_THREAD,
   * default false). Only the server's: a CLI command appends a few events and exits.
   */
  storeWriterThread: boolean;
  /** The HTTP processes `serve` starts (WEB_CONCURRENCY, `serve --workers`); 1: one process does everything. */
  webConcurrency: number;
  logLevel: LogLevel;
  jwt: JwtConfig;
  http: {
    /** body-parser size, e.g. "256kb". */
    bodyLimit: string;
    trustProxy: boolean;
    rateLimit: { windowMs: number; applicantMax: number };
    /** The verified-token cache's bound, bytes (TOKEN_CACHE_MB): one entry a live session. */
    tokenCacheBytes: number;
  };
  idempotency: { file: string; ttlMs: number };
  readiness: { maxProjectionLag: number };
  /** The identity-number hash key of the read models; undefined outside production means the development key. */
  identityHashKey: string | undefined;
  /** Read-your-writes: the bound on waiting for the read models to reach a write's position. */
  consistencyTimeoutMs: number;
  shutdownTimeoutMs: number;
  /** The start-time check of the event log's hash chain: how many of the newest events, and whether a broken one may still start. */
  chainCheck: { tail: number; trustBroken: boolean };
}

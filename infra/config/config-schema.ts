import { z } from 'zod';

/**
 * The store backends this build can open (infra/store/open-event-store.ts): embedded SQLite, the event log
 * on PostgreSQL, and on EventStoreDB / KurrentDB. Another one joins this list with its adapter, never before.
 */
export const STORE_BACKENDS = ['sqlite', 'postgres', 'eventstoredb'] as const;
export const StoreBackend = z.enum(STORE_BACKENDS, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a store backend of this build; accepted: ${STORE_BACKENDS.join(', ')}`,
});
export type StoreBackend = z.infer<typeof StoreBackend>;

export const NodeEnv = z.enum(['development', 'test', 'production']);
export type NodeEnv = z.infer<typeof NodeEnv>;

export const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export type LogLevel = z.infer<typeof LogLevel>;

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

/** PEM keys often travel through env files with their newlines escaped as `\n`. */
const optionalPem = optionalText.transform((v) => v?.replace(/\\n/g, '\n'));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * Every setting the process takes from its environment, with its default. The variable names are the
 * keys; `loadConfig` turns them into the nested `AppConfig`.
 */
export const EnvSchema = z
  .object({
    NODE_ENV: NodeEnv.default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    DATA_DIR: z.string().min(1).default('./data'),
    STORE: StoreBackend.default('sqlite'),
    /**
     * STORE=sqlite, the server: the event store's appends (and their fsync) run on a writer thread, off the event
     * loop. Off by default: on 2 cores beside the load it measured no better (README, the mixed load).
     */
    STORE_WRITER_THREAD: z.stringbool().default(false),
    /** STORE=sqlite: HTTP processes of `serve` (serve --workers wins); the primary appends, projects and reacts for them all. */
    WEB_CONCURRENCY: positiveInt(1),
    /** The PostgreSQL server of STORE=postgres: postgres://user@host:port/database. */
    DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'a postgres:// URL'),
    /** Connections each process keeps to it at most. */
    PG_POOL_MAX: positiveInt(10),
    /** A statement running longer is cancelled. */
    PG_STATEMENT_TIMEOUT_MS: positiveInt(30_000),
    /**
     * Where STORE=postgres keeps the read models: on the server beside the log, shared by every instance
     * (postgres, the default), or in each instance's DATA_DIR (sqlite: each replays the log itself, and keeps
     * serving reads through a database outage).
     */
    READ_MODELS: z.enum(['postgres', 'sqlite']).optional(),
    /** The EventStoreDB / KurrentDB node or cluster of STORE=eventstoredb: esdb://host:port[,host:port…]?tls=… */
    EVENTSTORE_URL: optionalText.refine((v) => v === undefined || /^(esdb|kurrentdb|kdb)(\+discover)?:\/\//.test(v), 'an esdb:// connection string'),
    /** A call to it taking longer fails as unavailable (503). */
    EVENTSTORE_DEADLINE_MS: positiveInt(10_000),
    LOG_LEVEL: LogLevel.optional(),
    JWT_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
    JWT_PRIVATE_KEY: optionalPem,
    JWT_PUBLIC_KEY: optionalPem,
    JWT_ISSUER: z.string().min(1).default('one-network-hrss'),
    JWT_AUDIENCE: z.string().min(1).default('one-network-hrss-api'),
    /** The longest a token of a role may live, e.g. `clerk=8h,supervisor=8h` (others keep their defaults). */
    TOKEN_MAX_LIFETIMES: optionalText.refine(
      (v) => v === undefined || v.split(',').every((part) => /^(applicant|clerk|supervisor|admin)=\d+(m|h|d)$/.test(part.trim())),
      'role=duration pairs such as clerk=8h,applicant=1d (roles: applicant, clerk, supervisor, admin; m, h or d)',
    ),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+\s*(b|kb|mb)$/i, 'a size such as 256kb')
      .default('256kb'),
    /** The heap the verified-token cache may hold (MB): about 1,800 live sessions a MB (infra/http/verified-tokens.ts). */
    TOKEN_CACHE_MB: positiveInt(32),
    RATE_LIMIT_WINDOW_MS: positiveInt(60_000),
    RATE_LIMIT_APPLICANT_MAX: positiveInt(300),
    IDEMPOTENCY_DB: z.string().min(1).optional(),
    IDEMPOTENCY_TTL_HOURS: positiveInt(24),
    READY_MAX_LAG: z.coerce.number().int().min(0).default(1000),
    /** HMAC key for identity numbers in read models; rebuild, report and seed read the same variable. */
    IDENTITY_HASH_KEY: optionalText.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
    /** How long a write (or a read with X-Min-Position) waits for the read models to reach it. */
    CONSISTENCY_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
    SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
    TRUST_PROXY: z.stringbool().default(false),
    /** At start the newest this many events' hash chain is checked (0: not at all; `npm run verify` checks the whole log). */
    CHAIN_CHECK_TAIL: z.coerce.number().int().min(0).default(10_000),
    /** Start even though that check finds the chain broken (logged as an error): to serve while the damage is examined. */
    TRUST_BROKEN_CHAIN: z.stringbool().default(false),
  })
  .superRefine((env, ctx) => {
    if (env.STORE === 'postgres' && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'STORE=postgres needs DATABASE_URL (postgres://user@host:port/database)' });
    }
    if (env.READ_MODELS === 'postgres' && env.STORE !== 'postgres') {
      ctx.addIssue({ code: 'custom', path: ['READ_MODELS'], message: 'READ_MODELS=postgres needs STORE=postgres (the read models live beside the log)' });
    }
    if (env.STORE === 'eventstoredb' && !env.EVENTSTORE_URL) {
      ctx.addIssue({ code: 'custom', path: ['EVENTSTORE_URL'], message: 'STORE=eventstoredb needs EVENTSTORE_URL (esdb://host:2113?tls=false, or a cluster: esdb+discover://…)' });
    }
    if (env.JWT_SECRET && (env.JWT_PRIVATE_KEY || env.JWT_PUBLIC_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'give either JWT_SECRET (HS256) or an ES256 key pair, not both' });
    }
  });
export type Env = z.infer<typeof EnvSchema>;

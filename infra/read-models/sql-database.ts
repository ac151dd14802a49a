/**
 * The part of a SQL connection the read models use: better-sqlite3's synchronous API, which a SQLite
 * database (read-model-db.ts) is as it stands and the PostgreSQL read models (postgres-read-model-db.ts)
 * provide over a synchronous bridge. The folds, their SQL homes, the runner and the queries are written
 * once against it.
 */
export interface SqlRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqlStatement<P extends unknown[] = unknown[], R = unknown> {
  run(...params: P): SqlRunResult;
  get(...params: P): R | undefined;
  all(...params: P): R[];
  /** Rows as their first column only. */
  pluck(toggleState?: boolean): this;
  /** Rows as arrays of column values. */
  raw(toggleState?: boolean): this;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as better-sqlite3 types its transactions
type TransactionBody = (...params: any[]) => unknown;

type ArgumentsOf<F extends TransactionBody> = F extends (...args: infer A) => unknown ? A : never;

export interface SqlTransaction<F extends TransactionBody> {
  (...params: ArgumentsOf<F>): ReturnType<F>;
  deferred(...params: ArgumentsOf<F>): ReturnType<F>;
  /** Takes the write lock first: one writer at a time, as the batch's checkpoint comparison counts on. */
  immediate(...params: ArgumentsOf<F>): ReturnType<F>;
}

export interface ReadModelDb {
  /** 'postgres' for the PostgreSQL read models; absent on SQLite. The few statements that differ ask. */
  readonly dialect?: 'postgres';
  /** The file (SQLite), or the server and database (PostgreSQL). */
  readonly name: string;
  readonly inTransaction: boolean;
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- better-sqlite3's named-parameter objects
  prepare<P extends unknown[] | {} = unknown[], R = unknown>(source: string): P extends unknown[] ? SqlStatement<P, R> : SqlStatement<[P], R>;
  exec(source: string): unknown;
  transaction<F extends TransactionBody>(fn: F): SqlTransaction<F>;
  close(): unknown;
}

export const isPostgres = (db: ReadModelDb): boolean => db.dialect === 'postgres';

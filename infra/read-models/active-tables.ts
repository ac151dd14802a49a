import type { ReadModelDb, SqlStatement } from './sql-database.js';
import { isPostgres } from './sql-database.js';
import { projectionStateStore } from './projection-state.js';

/**
 * Prepared statements of a projection's ACTIVE generation: after a rebuild switches generations, the next
 * query prepares against the new tables. On SQLite it costs one primary-key lookup per query. On PostgreSQL
 * that lookup is a round trip of its own, as long as the query's: outside a transaction the generation last
 * found is used, and a statement that finds its table gone (a switch drops the old generation's tables in
 * the transaction that promotes the new one) looks the active generation up and runs again on its tables.
 */
export function activeStatements<S>(db: ReadModelDb, projection: string, prepare: (generation: number) => S): () => S | undefined {
  const state = projectionStateStore(db);
  const trusting = isPostgres(db);
  let cached: { generation: number; statements: S; retrying: S } | undefined;
  const current = (): S | undefined => {
    const generation = state.activeGeneration(projection);
    if (generation === undefined) {
      cached = undefined;
      return undefined;
    }
    if (cached?.generation !== generation) {
      const statements = prepare(generation);
      cached = { generation, statements, retrying: trusting ? retryingOnSwitch(statements, [], current) : statements };
    }
    return cached.statements;
  };
  return () => {
    if (trusting && cached && !db.inTransaction) return cached.retrying;
    current();
    return cached?.statements;
  };
}

/** undefined_table: the generation's tables were dropped by a switch. */
const TABLE_GONE = '42P01';

const isStatement = (value: unknown): value is SqlStatement =>
  typeof value === 'object' && value !== null && typeof (value as SqlStatement).get === 'function' && typeof (value as SqlStatement).all === 'function';

/** `statements` (a statement, or an object of them at any depth) whose calls run again on the active generation's when their table is gone. */
function retryingOnSwitch<S>(statements: S, path: readonly string[], current: () => unknown): S {
  if (isStatement(statements)) {
    const again = <T>(call: (s: SqlStatement) => T, none: () => T) => {
      try {
        return call(statements);
      } catch (error) {
        if ((error as { code?: unknown }).code !== TABLE_GONE) throw error;
        const fresh = path.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], current());
        return isStatement(fresh) ? call(fresh) : none();
      }
    };
    const wrapper: SqlStatement = {
      get: (...params) => again((s) => s.get(...params), () => undefined),
      all: (...params) => again((s) => s.all(...params), () => []),
      run: (...params) => again((s) => s.run(...params), () => ({ changes: 0, lastInsertRowid: 0 })),
      pluck: () => wrapper,
      raw: () => wrapper,
    };
    return wrapper as S;
  }
  if (typeof statements !== 'object' || statements === null) return statements;
  return Object.fromEntries(Object.entries(statements).map(([key, value]) => [key, retryingOnSwitch(value, [...path, key], current)])) as S;
}

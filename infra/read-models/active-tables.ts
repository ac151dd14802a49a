import type { ReadModelDb } from './sql-database.js';
import { projectionStateStore } from './projection-state.js';

/**
 * Prepared statements of a projection's ACTIVE generation: after a rebuild switches generations, the next
 * query prepares against the new tables. Costs one primary-key lookup per query.
 */
export function activeStatements<S>(
  db: ReadModelDb,
  projection: string,
  prepare: (generation: number) => S,
): () => S | undefined {
  const state = projectionStateStore(db);
  let cached: { generation: number; statements: S } | undefined;
  return () => {
    const generation = state.activeGeneration(projection);
    if (generation === undefined) return undefined;
    if (cached?.generation !== generation) cached = { generation, statements: prepare(generation) };
    return cached.statements;
  };
}

import type { ReadModelDb } from '../../infra/read-models/sql-database.js';
import { ALL_PROJECTIONS } from '../../infra/read-models/all-projections.js';
import { projectionStateStore, tableName } from '../../infra/read-models/projection-state.js';

/**
 * Every row of every active read-model table, keyed by base table name and sorted, so two databases built
 * differently (incrementally, rebuilt, other generation numbers) compare equal exactly when their content is.
 */
export function dumpReadModels(db: ReadModelDb): Record<string, unknown[]> {
  const state = projectionStateStore(db);
  const dump: Record<string, unknown[]> = {};
  for (const p of ALL_PROJECTIONS) {
    const generation = state.activeGeneration(p.name);
    if (generation === undefined) continue;
    for (const base of p.tables) {
      const rows = db.prepare(`SELECT * FROM ${tableName(base, generation)}`).all() as Record<string, unknown>[];
      // rid is where SQLite put the row, which depends on how the log was cut into batches: not content.
      dump[base] = rows
        .map(({ rid: _rid, ...r }) => JSON.stringify(r, Object.keys(r).sort()))
        .sort()
        .map((s) => JSON.parse(s) as unknown);
    }
  }
  return dump;
}

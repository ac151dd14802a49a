import { applyBundleProgress, BUNDLE_PROGRESS_EVENTS } from '../../projections/bundle-progress/apply-bundle-progress.js';
import type { BundleRow } from '../../projections/bundle-progress/bundle-row.js';
import { batchDocTable, docTableDdl } from './batch-doc-table.js';
import { tableName } from './projection-state.js';
import { sessionOf } from './sql-projection.js';
import type { SqlProjection } from './sql-projection.js';

export const BUNDLE_PROGRESS = 'bundle-progress';

export const bundleProgressTables = (g: number) => ({ bundles: tableName('bundle_progress', g) });

export const bundleProgressSql: SqlProjection = {
  name: BUNDLE_PROGRESS,
  version: 1,
  replayCost: 30,
  tables: ['bundle_progress'],
  events: BUNDLE_PROGRESS_EVENTS,
  createTables(db, g) {
    const t = bundleProgressTables(g);
    db.exec(`
      ${docTableDdl(t.bundles, ['applicant_id TEXT NOT NULL', 'completed INTEGER NOT NULL'])}
      CREATE INDEX IF NOT EXISTS ${t.bundles}_applicant ON ${t.bundles} (applicant_id);
    `);
  },
  open(db, g, deps) {
    const rows = batchDocTable<BundleRow>(db, bundleProgressTables(g).bundles, (r) => r.bundleId, [
      { name: 'applicant_id', value: (r) => r.applicantId },
      { name: 'completed', value: (r) => (r.completedOn === null ? 0 : 1) },
    ]);
    return {
      apply: (event) => applyBundleProgress(event, rows, deps),
      ...sessionOf([rows]),
    };
  },
};

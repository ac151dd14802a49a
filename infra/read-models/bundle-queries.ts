import type { ReadModelDb } from './sql-database.js';
import type { ApplicationStatusRow } from '../../projections/application-status/status-row.js';
import type { BundleRow } from '../../projections/bundle-progress/bundle-row.js';
import { toBundleView } from '../../projections/bundle-progress/bundle-view.js';
import type { BundleProgressView } from '../../projections/bundle-progress/bundle-view.js';
import { activeStatements } from './active-tables.js';
import { BUNDLE_PROGRESS, bundleProgressTables } from './bundle-progress-sql.js';

export function bundleQueries(db: ReadModelDb, statusRow: (id: string) => ApplicationStatusRow | undefined) {
  const statements = activeStatements(db, BUNDLE_PROGRESS, (g) => {
    const t = bundleProgressTables(g).bundles;
    return {
      one: db.prepare<[string], string>(`SELECT doc FROM ${t} WHERE id = ?`).pluck(),
      ofApplicant: db.prepare<[string], string>(`SELECT doc FROM ${t} WHERE applicant_id = ? ORDER BY json_extract(doc, '$.submittedOn') DESC, id`).pluck(),
    };
  });
  const view = (row: BundleRow, today: string): BundleProgressView => {
    const apps = new Map<string, ApplicationStatusRow>();
    for (const m of row.members) {
      const app = m.applicationId ? statusRow(m.applicationId) : undefined;
      if (app) apps.set(app.applicationId, app);
    }
    return toBundleView(row, apps, today);
  };
  return {
    /** A bundle's members, their states and what blocks it, on `today`. */
    bundleProgress(bundleId: string, today: string): BundleProgressView | null {
      const doc = statements()?.one.get(bundleId);
      return doc === undefined ? null : view(JSON.parse(doc) as BundleRow, today);
    },
    bundlesOfApplicant(applicantId: string, today: string): BundleProgressView[] {
      return (statements()?.ofApplicant.all(applicantId) ?? []).map((d) => view(JSON.parse(d) as BundleRow, today));
    },
  };
}

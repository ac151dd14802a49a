import type Database from 'better-sqlite3';
import type { ApplicationStatusRow } from '../../projections/application-status/status-row.js';
import { toStatusView } from '../../projections/application-status/status-view.js';
import type { ApplicationStatusView } from '../../projections/application-status/status-view.js';
import type { WorkdayCalendar } from '../../projections/calendar-port.js';
import { activeStatements } from './active-tables.js';
import { APPLICATION_STATUS, applicationStatusTables } from './application-status-sql.js';

export function statusQueries(db: Database.Database, calendar: WorkdayCalendar) {
  const statements = activeStatements(db, APPLICATION_STATUS, (g) => {
    const t = applicationStatusTables(g);
    return {
      one: db.prepare<[string], string>(`SELECT doc FROM ${t.status} WHERE id = ?`).pluck(),
      ofApplicant: db.prepare<[string], string>(`SELECT doc FROM ${t.status} WHERE applicant_id = ? ORDER BY json_extract(doc, '$.submittedOn') DESC, id`).pluck(),
    };
  });
  const row = (id: string): ApplicationStatusRow | undefined => {
    const doc = statements()?.one.get(id);
    return doc === undefined ? undefined : (JSON.parse(doc) as ApplicationStatusRow);
  };
  return {
    /** The raw status row, for other read models that show member states. */
    statusRow: row,
    /** The applicant's status page of one application on `today` (YYYY-MM-DD), or null. */
    applicationStatus(applicationId: string, today: string): ApplicationStatusView | null {
      const r = row(applicationId);
      return r ? toStatusView(r, today, calendar) : null;
    },
    /** Every application of one applicant, newest first. */
    applicationsOfApplicant(applicantId: string, today: string): ApplicationStatusView[] {
      const docs = statements()?.ofApplicant.all(applicantId) ?? [];
      return docs.map((d) => toStatusView(JSON.parse(d) as ApplicationStatusRow, today, calendar));
    },
  };
}

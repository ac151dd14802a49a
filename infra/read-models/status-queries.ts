import type { ReadModelDb, SqlStatement } from './sql-database.js';
import type { ApplicationStatusRow } from '../../projections/application-status/status-row.js';
import { toStatusView } from '../../projections/application-status/status-view.js';
import type { ApplicationStatusView } from '../../projections/application-status/status-view.js';
import type { WorkdayCalendar } from '../../projections/calendar-port.js';
import { activeStatements } from './active-tables.js';
import { APPLICATION_STATUS, applicationStatusTables } from './application-status-sql.js';
import { projectionStateStore } from './projection-state.js';

/** An application's status page with the log position the application-status projection had applied when it was read. */
export interface PositionedStatus {
  view: ApplicationStatusView | null;
  /** The stream revision the page shows (its ETag); null without a page, or for a row folded before rows kept it. */
  revision: number | null;
  position: number;
}

export function statusQueries(db: ReadModelDb, calendar: WorkdayCalendar) {
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

  // The row and the projection's checkpoint in one statement, so one read transaction: the position is
  // exactly what the row reflects. The statement names its generation, and finds nothing once another
  // generation is active (or its table is gone): then the active one is looked up and prepared.
  const state = projectionStateStore(db);
  let positioned: { generation: number; statement: SqlStatement<[string, number], { doc: string | null; position: number }> } | undefined;
  const prepareFor = (generation: number) =>
    db.prepare<[string, number], { doc: string | null; position: number }>(
      `SELECT (SELECT doc FROM ${applicationStatusTables(generation).status} WHERE id = ?) AS doc, position
         FROM projection_state WHERE name = '${APPLICATION_STATUS}' AND status = 'active' AND generation = ?`,
    );
  const readPositioned = (id: string): { doc: string | null; position: number } | undefined => {
    if (positioned) {
      try {
        const found = positioned.statement.get(id, positioned.generation);
        if (found) return found;
      } catch {
        // The generation's table was dropped after a switch: look the active one up below.
      }
    }
    const generation = state.activeGeneration(APPLICATION_STATUS);
    if (generation === undefined) return undefined;
    positioned = { generation, statement: prepareFor(generation) };
    return positioned.statement.get(id, generation);
  };

  return {
    /** The raw status row, for other read models that show member states. */
    statusRow: row,
    /** The applicant's status page of one application on `today` (YYYY-MM-DD), or null. */
    applicationStatus(applicationId: string, today: string): ApplicationStatusView | null {
      const r = row(applicationId);
      return r ? toStatusView(r, today, calendar) : null;
    },
    /**
     * The status page with the position the projection had applied (0 before it has a generation), so a
     * caller can tell whether the page already holds a given event without asking the runner.
     */
    positionedStatus(applicationId: string, today: string): PositionedStatus {
      const found = readPositioned(applicationId);
      if (!found) return { view: null, revision: null, position: 0 };
      if (found.doc === null) return { view: null, revision: null, position: found.position };
      // A generation folded by version 1 of the projection has no revision in its rows.
      const row = JSON.parse(found.doc) as Partial<ApplicationStatusRow> & Omit<ApplicationStatusRow, 'revision'>;
      const revision = typeof row.revision === 'number' ? row.revision : null;
      return { view: toStatusView(row as ApplicationStatusRow, today, calendar), revision, position: found.position };
    },
    /** Every application of one applicant, newest first. */
    applicationsOfApplicant(applicantId: string, today: string): ApplicationStatusView[] {
      const docs = statements()?.ofApplicant.all(applicantId) ?? [];
      return docs.map((d) => toStatusView(JSON.parse(d) as ApplicationStatusRow, today, calendar));
    },
  };
}

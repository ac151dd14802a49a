import type { ReadModelDb } from './sql-database.js';
import { activeStatements } from './active-tables.js';
import { WORK_QUEUE, workQueueTables } from './work-queue-sql.js';

/** An application still in intake, with the date its materials were last received. */
export interface IntakeCandidate {
  applicationId: string;
  receivedOn: string;
}

/**
 * What the legal clock's timers ask of the work-queue read model (projections/work-queue). Both run once a
 * day or once per calendar revision, so a scan of the open rows (the table holds open work only) is enough:
 * no index of their own.
 */
export function legalClockQueries(db: ReadModelDb) {
  const statements = activeStatements(db, WORK_QUEUE, (g) => {
    const t = workQueueTables(g).items;
    return {
      // The work queue's intake-notice due date is the 5th working day after receipt: past it, the notice is late.
      intakeLapsed: db.prepare<[string], IntakeCandidate>(
        `SELECT id AS applicationId, json_extract(doc, '$.receivedOn') AS receivedOn FROM ${t}
          WHERE section = 'intake' AND due_kind = 'intake-notice' AND due_on < ? ORDER BY due_on, id`,
      ),
      // Accepted and not decided: the clock runs (processing), or is stopped by the agency (suspended) or for the
      // applicant's supplement (waiting, with the suspension's reason kept on the row).
      onTheClock: db.prepare<[], string>(
        `SELECT id FROM ${t}
          WHERE section IN ('processing', 'suspended') OR (section = 'waiting' AND json_extract(doc, '$.suspensionReason') IS NOT NULL)
          ORDER BY id`,
      ).pluck(),
    };
  });

  return {
    /** Applications in intake (submitted, no notice pending) whose notice due date lies before `today`. */
    intakeNoticeLapsed(today: string): IntakeCandidate[] {
      return statements()?.intakeLapsed.all(today) ?? [];
    },
    /** Open applications whose deadlines are running or suspended: the ones a calendar revision can move. */
    openOnTheClock(): string[] {
      return statements()?.onTheClock.all() ?? [];
    },
  };
}

export type LegalClockQueries = ReturnType<typeof legalClockQueries>;

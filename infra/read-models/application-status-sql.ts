import type { ReadModelDb } from './sql-database.js';
import { APPLICATION_STATUS_EVENTS, applyApplicationStatus } from '../../projections/application-status/apply-status.js';
import type { ApplicationStatusRow } from '../../projections/application-status/status-row.js';
import { batchDocTable, docTableDdl } from './batch-doc-table.js';
import { tableName } from './projection-state.js';
import { sessionOf } from './sql-projection.js';
import type { SqlProjection } from './sql-projection.js';

export const APPLICATION_STATUS = 'application-status';

export const applicationStatusTables = (g: number) => ({ status: tableName('app_status', g), tickets: tableName('app_status_ticket', g) });

/** Which application a review ticket belongs to: its later events name only the ticket's stream. */
interface TicketLink {
  ticketId: string;
  applicationId: string;
}

export const applicationStatusSql: SqlProjection = {
  name: APPLICATION_STATUS,
  // 2: rows carry their stream revision (the status page's ETag). 3: rows carry the deadlines' provisional flag.
  // 4: rows carry the review ticket of a bad rating (差评工单), its steps in the timeline.
  version: 4,
  replayCost: 440,
  tables: ['app_status', 'app_status_ticket'],
  events: APPLICATION_STATUS_EVENTS,
  createTables(db, g) {
    const t = applicationStatusTables(g);
    db.exec(`
      ${docTableDdl(t.status, ['applicant_id TEXT NOT NULL', 'bundle_id TEXT'])}
      CREATE INDEX IF NOT EXISTS ${t.status}_applicant ON ${t.status} (applicant_id);
      ${docTableDdl(t.tickets)}
    `);
  },
  open(db: ReadModelDb, g, deps) {
    const t = applicationStatusTables(g);
    const rows = batchDocTable<ApplicationStatusRow>(db, t.status, (r) => r.applicationId, [
      { name: 'applicant_id', value: (r) => r.applicantId },
      { name: 'bundle_id', value: (r) => r.bundleId },
    ]);
    // A key look-up through the batch's cache, not a query over the status rows: a query would have to flush
    // the batch first, and a replay meets a review event every hundred or so.
    const tickets = batchDocTable<TicketLink>(db, t.tickets, (l) => l.ticketId);
    const store = {
      get: (id: string) => rows.get(id),
      put: (row: ApplicationStatusRow) => rows.put(row),
      applicationOfTicket: (ticketId: string) => tickets.get(ticketId)?.applicationId,
      linkTicket: (ticketId: string, applicationId: string) => tickets.put({ ticketId, applicationId }),
    };
    return {
      apply: (event) => applyApplicationStatus(event, store, deps),
      ...sessionOf([rows, tickets]),
    };
  },
};

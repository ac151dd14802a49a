import { applyReviewTickets, REVIEW_TICKET_EVENTS } from '../../projections/review-tickets/apply-review-tickets.js';
import type { ReviewTicketRow } from '../../projections/review-tickets/ticket-row.js';
import { appealStateOf } from '../../projections/review-tickets/ticket-view.js';
import { batchDocTable, docTableDdl } from './batch-doc-table.js';
import { tableName } from './projection-state.js';
import { sessionOf } from './sql-projection.js';
import type { SqlProjection } from './sql-projection.js';

export const REVIEW_TICKETS = 'review-tickets';

export const reviewTicketTables = (g: number) => ({ tickets: tableName('review_ticket', g) });

/** 差评工单: every review ticket, open or closed; the clerks' ticket list and the tickets' part of the overdue watch. */
export const reviewTicketsSql: SqlProjection = {
  name: REVIEW_TICKETS,
  version: 1,
  // Reads review events and calendar revisions only, a few per hundred application events.
  replayCost: 10,
  tables: ['review_ticket'],
  events: REVIEW_TICKET_EVENTS,
  createTables(db, g) {
    const t = reviewTicketTables(g);
    db.exec(`
      ${docTableDdl(t.tickets, ['department TEXT NOT NULL', 'status TEXT NOT NULL', 'appeal TEXT NOT NULL', 'opened_on TEXT NOT NULL', 'due_on TEXT NOT NULL', 'warn_from TEXT NOT NULL'])}
      CREATE INDEX IF NOT EXISTS ${t.tickets}_list ON ${t.tickets} (department, status, due_on);
      CREATE INDEX IF NOT EXISTS ${t.tickets}_watch ON ${t.tickets} (warn_from) WHERE status = 'open';
    `);
  },
  open(db, g, deps) {
    const rows = batchDocTable<ReviewTicketRow>(db, reviewTicketTables(g).tickets, (r) => r.ticketId, [
      { name: 'department', value: (r) => r.department },
      { name: 'status', value: (r) => r.status },
      { name: 'appeal', value: (r) => appealStateOf(r.appeal) },
      { name: 'opened_on', value: (r) => r.openedOn },
      { name: 'due_on', value: (r) => r.dueOn },
      { name: 'warn_from', value: (r) => r.warnFrom },
    ]);
    const store = {
      get: (id: string) => rows.get(id),
      put: (row: ReviewTicketRow) => rows.put(row),
      open: () => rows.select(`status = 'open'`),
    };
    return {
      apply: (event) => applyReviewTickets(event, store, deps),
      ...sessionOf([rows]),
    };
  },
};

import type { ReadModelDb, SqlStatement } from './sql-database.js';
import type { WorkdayCalendar } from '../../projections/calendar-port.js';
import type { ReviewTicketRow, TicketStatus } from '../../projections/review-tickets/ticket-row.js';
import { reviewWatchOf, toReviewTicketEntry } from '../../projections/review-tickets/ticket-view.js';
import type { AppealState, ReviewTicketEntry, ReviewWatch } from '../../projections/review-tickets/ticket-view.js';
import { activeStatements } from './active-tables.js';
import { projectionStateStore } from './projection-state.js';
import { REVIEW_TICKETS, reviewTicketTables } from './review-tickets-sql.js';

export interface ReviewTicketQuery {
  /** One department's tickets; every department's when left out (supervisors). */
  department?: string;
  /** Which tickets: open (the default work), resolved, void, or all. */
  status: TicketStatus | 'all';
  /** Only tickets whose appeal (申诉复核) stands so. */
  appeal?: AppealState;
  today: string;
  /** At most this many tickets (default 500). */
  limit?: number;
}

export interface ReviewTicketList {
  department: string | null;
  status: TicketStatus | 'all';
  today: string;
  /** Open tickets first, by due date; then closed ones, the most recently opened first. */
  tickets: ReviewTicketEntry[];
  counts: { listed: number; overdue: number; dueSoon: number };
}

/** A ticket with its stream revision (the ETag) and the log position the projection had applied when it was read. */
export interface PositionedTicket {
  view: ReviewTicketEntry | null;
  revision: number | null;
  position: number;
}

const parse = (doc: string): ReviewTicketRow => JSON.parse(doc) as ReviewTicketRow;

export function reviewTicketQueries(db: ReadModelDb, calendar: WorkdayCalendar) {
  const statements = activeStatements(db, REVIEW_TICKETS, (g) => {
    const t = reviewTicketTables(g).tickets;
    return {
      list: db
        .prepare<[string | null, string | null, string, string, string | null, string | null, number], string>(
          `SELECT doc FROM ${t}
            WHERE (? IS NULL OR department = ?) AND (? = 'all' OR status = ?) AND (? IS NULL OR appeal = ?)
            ORDER BY status <> 'open', CASE WHEN status = 'open' THEN due_on END, opened_on DESC, id LIMIT ?`,
        )
        .pluck(),
      watch: db
        .prepare<[string, string | null, string | null], string>(
          `SELECT doc FROM ${t} WHERE status = 'open' AND warn_from <= ? AND (? IS NULL OR department = ?) ORDER BY due_on, id`,
        )
        .pluck(),
    };
  });

  // The row and the projection's checkpoint in one statement, so in one read transaction: the position is
  // exactly what the row reflects (as for the status page, status-queries.ts). The statement names its
  // generation and finds nothing once another is active: then the active one is looked up and prepared.
  const state = projectionStateStore(db);
  type Found = { doc: string | null; position: number };
  let positioned: { generation: number; statement: SqlStatement<[string, number], Found> } | undefined;
  const prepareFor = (generation: number) =>
    db.prepare<[string, number], Found>(
      `SELECT (SELECT doc FROM ${reviewTicketTables(generation).tickets} WHERE id = ?) AS doc, position
         FROM projection_state WHERE name = '${REVIEW_TICKETS}' AND status = 'active' AND generation = ?`,
    );
  const readPositioned = (id: string): Found | undefined => {
    if (positioned) {
      try {
        const found = positioned.statement.get(id, positioned.generation);
        if (found) return found;
      } catch {
        // The generation's table was dropped after a switch: look the active one up below.
      }
    }
    const generation = state.activeGeneration(REVIEW_TICKETS);
    if (generation === undefined) return undefined;
    positioned = { generation, statement: prepareFor(generation) };
    return positioned.statement.get(id, generation);
  };

  return {
    /** Tickets of one department (or all) on `today`, with due-soon and overdue marks. */
    reviewTickets(query: ReviewTicketQuery): ReviewTicketList {
      const dept = query.department ?? null;
      const appeal = query.appeal ?? null;
      const docs = statements()?.list.all(dept, dept, query.status, query.status, appeal, appeal, query.limit ?? 500) ?? [];
      const tickets = docs.map((d) => toReviewTicketEntry(parse(d), query.today, calendar));
      return {
        department: dept,
        status: query.status,
        today: query.today,
        tickets,
        counts: { listed: tickets.length, overdue: tickets.filter((t) => t.overdue).length, dueSoon: tickets.filter((t) => t.dueSoon).length },
      };
    },

    /** One ticket on `today`, or null. */
    reviewTicket(ticketId: string, today: string): ReviewTicketEntry | null {
      const found = readPositioned(ticketId);
      return found?.doc ? toReviewTicketEntry(parse(found.doc), today, calendar) : null;
    },

    /** One ticket with its revision and the position the projection had applied (0 before it has a generation). */
    positionedTicket(ticketId: string, today: string): PositionedTicket {
      const found = readPositioned(ticketId);
      if (!found) return { view: null, revision: null, position: 0 };
      if (found.doc === null) return { view: null, revision: null, position: found.position };
      const row = parse(found.doc);
      return { view: toReviewTicketEntry(row, today, calendar), revision: row.revision, position: found.position };
    },

    /** 跟踪督导 for tickets: open ones past or within 2 working days of their due date, per department. */
    reviewWatch(query: { today: string; department?: string }): ReviewWatch {
      const dept = query.department ?? null;
      const rows = (statements()?.watch.all(query.today, dept, dept) ?? []).map(parse);
      return reviewWatchOf(rows, query.today, calendar);
    },
  };
}

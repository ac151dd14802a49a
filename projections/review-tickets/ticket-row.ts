/**
 * A 差评工单 (review ticket) as its handling unit works it: opened by a 1–2 star rating, worked by the
 * clerks of the item's department (回访 callback, then 整改 rectified or 解释说明 explained), possibly appealed
 * (申诉复核) and decided by a supervisor. One row per ticket, kept after it closes.
 */

/** open: work to do; resolved: rectified or explained; void: an upheld appeal found the rating wrongly filed. */
export type TicketStatus = 'open' | 'resolved' | 'void';

export type Resolution = 'rectified' | 'explained';

export interface TicketCallback {
  note: string;
  calledOn: string;
}

/** The unit's appeal against the rating; `decision` is the supervisor's, null while pending. */
export interface TicketAppeal {
  reason: string;
  filedOn: string;
  decision: { upheld: boolean; note: string; decidedOn: string } | null;
}

export interface TicketResolution {
  resolution: Resolution;
  note: string;
  resolvedOn: string;
  /** The decider's verdict: resolved within the ticket's working days (elapsed(openedOn, resolvedOn) ≤ dueWorkdays). */
  onTime: boolean;
}

export interface ReviewTicketRow {
  ticketId: string;
  /** The stream revision of the last event folded in: the ticket's ETag. */
  revision: number;
  applicationId: string;
  itemCode: string;
  department: string;
  /** The rating's stars (1 非常不满意, 2 不满意). */
  level: number;
  tags: string[];
  /** The rating date; the due working days count from it. */
  openedOn: string;
  dueWorkdays: number;
  /**
   * The last working day on which resolving is on time: dueWorkdays working days after openedOn on the
   * calendar in force (a revision recomputes it for open tickets, as the decider counts on that calendar).
   */
  dueOn: string;
  /** `dueOn` lies in a year without its State Council notice and may move when it is published. */
  provisional: boolean;
  /** The first date the ticket is due soon (临期): within 2 working days of dueOn. */
  warnFrom: string;
  status: TicketStatus;
  callbacks: TicketCallback[];
  appeal: TicketAppeal | null;
  resolution: TicketResolution | null;
  /** The date it was resolved or voided; null while open. */
  closedOn: string | null;
}

/** The narrow read-model port the review-tickets projection writes through. */
export interface ReviewTicketStore {
  get(ticketId: string): ReviewTicketRow | undefined;
  put(row: ReviewTicketRow): void;
  /** Every open ticket, for recomputation after a calendar revision. */
  open(): Iterable<ReviewTicketRow>;
}

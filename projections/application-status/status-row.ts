import type { Applicant, Channel, DeliveryMode, SuspensionReason } from '../../events/index.js';
import type { Resolution, TicketStatus } from '../review-tickets/ticket-row.js';

/** Where an application stands, as the applicant is told (DESIGN.md §4 lifecycle). */
export type ApplicationState =
  | 'submitted'
  | 'awaiting-supplement'
  | 'accepted'
  | 'suspended'
  | 'decided'
  | 'result-issued'
  | 'result-dispatched'
  | 'result-received'
  | 'refused'
  | 'withdrawn'
  | 'closed';

export type ApplicationOutcome = 'approved' | 'denied' | 'refused' | 'withdrawn';

export type TimelineStep =
  | 'submitted'
  | 'pre-reviewed'
  | 'supplement-requested'
  | 'supplement-received'
  | 'accepted'
  | 'deemed-accepted'
  | 'intake-refused'
  | 'clock-suspended'
  | 'clock-resumed'
  | 'extension-granted'
  | 'instant-approval-declined'
  | 'approved'
  | 'denied'
  | 'result-issued'
  | 'result-dispatched'
  | 'result-received'
  | 'visit'
  | 'withdrawn'
  | 'closed'
  | 'rated'
  | 'deadline-recomputed'
  | 'review-opened'
  | 'review-callback'
  | 'review-resolved'
  | 'review-void';

/**
 * One step: what happened, on which date, and a short fact (the hall visited, the waybill, the suspension
 * reason, the new deadline). A tuple, not an object: the row is rewritten as it grows, and the timeline
 * is most of it.
 */
export type TimelineEntry = [step: TimelineStep, on: string, detail?: string];

export interface MissingMaterial {
  code: string;
  reason: string;
}

/**
 * The 差评工单 (review ticket) a bad rating opened, as far as the applicant is told: where it stands and, once
 * resolved, the unit's answer. An appeal (申诉复核) in progress is the unit's business until it is decided.
 */
export interface ApplicationReview {
  ticketId: string;
  status: TicketStatus;
  openedOn: string;
  /** Rectified (整改) or explained (解释说明), with the unit's note; null until resolved. */
  resolution: { resolution: Resolution; note: string; resolvedOn: string } | null;
  /** The date it was resolved or voided; null while open. */
  closedOn: string | null;
}

/** One row per application: what the applicant's status page needs, identity number hashed. */
export interface ApplicationStatusRow {
  applicationId: string;
  /**
   * The stream revision of the last event folded in: the page's ETag, so a status read needs nothing from
   * the event store. Every application event passes through this projection, so it is the stream's revision.
   */
  revision: number;
  applicantId: string;
  applicantKind: Applicant['kind'];
  idNumberHash: string | null;
  itemCode: string;
  department: string;
  channel: Channel;
  bundleId: string | null;
  state: ApplicationState;
  outcome: ApplicationOutcome | null;
  submittedOn: string;
  acceptedOn: string | null;
  decidedOn: string | null;
  closedOn: string | null;
  committedDeadline: string | null;
  statutoryDeadline: string | null;
  calendarVersion: string | null;
  /**
   * The deadlines depend on a provisional calendar day and may move when the State Council notice is
   * imported (the deadline events' flag). Absent in rows folded before version 3 of the projection: false.
   */
  provisional?: boolean;
  suspensionReason: SuspensionReason | null;
  /** The open one-time supplement notice (一次性告知), null when none is outstanding. */
  supplement: MissingMaterial[] | null;
  deliveryMode: DeliveryMode;
  dispatchMode: DeliveryMode | null;
  carrier: string | null;
  waybillNo: string | null;
  rating: number | null;
  /** The review ticket of a 1–2 star rating; null without one. Absent in rows folded before version 4: null. */
  review?: ApplicationReview | null;
  timeline: TimelineEntry[];
}

/** The narrow read-model port the status projection writes through. */
export interface ApplicationStatusStore {
  get(applicationId: string): ApplicationStatusRow | undefined;
  put(row: ApplicationStatusRow): void;
  /** The application a review ticket was opened on: review events after the opening name only the ticket's stream. */
  applicationOfTicket(ticketId: string): string | undefined;
  /** Remembers the application of a ticket as it opens. */
  linkTicket(ticketId: string, applicationId: string): void;
}

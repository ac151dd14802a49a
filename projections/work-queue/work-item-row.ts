import type { SuspensionReason } from '../../events/index.js';

/**
 * Where an open application sits in the department's work (窗口/后台): intake (accept or refuse; the
 * one-time notice is due within 5 working days of receipt), processing (the committed deadline runs),
 * suspended (clock stopped by the agency), result (decided: issue and dispatch), waiting (on the applicant).
 */
export type WorkSection = 'intake' | 'processing' | 'suspended' | 'result' | 'waiting';

export type WaitingFor = 'supplement' | 'pickup' | 'delivery';

/** intake-notice: Art 32's 5 working days for the one-time notice; committed: the committed deadline. */
export type DueKind = 'intake-notice' | 'committed';

/** One row per open application; deleted at close, so the table holds only open work. */
export interface WorkItemRow {
  applicationId: string;
  department: string;
  /**
   * The hall where the applicant was first seen: the first recorded visit (a window clerk records the
   * submission visit). ApplicationSubmitted carries no hall, so work with no visit is the department's
   * back office (online submissions, bundle members): null.
   */
  hall: string | null;
  itemCode: string;
  bundleId: string | null;
  section: WorkSection;
  waitingFor: WaitingFor | null;
  accepted: boolean;
  /** 受理 date: for a deemed acceptance (视为受理) the receipt it dates back to. Absent before version 3: read as null. */
  acceptedOn?: string | null;
  /** Accepted by 视为受理 (no one-time notice within 5 working days of receipt). Absent before version 3: read as false. */
  deemedAccepted?: boolean;
  submittedOn: string;
  /** The last date materials were received: submission, or the latest supplement. */
  receivedOn: string;
  committedDeadline: string | null;
  /**
   * The committed deadline depends on a provisional calendar day (the deadline events' flag). This and
   * `provisional` are absent in rows folded before version 2 of the projection: read as false.
   */
  committedProvisional?: boolean;
  suspensionReason: SuspensionReason | null;
  dueKind: DueKind | null;
  dueOn: string | null;
  /** `dueOn` may move when the State Council's holiday notice is published (DESIGN.md §5). */
  provisional?: boolean;
  /** The first date the case is due soon (临期); never before `submittedOn`. */
  warnFrom: string | null;
}

export interface WorkItemStore {
  get(applicationId: string): WorkItemRow | undefined;
  put(row: WorkItemRow): void;
  delete(applicationId: string): void;
  /** Every open row that has a due date, for recomputation after a calendar revision. */
  withDueDates(): Iterable<WorkItemRow>;
}

import type { Applicant, Channel, Deadlines, Delivery, ProvidedMaterial, TimeLimit } from '../../events/index.js';

/**
 * Where an application stands. `decided` holds approvals only: a denial is notified with the decision and
 * closes the application at once (see decide-result.ts).
 */
export type ApplicationStatus =
  | 'none'
  | 'submitted'
  | 'supplement-requested'
  | 'accepted'
  | 'suspended'
  | 'decided'
  | 'issued'
  | 'dispatched'
  | 'closed';

export interface ApplicationState {
  status: ApplicationStatus;
  applicationId: string | null;
  itemCode: string | null;
  department: string | null;
  catalogVersion: number | null;
  channel: Channel | null;
  applicant: Applicant | null;
  bundleId: string | null;
  form: Record<string, unknown>;
  /** Materials as submitted, each replaced by its supplement when one came. */
  materials: ProvidedMaterial[];
  delivery: Delivery | null;
  submittedOn: string | null;
  /** The last date materials were received (submission or supplement): the 5-working-day notice window runs from it. */
  receivedOn: string | null;
  committedLimit: TimeLimit | null;
  statutoryLimit: TimeLimit | null;
  fastTrack: boolean;
  preReviewed: boolean;
  supplementRequests: number;
  pendingSupplement: { requestId: string; codes: string[]; requestedOn: string } | null;
  acceptance: { kind: 'explicit' | 'deemed'; acceptedOn: string } | null;
  deadlines: Deadlines | null;
  suspension: { reason: string; suspendedOn: string } | null;
  /**
   * Completed suspensions, the days d with from < d ≤ to off the clock. Kept as dates, not counts: the
   * deadlines are counted from them on the calendar in force, so a revised calendar counts them again.
   */
  suspensions: { from: string; to: string }[];
  extensionDays: number;
  instantApprovalDeclined: string[] | null;
  decision: { outcome: 'approved' | 'denied'; decidedBy: 'staff' | 'rule'; decidedOn: string } | null;
  result: { documentType: string; documentNo: string; issuedOn: string } | null;
  dispatch: { mode: 'electronic' | 'express' | 'pickup'; dispatchedOn: string } | null;
  closure: { outcome: 'approved' | 'denied' | 'refused' | 'withdrawn'; closedOn: string } | null;
  rating: { level: number; ratedOn: string } | null;
  visits: number;
}

export const initialApplicationState: ApplicationState = {
  status: 'none',
  applicationId: null,
  itemCode: null,
  department: null,
  catalogVersion: null,
  channel: null,
  applicant: null,
  bundleId: null,
  form: {},
  materials: [],
  delivery: null,
  submittedOn: null,
  receivedOn: null,
  committedLimit: null,
  statutoryLimit: null,
  fastTrack: false,
  preReviewed: false,
  supplementRequests: 0,
  pendingSupplement: null,
  acceptance: null,
  deadlines: null,
  suspension: null,
  suspensions: [],
  extensionDays: 0,
  instantApprovalDeclined: null,
  decision: null,
  result: null,
  dispatch: null,
  closure: null,
  rating: null,
  visits: 0,
};

/** Concluded (办结): decided, or ended without a decision (intake refused, withdrawn). Rating is open from here. */
export function isConcluded(state: ApplicationState): boolean {
  return state.decision !== null || state.closure !== null;
}

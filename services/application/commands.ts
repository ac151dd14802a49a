import type { Applicant, Channel, Delivery, ProvidedMaterial, SuspensionReason } from '../../events/index.js';

// Commands on an item application (办件), stream `application-<id>`. Plain types: the HTTP layer validates shapes;
// the decider checks the rules. Dates come from CommandContext.today, never from the command.

export interface SubmitApplication {
  type: 'submitApplication';
  /** Equals the id in the stream name; callers derive it from the command id so a retry lands on the same stream. */
  applicationId: string;
  itemCode: string;
  /** The catalog version the form was filled against; when given it must be the catalog in force. */
  catalogVersion?: number;
  /** The channel the applicant used; defaults to the command's channel (a process manager passes the bundle's). */
  channel?: Channel;
  applicant: Applicant;
  form: Record<string, unknown>;
  materials: ProvidedMaterial[];
  delivery: Delivery;
  /** Set for a member of a 一件事 bundle: materials the item does not list are then left out instead of refused. */
  bundleId?: string;
}

/** 网上预审: online pre-review, outside the legal clock. */
export interface CompletePreReview {
  type: 'completePreReview';
  outcome: 'passed' | 'needs-supplement';
  note?: string;
}

/** 一次性告知: the complete list of materials to supplement, at once. */
export interface RequestSupplement {
  type: 'requestSupplement';
  /** Defaults to `S<n>`, n counting this application's requests. */
  requestId?: string;
  missing: { code: string; reason: string }[];
}

export interface ReceiveSupplement {
  type: 'receiveSupplement';
  /** Defaults to the pending request; when given it must name it. */
  requestId?: string;
  materials: ProvidedMaterial[];
}

/** 受理. */
export interface AcceptApplication {
  type: 'acceptApplication';
}

/** 不予受理. */
export interface RefuseIntake {
  type: 'refuseIntake';
  reason: string;
  legalBasis?: string;
}

/** Run by a timer or a clerk: 视为受理 when no supplement notice went out within 5 working days of receipt. */
export interface CheckDeemedAcceptance {
  type: 'checkDeemedAcceptance';
}

export interface SuspendClock {
  type: 'suspendClock';
  reason: SuspensionReason;
  legalBasis: string;
}

export interface ResumeClock {
  type: 'resumeClock';
}

/**
 * Sent by the calendar process manager after a calendar revision (DESIGN.md §5): both deadlines are counted
 * again on the decider's calendar; the events that fixed them stand.
 */
export interface RecomputeDeadlines {
  type: 'recomputeDeadlines';
}

/** 延期, approved by the agency head. Days are in the unit of the item's limits. */
export interface GrantExtension {
  type: 'grantExtension';
  days: number;
  approver: string;
  reason: string;
}

/** 办结 decision. An actor with the `rule-engine` role decides by rule, anyone else as staff. */
export interface DecideApplication {
  type: 'decideApplication';
  outcome: 'approved' | 'denied';
  legalBasis: string;
  /** Required for a denial: the applicant is told why (行政许可法 Art 38). */
  reason?: string;
  ruleId?: string;
}

export interface ResultDocument {
  documentType: 'certificate' | 'document' | 'e-licence';
  documentNo: string;
}

/** 即来即办: a committed-0 item accepted and decided by one clerk action on the day. */
export interface HandleOnTheSpot {
  type: 'handleOnTheSpot';
  outcome: 'approved' | 'denied';
  legalBasis: string;
  reason?: string;
  /** When approved and given, the result is issued in the same action (handed over at the window). */
  result?: ResultDocument;
}

export interface IssueResult extends ResultDocument {
  type: 'issueResult';
}

export interface DispatchResult {
  type: 'dispatchResult';
  mode: 'electronic' | 'express' | 'pickup';
  /** Both required for free express (免费快递). */
  carrier?: string;
  waybillNo?: string;
}

export interface RecordReceipt {
  type: 'recordReceipt';
}

export interface RecordVisit {
  type: 'recordVisit';
  hall: string;
  purpose: 'submit' | 'supplement' | 'paper-materials' | 'pickup' | 'consult' | 'other';
}

export interface WithdrawApplication {
  type: 'withdrawApplication';
  reason: string;
}

/** 好差评. */
export interface RateApplication {
  type: 'rateApplication';
  level: number;
  indicators: Record<string, number>;
  tags: string[];
  comment?: string;
}

export type ApplicationCommand =
  | SubmitApplication
  | CompletePreReview
  | RequestSupplement
  | ReceiveSupplement
  | AcceptApplication
  | RefuseIntake
  | CheckDeemedAcceptance
  | SuspendClock
  | ResumeClock
  | GrantExtension
  | RecomputeDeadlines
  | DecideApplication
  | HandleOnTheSpot
  | IssueResult
  | DispatchResult
  | RecordReceipt
  | RecordVisit
  | WithdrawApplication
  | RateApplication;

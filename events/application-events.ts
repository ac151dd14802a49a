import { z } from 'zod';
import { defineEvent } from './registry.js';
import { Applicant, Channel, Deadlines, Delivery, LocalDate, ProvidedMaterial, TimeLimit } from './common.js';

// The item application lifecycle (办件), stream `application-<uuid>` (DESIGN.md §4).

export const ApplicationSubmitted = defineEvent(
  'ApplicationSubmitted',
  z.object({
    applicationId: z.uuid(),
    itemCode: z.string().min(1),
    catalogVersion: z.number().int().min(1),
    department: z.string().min(1),
    channel: Channel,
    applicant: Applicant,
    form: z.record(z.string(), z.unknown()),
    materials: z.array(ProvidedMaterial),
    delivery: Delivery,
    submittedOn: LocalDate,
    bundleId: z.uuid().optional(),
    /** The item's limits and 提速办 flag as the catalog version had them, so history never shifts with the catalog. */
    committedLimit: TimeLimit,
    statutoryLimit: TimeLimit,
    fastTrack: z.boolean(),
  }),
);

/** 网上预审: online pre-review, outside the legal clock. */
export const PreReviewCompleted = defineEvent(
  'PreReviewCompleted',
  z.object({ outcome: z.enum(['passed', 'needs-supplement']), note: z.string().optional(), reviewedOn: LocalDate }),
);

/** 一次性告知: every missing material at once. */
export const SupplementRequested = defineEvent(
  'SupplementRequested',
  z.object({
    requestId: z.string().min(1),
    missing: z.array(z.object({ code: z.string().min(1), reason: z.string().min(1) })).min(1),
    requestedOn: LocalDate,
  }),
);

export const SupplementReceived = defineEvent(
  'SupplementReceived',
  z.object({ requestId: z.string().min(1), materials: z.array(ProvidedMaterial).min(1), receivedOn: LocalDate }),
);

/** 受理: the legal clock starts the day after acceptedOn. */
export const ApplicationAccepted = defineEvent(
  'ApplicationAccepted',
  Deadlines.extend({ acceptedOn: LocalDate, committedLimit: TimeLimit, statutoryLimit: TimeLimit }),
);

/** 视为受理: no supplement notice within 5 working days of receipt; acceptance dates back to receipt (行政许可法 Art 32). */
export const DeemedAccepted = defineEvent(
  'DeemedAccepted',
  Deadlines.extend({ acceptedOn: LocalDate, receivedOn: LocalDate, committedLimit: TimeLimit, statutoryLimit: TimeLimit }),
);

/** 不予受理. */
export const IntakeRefused = defineEvent(
  'IntakeRefused',
  z.object({ reason: z.string().min(1), legalBasis: z.string().optional(), refusedOn: LocalDate }),
);

/** 中止/不计时: hearing, test, appraisal, expert review, awaiting a judicial finding, or a post-acceptance supplement. */
export const SuspensionReason = z.enum(['hearing', 'test', 'appraisal', 'expert-review', 'awaiting-judicial', 'applicant-supplement']);
export type SuspensionReason = z.infer<typeof SuspensionReason>;

export const ClockSuspended = defineEvent(
  'ClockSuspended',
  z.object({ reason: SuspensionReason, legalBasis: z.string().min(1), suspendedOn: LocalDate }),
);

export const ClockResumed = defineEvent(
  'ClockResumed',
  Deadlines.extend({ resumedOn: LocalDate, suspendedWorkdays: z.number().int().min(0) }),
);

/** 延期: granted by the agency head, the applicant told why. */
export const ExtensionGranted = defineEvent(
  'ExtensionGranted',
  Deadlines.extend({ days: z.number().int().min(1), approver: z.string().min(1), reason: z.string().min(1), grantedOn: LocalDate }),
);

/** 办结 decision; decidedBy `rule` is 秒批 (approval by rule, no clerk). */
export const DecisionMade = defineEvent(
  'DecisionMade',
  z.object({
    outcome: z.enum(['approved', 'denied']),
    decidedBy: z.enum(['staff', 'rule']),
    legalBasis: z.string().min(1),
    reason: z.string().optional(),
    ruleId: z.string().optional(),
    decidedOn: LocalDate,
  }),
);

/** The 秒批 rule did not hold; the application joins the normal queue with the reasons. */
export const InstantApprovalDeclined = defineEvent(
  'InstantApprovalDeclined',
  z.object({ ruleId: z.string().min(1), reasons: z.array(z.string().min(1)).min(1) }),
);

export const ResultIssued = defineEvent(
  'ResultIssued',
  z.object({ documentType: z.enum(['certificate', 'document', 'e-licence']), documentNo: z.string().min(1), issuedOn: LocalDate }),
);

export const ResultDispatched = defineEvent(
  'ResultDispatched',
  z.object({
    mode: z.enum(['electronic', 'express', 'pickup']),
    carrier: z.string().optional(),
    waybillNo: z.string().optional(),
    dispatchedOn: LocalDate,
  }),
);

export const ResultReceived = defineEvent('ResultReceived', z.object({ receivedOn: LocalDate }));

export const VisitPurpose = z.enum(['submit', 'supplement', 'paper-materials', 'pickup', 'consult', 'other']);
export const VisitRecorded = defineEvent(
  'VisitRecorded',
  z.object({ hall: z.string().min(1), purpose: VisitPurpose, visitedOn: LocalDate }),
);

export const ApplicationWithdrawn = defineEvent(
  'ApplicationWithdrawn',
  z.object({ reason: z.string().min(1), withdrawnOn: LocalDate }),
);

/** The application is closed: result received, denial notified, intake refused or withdrawn. */
export const ApplicationClosed = defineEvent(
  'ApplicationClosed',
  z.object({ outcome: z.enum(['approved', 'denied', 'refused', 'withdrawn']), closedOn: LocalDate }),
);

/** 好差评: 5 非常满意 … 1 非常不满意, once per application, after conclusion. */
export const ApplicationRated = defineEvent(
  'ApplicationRated',
  z.object({
    level: z.number().int().min(1).max(5),
    indicators: z.record(z.string(), z.number().int().min(1).max(5)),
    tags: z.array(z.string()),
    comment: z.string().optional(),
    ratedOn: LocalDate,
  }),
);

/** A calendar revision moved this open application's deadlines; the old events stand. */
export const DeadlineRecomputed = defineEvent('DeadlineRecomputed', Deadlines.extend({ recomputedOn: LocalDate }));

export const applicationEvents = [
  ApplicationSubmitted,
  PreReviewCompleted,
  SupplementRequested,
  SupplementReceived,
  ApplicationAccepted,
  DeemedAccepted,
  IntakeRefused,
  ClockSuspended,
  ClockResumed,
  ExtensionGranted,
  DecisionMade,
  InstantApprovalDeclined,
  ResultIssued,
  ResultDispatched,
  ResultReceived,
  VisitRecorded,
  ApplicationWithdrawn,
  ApplicationClosed,
  ApplicationRated,
  DeadlineRecomputed,
] as const;

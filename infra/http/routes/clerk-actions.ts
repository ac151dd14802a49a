import type { z } from 'zod';
import type { PrincipalOf } from '../../auth/principal.js';
import type { ApplicationCommand } from '../../../services/application/index.js';
import { validationError } from '../validation-error.js';
import {
  DecideBody,
  DispatchBody,
  ExtendBody,
  IssueBody,
  NoBody,
  OnTheSpotBody,
  PreReviewBody,
  ReceiveSupplementBody,
  RefuseBody,
  RequestSupplementBody,
  SuspendBody,
  VisitBody,
} from './application-bodies.js';

/** One lifecycle action a clerk takes on an application: POST /applications/:id/<path>. */
export interface ClerkAction<S extends z.ZodType = z.ZodType> {
  path: string;
  summary: string;
  body: S;
  command(body: z.output<S>, clerk: PrincipalOf<'clerk'>): ApplicationCommand;
}

const action = <S extends z.ZodType>(a: ClerkAction<S>): ClerkAction => a;

/** A back-office clerk (no hall in the token) names the hall of the visit they record. */
const hallRequired = (): never => {
  throw validationError([{ in: 'body', field: 'hall', pointer: '#/hall', message: 'Your token names no hall: say which hall the visit was at.', code: 'invalid_type' }]);
};

/** Optional fields are left out rather than set to undefined: commands are stored as events. */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** Every step of the lifecycle (DESIGN.md §4) a clerk takes, in the order a case usually meets them. */
export const CLERK_ACTIONS: readonly ClerkAction[] = [
  action({
    path: 'pre-review',
    summary: '网上预审: online pre-review (outside the legal clock)',
    body: PreReviewBody,
    command: (b) => defined({ type: 'completePreReview', outcome: b.outcome, note: b.note }),
  }),
  action({
    path: 'request-supplement',
    summary: '一次性告知: ask once for every missing material',
    body: RequestSupplementBody,
    command: (b) => defined({ type: 'requestSupplement', missing: b.missing, requestId: b.requestId }),
  }),
  action({
    path: 'receive-supplement',
    summary: 'Record supplementary materials brought to the window or sent by express',
    body: ReceiveSupplementBody,
    command: (b) => defined({ type: 'receiveSupplement', materials: b.materials, requestId: b.requestId }),
  }),
  action({ path: 'accept', summary: '受理: accept the application; the legal clock starts', body: NoBody, command: () => ({ type: 'acceptApplication' }) }),
  action({
    path: 'refuse',
    summary: '不予受理: refuse intake, with the reason',
    body: RefuseBody,
    command: (b) => defined({ type: 'refuseIntake', reason: b.reason, legalBasis: b.legalBasis }),
  }),
  action({
    path: 'check-deemed-acceptance',
    summary: '视为受理: record deemed acceptance when no notice went out within 5 working days',
    body: NoBody,
    command: () => ({ type: 'checkDeemedAcceptance' }),
  }),
  action({
    path: 'suspend',
    summary: '中止: stop the clock (hearing, test, appraisal, expert review, judicial finding, supplement)',
    body: SuspendBody,
    command: (b) => ({ type: 'suspendClock', reason: b.reason, legalBasis: b.legalBasis }),
  }),
  action({ path: 'resume', summary: 'Restart the clock; the deadlines move by the suspended working days', body: NoBody, command: () => ({ type: 'resumeClock' }) }),
  action({
    path: 'extend',
    summary: '延期: an extension granted by the agency head',
    body: ExtendBody,
    command: (b) => ({ type: 'grantExtension', days: b.days, approver: b.approver, reason: b.reason }),
  }),
  action({
    path: 'decide',
    summary: '办结: approve or deny (a denial needs the reason)',
    body: DecideBody,
    command: (b) => defined({ type: 'decideApplication', outcome: b.outcome, legalBasis: b.legalBasis, reason: b.reason }),
  }),
  action({
    path: 'handle-on-the-spot',
    summary: '即来即办: accept and decide an immediate item (committed limit 0) in one step',
    body: OnTheSpotBody,
    command: (b) => defined({ type: 'handleOnTheSpot', outcome: b.outcome, legalBasis: b.legalBasis, reason: b.reason, result: b.result }),
  }),
  action({
    path: 'issue',
    summary: 'Issue the result document (certificate, document, e-licence)',
    body: IssueBody,
    command: (b) => ({ type: 'issueResult', documentType: b.documentType, documentNo: b.documentNo }),
  }),
  action({
    path: 'dispatch',
    summary: 'Send the result: electronically, by free express (carrier and waybill) or for window pickup',
    body: DispatchBody,
    command: (b) => defined({ type: 'dispatchResult', mode: b.mode, carrier: b.carrier, waybillNo: b.waybillNo }),
  }),
  action({ path: 'receipt', summary: 'Record that the applicant received the result; the application closes', body: NoBody, command: () => ({ type: 'recordReceipt' }) }),
  action({
    path: 'visit',
    summary: "Record a visit to the hall (the clerk's own hall unless another is named; a clerk without a hall names it)",
    body: VisitBody,
    command: (b, clerk) => ({ type: 'recordVisit', hall: b.hall ?? clerk.hall ?? hallRequired(), purpose: b.purpose }),
  }),
];

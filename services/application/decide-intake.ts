import { ONLINE_CHANNELS } from '../../events/index.js';
import type { CommandContext } from '../decider.js';
import type {
  AcceptApplication,
  CheckDeemedAcceptance,
  CompletePreReview,
  HandleOnTheSpot,
  ReceiveSupplement,
  RefuseIntake,
  RequestSupplement,
  WithdrawApplication,
} from './commands.js';
import { computeDeadlines } from './deadlines.js';
import type { ApplicationDeps } from './deps.js';
import { applicationEvent } from './events.js';
import type { ApplicationEventData, ApplicationPendingEvent } from './events.js';
import { NOTICE_WINDOW_WORKDAYS, itemOf, noticeWindowPassed, refuse, refuseWhenDeemedAcceptanceDue, requireStatus } from './guards.js';
import { materialProblems } from './materials.js';
import type { ApplicationState } from './state.js';
import { decisionEvents } from './decide-result.js';

type Pending = ApplicationPendingEvent[];

/** Acceptance data with the deadlines fixed on the limits the application was submitted under. */
function acceptance(state: ApplicationState, acceptedOn: string, deps: ApplicationDeps): ApplicationEventData<'ApplicationAccepted'> {
  const committedLimit = state.committedLimit!;
  const statutoryLimit = state.statutoryLimit!;
  return { ...computeDeadlines(deps.calendar, acceptedOn, committedLimit, statutoryLimit), acceptedOn, committedLimit, statutoryLimit };
}

/** 网上预审 is for online submissions, once per set of materials received. */
export function decidePreReview(command: CompletePreReview, state: ApplicationState, ctx: CommandContext): Pending {
  requireStatus(command, state, ['submitted']);
  if (state.channel === null || !ONLINE_CHANNELS.includes(state.channel)) {
    refuse('PRE_REVIEW_ONLINE_ONLY', command, state, `pre-review is for online submissions; this one came through ${String(state.channel)}`);
  }
  if (state.preReviewed) refuse('ALREADY_PRE_REVIEWED', command, state, 'these materials were pre-reviewed already');
  return [applicationEvent('PreReviewCompleted', { outcome: command.outcome, ...(command.note ? { note: command.note } : {}), reviewedOn: ctx.today })];
}

/**
 * 一次性告知: all missing materials in one notice, within the window. A second notice while the first is
 * unanswered is refused; after the window the law deems the application accepted instead.
 */
export function decideRequestSupplement(command: RequestSupplement, state: ApplicationState, ctx: CommandContext, deps: ApplicationDeps): Pending {
  if (state.status === 'supplement-requested') {
    refuse('SUPPLEMENT_PENDING', command, state, `request ${state.pendingSupplement?.requestId} is unanswered; 一次性告知 lists everything in one notice`);
  }
  requireStatus(command, state, ['submitted']);
  if (noticeWindowPassed(state, ctx.today, deps)) {
    refuse(
      'NOTICE_WINDOW_PASSED',
      command,
      state,
      `the notice was due within ${NOTICE_WINDOW_WORKDAYS} working days of receipt on ${String(state.receivedOn)}; the application counts as accepted`,
    );
  }
  if (command.missing.length === 0) refuse('EMPTY_SUPPLEMENT_LIST', command, state, 'a supplement notice lists at least one material');
  const item = itemOf(command, state, deps);
  const listed = new Set(item.materials.map((m) => m.code));
  const unknown = command.missing.filter((m) => !listed.has(m.code)).map((m) => m.code);
  if (unknown.length > 0) refuse('UNKNOWN_MATERIAL', command, state, `item ${item.code} does not list: ${unknown.join(', ')}`);
  const codes = command.missing.map((m) => m.code);
  if (new Set(codes).size !== codes.length) refuse('DUPLICATE_MATERIAL', command, state, 'a material is listed twice');
  return [
    applicationEvent('SupplementRequested', {
      requestId: command.requestId ?? `S${state.supplementRequests + 1}`,
      missing: command.missing,
      requestedOn: ctx.today,
    }),
  ];
}

export function decideReceiveSupplement(command: ReceiveSupplement, state: ApplicationState, ctx: CommandContext, deps: ApplicationDeps): Pending {
  if (state.status !== 'supplement-requested' || !state.pendingSupplement) {
    refuse('NO_SUPPLEMENT_PENDING', command, state, 'no supplement was requested');
  }
  const pending = state.pendingSupplement;
  if (command.requestId !== undefined && command.requestId !== pending.requestId) {
    refuse('SUPPLEMENT_REQUEST_MISMATCH', command, state, `the pending request is ${pending.requestId}, not ${command.requestId}`);
  }
  const brought = new Set(command.materials.map((m) => m.code));
  const stillMissing = pending.codes.filter((c) => !brought.has(c));
  if (stillMissing.length > 0) refuse('SUPPLEMENT_INCOMPLETE', command, state, `still missing: ${stillMissing.join(', ')}`);
  const problems = materialProblems(itemOf(command, state, deps), command.materials);
  if (problems.notFromELicence.length > 0) {
    refuse('MATERIAL_NOT_FROM_E_LICENCE', command, state, `not available from e-licences for this item: ${problems.notFromELicence.join(', ')}`);
  }
  if (problems.unknown.length > 0) refuse('UNKNOWN_MATERIAL', command, state, `the item does not list: ${problems.unknown.join(', ')}`);
  return [applicationEvent('SupplementReceived', { requestId: pending.requestId, materials: command.materials, receivedOn: ctx.today })];
}

/** 受理: the clock starts the day after. */
export function decideAccept(command: AcceptApplication, state: ApplicationState, ctx: CommandContext, deps: ApplicationDeps): Pending {
  if (state.status === 'supplement-requested') refuse('SUPPLEMENT_PENDING', command, state, 'the requested supplement has not come in');
  requireStatus(command, state, ['submitted']);
  refuseWhenDeemedAcceptanceDue(command, state, ctx.today, deps);
  return [applicationEvent('ApplicationAccepted', acceptance(state, ctx.today, deps))];
}

/** 不予受理 closes the application. */
export function decideRefuseIntake(command: RefuseIntake, state: ApplicationState, ctx: CommandContext, deps: ApplicationDeps): Pending {
  requireStatus(command, state, ['submitted', 'supplement-requested']);
  refuseWhenDeemedAcceptanceDue(command, state, ctx.today, deps);
  return [
    applicationEvent('IntakeRefused', { reason: command.reason, ...(command.legalBasis ? { legalBasis: command.legalBasis } : {}), refusedOn: ctx.today }),
    applicationEvent('ApplicationClosed', { outcome: 'refused', closedOn: ctx.today }),
  ];
}

/**
 * 视为受理 (行政许可法 Art 32): no notice within 5 working days of receipt, so the application counts as accepted
 * from the receipt date and the deadlines run from there. Not while a notice sent in time is unanswered.
 */
export function decideDeemedAcceptance(command: CheckDeemedAcceptance, state: ApplicationState, ctx: CommandContext, deps: ApplicationDeps): Pending {
  if (state.status === 'supplement-requested') {
    refuse('SUPPLEMENT_PENDING', command, state, 'a supplement notice went out in time; the wait is the applicant\'s');
  }
  requireStatus(command, state, ['submitted']);
  if (!noticeWindowPassed(state, ctx.today, deps)) {
    refuse('NOT_YET_DUE', command, state, `the notice window of ${NOTICE_WINDOW_WORKDAYS} working days from ${String(state.receivedOn)} is still open`);
  }
  const receivedOn = state.receivedOn!;
  return [applicationEvent('DeemedAccepted', { ...acceptance(state, receivedOn, deps), receivedOn })];
}

/** 即来即办: an item with committed limit 0, accepted and decided by one clerk action on the day. */
export function decideOnTheSpot(command: HandleOnTheSpot, state: ApplicationState, ctx: CommandContext, deps: ApplicationDeps): Pending {
  if (state.status === 'supplement-requested') refuse('SUPPLEMENT_PENDING', command, state, 'the requested supplement has not come in');
  requireStatus(command, state, ['submitted']);
  if (state.committedLimit?.value !== 0) {
    refuse('NOT_ON_THE_SPOT_ITEM', command, state, `item ${String(state.itemCode)} has a committed limit of ${String(state.committedLimit?.value)} days, not 0`);
  }
  refuseWhenDeemedAcceptanceDue(command, state, ctx.today, deps);
  const decided = decisionEvents(command, state, ctx);
  const issue =
    command.outcome === 'approved' && command.result
      ? [applicationEvent('ResultIssued', { ...command.result, issuedOn: ctx.today })]
      : [];
  return [applicationEvent('ApplicationAccepted', acceptance(state, ctx.today, deps)), ...decided, ...issue];
}

/** Withdrawal is the applicant's until a decision is made; it closes the application. */
export function decideWithdraw(command: WithdrawApplication, state: ApplicationState, ctx: CommandContext): Pending {
  requireStatus(command, state, ['submitted', 'supplement-requested', 'accepted', 'suspended']);
  return [
    applicationEvent('ApplicationWithdrawn', { reason: command.reason, withdrawnOn: ctx.today }),
    applicationEvent('ApplicationClosed', { outcome: 'withdrawn', closedOn: ctx.today }),
  ];
}

import type { CommandContext } from '../decider.js';
import type { DecideApplication, DispatchResult, HandleOnTheSpot, IssueResult, RateApplication, RecordReceipt, RecordVisit } from './commands.js';
import type { ApplicationDeps } from './deps.js';
import { applicationEvent } from './events.js';
import type { ApplicationPendingEvent } from './events.js';
import { itemOf, refuse, requireStatus } from './guards.js';
import { isConcluded } from './state.js';
import type { ApplicationState } from './state.js';

type Pending = ApplicationPendingEvent[];

/**
 * The decision, and the close of a denial: the 不予许可决定 is notified with the decision (its letter goes to
 * the applicant through their channel), so a denied application closes in the same append. An approval closes
 * only when the applicant has received the result.
 */
export function decisionEvents(command: DecideApplication | HandleOnTheSpot, state: ApplicationState, ctx: CommandContext): Pending {
  if (command.outcome === 'denied' && !command.reason) {
    refuse('REASON_REQUIRED', command, state, 'a denial states its reason (行政许可法 Art 38)');
  }
  const decidedBy = ctx.actor.role === 'rule-engine' ? 'rule' : 'staff';
  const ruleId = command.type === 'decideApplication' ? command.ruleId : undefined;
  const decided = applicationEvent('DecisionMade', {
    outcome: command.outcome,
    decidedBy,
    legalBasis: command.legalBasis,
    ...(command.reason ? { reason: command.reason } : {}),
    ...(ruleId ? { ruleId } : {}),
    decidedOn: ctx.today,
  });
  if (command.outcome === 'approved') return [decided];
  return [decided, applicationEvent('ApplicationClosed', { outcome: 'denied', closedOn: ctx.today })];
}

/** 办结 decision, while the clock runs (a suspended case is resumed first). */
export function decideDecision(command: DecideApplication, state: ApplicationState, ctx: CommandContext): Pending {
  requireStatus(command, state, ['accepted']);
  return decisionEvents(command, state, ctx);
}

export function decideIssue(command: IssueResult, state: ApplicationState, ctx: CommandContext): Pending {
  requireStatus(command, state, ['decided']);
  return [applicationEvent('ResultIssued', { documentType: command.documentType, documentNo: command.documentNo, issuedOn: ctx.today })];
}

/** Electronic, free express (免费快递, carrier and waybill) or window pickup. */
export function decideDispatch(command: DispatchResult, state: ApplicationState, ctx: CommandContext, deps: ApplicationDeps): Pending {
  requireStatus(command, state, ['issued']);
  if (command.mode === 'express') {
    if (!command.carrier || !command.waybillNo) refuse('WAYBILL_REQUIRED', command, state, 'express dispatch names the carrier and the waybill number');
    const item = itemOf(command, state, deps);
    if (!item.expressSupported) refuse('EXPRESS_NOT_SUPPORTED', command, state, `item ${item.code} offers no free express delivery`);
    return [applicationEvent('ResultDispatched', { mode: 'express', carrier: command.carrier, waybillNo: command.waybillNo, dispatchedOn: ctx.today })];
  }
  return [applicationEvent('ResultDispatched', { mode: command.mode, dispatchedOn: ctx.today })];
}

/** The applicant has the result: the application closes as approved. */
export function decideReceipt(command: RecordReceipt, state: ApplicationState, ctx: CommandContext): Pending {
  requireStatus(command, state, ['dispatched']);
  return [
    applicationEvent('ResultReceived', { receivedOn: ctx.today }),
    applicationEvent('ApplicationClosed', { outcome: 'approved', closedOn: ctx.today }),
  ];
}

/** A physical visit to a hall, at any point of the application's life. */
export function decideVisit(command: RecordVisit, state: ApplicationState, ctx: CommandContext): Pending {
  if (state.status === 'none') refuse('INVALID_TRANSITION', command, state, 'there is no application to record a visit on');
  return [applicationEvent('VisitRecorded', { hall: command.hall, purpose: command.purpose, visitedOn: ctx.today })];
}

const isStar = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 5;

/** 好差评: once per application (一事一评), after it is concluded. */
export function decideRating(command: RateApplication, state: ApplicationState, ctx: CommandContext): Pending {
  if (state.status === 'none' || !isConcluded(state)) refuse('NOT_CONCLUDED', command, state, 'an application is rated once it is concluded');
  if (state.rating) refuse('ALREADY_RATED', command, state, `rated ${state.rating.level} on ${state.rating.ratedOn}`);
  if (!isStar(command.level)) refuse('INVALID_RATING', command, state, `a rating is 1 to 5 stars, not ${command.level}`);
  const badIndicator = Object.entries(command.indicators).find(([, v]) => !isStar(v));
  if (badIndicator) refuse('INVALID_RATING', command, state, `indicator ${badIndicator[0]} is 1 to 5, not ${badIndicator[1]}`);
  return [
    applicationEvent('ApplicationRated', {
      level: command.level,
      indicators: command.indicators,
      tags: command.tags,
      ...(command.comment ? { comment: command.comment } : {}),
      ratedOn: ctx.today,
    }),
  ];
}

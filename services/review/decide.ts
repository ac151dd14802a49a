import { DomainError } from '../decider.js';
import type { CommandContext, Decider } from '../decider.js';
import type { FileReviewAppeal, OpenReviewTicket, ResolveReview, ReviewCommand } from './commands.js';
import type { ReviewDeps } from './deps.js';
import { reviewEvent } from './events.js';
import type { ReviewPendingEvent } from './events.js';
import { evolveReview } from './evolve.js';
import { initialReviewState } from './state.js';
import type { ReviewState } from './state.js';

type Pending = ReviewPendingEvent[];

function refuse(code: string, command: ReviewCommand, state: ReviewState, message: string): never {
  throw new DomainError(code, command.type, state.status, message);
}

function requireStatus(command: ReviewCommand, state: ReviewState, allowed: readonly ReviewState['status'][]): void {
  if (!allowed.includes(state.status)) refuse('INVALID_TRANSITION', command, state, `allowed only when the ticket is ${allowed.join(' or ')}`);
}

function decideOpen(command: OpenReviewTicket, state: ReviewState, ctx: CommandContext, deps: ReviewDeps): Pending {
  if (state.status !== 'none') refuse('ALREADY_OPENED', command, state, 'this ticket is open already');
  if (!Number.isInteger(command.level) || command.level < 1 || command.level > 2) {
    refuse('NOT_A_BAD_RATING', command, state, `only 1–2 star ratings (不满意, 非常不满意) open a ticket, not ${command.level}`);
  }
  const dueWorkdays = command.dueWorkdays ?? deps.dueWorkdays;
  if (!Number.isInteger(dueWorkdays) || dueWorkdays < 1) refuse('INVALID_DUE_PERIOD', command, state, `a ticket is due in ≥ 1 working day, not ${dueWorkdays}`);
  const openedOn = command.openedOn ?? ctx.today;
  return [
    reviewEvent('ReviewTicketOpened', {
      ticketId: command.ticketId,
      applicationId: command.applicationId,
      itemCode: command.itemCode,
      department: command.department,
      level: command.level,
      tags: command.tags,
      openedOn,
      dueOn: deps.calendar.addWorkdays(openedOn, dueWorkdays),
      dueWorkdays,
    }),
  ];
}

/** Rectified or explained after the applicant was called back; on time when within the due working days. */
function decideResolve(command: ResolveReview, state: ReviewState, ctx: CommandContext, deps: ReviewDeps): Pending {
  requireStatus(command, state, ['open']);
  if (state.appeal === 'pending') refuse('APPEAL_PENDING', command, state, 'the appeal is decided first');
  if (state.callbacks === 0) refuse('CALLBACK_REQUIRED', command, state, 'the applicant is called back before the ticket is resolved');
  const used = deps.calendar.workdaysBetween(state.openedOn!, ctx.today);
  return [reviewEvent('ReviewResolved', { resolution: command.resolution, note: command.note, resolvedOn: ctx.today, onTime: used <= state.dueWorkdays })];
}

function decideAppeal(command: FileReviewAppeal, state: ReviewState, ctx: CommandContext): Pending {
  requireStatus(command, state, ['open']);
  if (state.appeal !== 'none') refuse('APPEAL_ALREADY_FILED', command, state, `an appeal was filed already (${state.appeal})`);
  return [reviewEvent('ReviewAppealFiled', { reason: command.reason, filedOn: ctx.today })];
}

export function decideReview(command: ReviewCommand, state: ReviewState, ctx: CommandContext, deps: ReviewDeps): Pending {
  switch (command.type) {
    case 'openReviewTicket':
      return decideOpen(command, state, ctx, deps);
    case 'recordCallback':
      requireStatus(command, state, ['open', 'resolved']);
      return [reviewEvent('ReviewCallbackMade', { note: command.note, calledOn: ctx.today })];
    case 'resolveReview':
      return decideResolve(command, state, ctx, deps);
    case 'fileAppeal':
      return decideAppeal(command, state, ctx);
    case 'decideAppeal':
      if (state.appeal !== 'pending') refuse('NO_APPEAL_PENDING', command, state, 'there is no appeal to decide');
      return [reviewEvent('ReviewAppealDecided', { upheld: command.upheld, note: command.note, decidedOn: ctx.today })];
  }
}

/** The 差评工单 review ticket decider, stream `review-<id>`. */
export const reviewDecider: Decider<ReviewCommand, ReviewState, ReviewPendingEvent, ReviewDeps> = {
  initialState: initialReviewState,
  decide: decideReview,
  evolve: evolveReview,
};

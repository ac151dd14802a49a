import type { CommandContext } from '../decider.js';
import type { GrantExtension, ResumeClock, SuspendClock } from './commands.js';
import { suspendedDays } from '../calendar/index.js';
import { clockDeadlines } from './deadlines.js';
import type { ApplicationDeps } from './deps.js';
import { applicationEvent } from './events.js';
import type { ApplicationPendingEvent } from './events.js';
import { itemOf, refuse, requireStatus } from './guards.js';
import type { ApplicationState } from './state.js';

type Pending = ApplicationPendingEvent[];

/** 中止/不计时: hearings, tests, appraisals, expert review, a judicial finding, a post-acceptance supplement (Art 45). */
export function decideSuspend(command: SuspendClock, state: ApplicationState, ctx: CommandContext): Pending {
  requireStatus(command, state, ['accepted']);
  return [applicationEvent('ClockSuspended', { reason: command.reason, legalBasis: command.legalBasis, suspendedOn: ctx.today })];
}

/** The suspended working days (suspendedOn < w ≤ resumedOn) push both deadlines back. */
export function decideResume(command: ResumeClock, state: ApplicationState, ctx: CommandContext, deps: ApplicationDeps): Pending {
  requireStatus(command, state, ['suspended']);
  const ended = { from: state.suspension!.suspendedOn, to: ctx.today };
  const suspendedWorkdays = suspendedDays(deps.calendar, 'working', ended.from, ended.to);
  const deadlines = clockDeadlines(deps.calendar, state, { suspensions: [...state.suspensions, ended] });
  return [applicationEvent('ClockResumed', { ...deadlines, resumedOn: ctx.today, suspendedWorkdays })];
}

/**
 * 延期 (Art 42): only where the item allows it, within its total, and before the committed deadline has
 * passed — an extension granted late does not save the case.
 */
export function decideExtension(command: GrantExtension, state: ApplicationState, ctx: CommandContext, deps: ApplicationDeps): Pending {
  requireStatus(command, state, ['accepted']);
  const item = itemOf(command, state, deps);
  if (item.extensionDays === 0) refuse('EXTENSION_NOT_ALLOWED', command, state, `item ${item.code} allows no extension`);
  if (!Number.isInteger(command.days) || command.days < 1) refuse('INVALID_EXTENSION', command, state, `an extension is a whole number of days ≥ 1, not ${command.days}`);
  if (state.extensionDays + command.days > item.extensionDays) {
    refuse(
      'EXTENSION_TOO_LONG',
      command,
      state,
      `item ${item.code} allows ${item.extensionDays} days in all; ${state.extensionDays} granted already, ${command.days} asked`,
    );
  }
  const committedDeadline = state.deadlines!.committedDeadline;
  if (ctx.today > committedDeadline) refuse('DEADLINE_PASSED', command, state, `the deadline ${committedDeadline} has passed`);
  const deadlines = clockDeadlines(deps.calendar, state, { extensionDays: state.extensionDays + command.days });
  return [applicationEvent('ExtensionGranted', { ...deadlines, days: command.days, approver: command.approver, reason: command.reason, grantedOn: ctx.today })];
}

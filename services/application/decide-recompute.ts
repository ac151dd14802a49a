import type { CommandContext } from '../decider.js';
import type { RecomputeDeadlines } from './commands.js';
import { clockDeadlines } from './deadlines.js';
import type { ApplicationDeps } from './deps.js';
import { applicationEvent } from './events.js';
import type { ApplicationPendingEvent } from './events.js';
import { requireStatus } from './guards.js';
import type { ApplicationState } from './state.js';

/**
 * After a calendar revision (DESIGN.md §5): both deadlines counted again on the calendar in force, from the
 * acceptance date, the limits, the completed suspensions and the extension days, as resumption and
 * extension count them. Only while the clock runs or is suspended: a decided case keeps the deadline it was
 * decided against. Nothing when neither date moves nor a provisional date became official (a revision of
 * days that do not touch this case).
 */
export function decideRecompute(command: RecomputeDeadlines, state: ApplicationState, ctx: CommandContext, deps: ApplicationDeps): ApplicationPendingEvent[] {
  requireStatus(command, state, ['accepted', 'suspended']);
  const before = state.deadlines!;
  const after = clockDeadlines(deps.calendar, state);
  const unchanged =
    after.committedDeadline === before.committedDeadline &&
    after.statutoryDeadline === before.statutoryDeadline &&
    (after.provisional ?? false) === (before.provisional ?? false);
  if (unchanged) return [];
  return [applicationEvent('DeadlineRecomputed', { ...after, recomputedOn: ctx.today })];
}

import type { Deadlines, TimeLimit } from '../../events/index.js';
import { computeDeadline, suspendedDays } from '../calendar/index.js';
import { toDayNumber } from '../calendar/local-date.js';
import type { DeciderCalendar } from './deps.js';
import type { ApplicationState } from './state.js';

/** Time the clock did not run, and days added by extensions (DESIGN.md §5). */
export interface ClockAdjustments {
  suspendedWorkdays: number;
  suspendedNaturalDays: number;
  extensionDays: number;
}

export const NO_ADJUSTMENTS: ClockAdjustments = { suspendedWorkdays: 0, suspendedNaturalDays: 0, extensionDays: 0 };

/** Calendar days from one local date to another (to − from). */
export function naturalDaysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * The date D with elapsed(acceptedOn, D) = limit + suspended + extension (services/calendar computeDeadline).
 * A natural-day limit counts its suspensions in calendar days too; extensions run in the limit's unit.
 */
export function deadlineFor(calendar: DeciderCalendar, acceptedOn: string, limit: TimeLimit, adj: ClockAdjustments): string {
  const suspendedDays = limit.unit === 'natural' ? adj.suspendedNaturalDays : adj.suspendedWorkdays;
  const computed = computeDeadline(calendar, { acceptedOn, limit, suspendedDays, extensionDays: adj.extensionDays });
  if (computed.status !== 'running') throw new Error('a deadline is computed only while the clock runs');
  return computed.deadline;
}

/** Both deadlines; a statutory limit of 0 means the law sets no term of its own, so there is no statutory deadline. */
export function computeDeadlines(
  calendar: DeciderCalendar,
  acceptedOn: string,
  committed: TimeLimit,
  statutory: TimeLimit,
  adj: ClockAdjustments = NO_ADJUSTMENTS,
): Deadlines {
  const committedDeadline = deadlineFor(calendar, acceptedOn, committed, adj);
  const statutoryDeadline = statutory.value > 0 ? deadlineFor(calendar, acceptedOn, statutory, adj) : null;
  const provisional = calendar.isProvisional(committedDeadline) || (statutoryDeadline !== null && calendar.isProvisional(statutoryDeadline));
  return { committedDeadline, statutoryDeadline, calendarVersion: calendar.version, ...(provisional ? { provisional: true as const } : {}) };
}

/** A completed suspension: the days d with from < d ≤ to were off the clock. */
export interface SuspensionPeriod {
  from: string;
  to: string;
}

/**
 * The deadlines of an accepted application counted on `calendar`: from its acceptance, with its limits, its
 * completed suspensions and its granted extension days — or those given in `change` (a suspension just
 * ending, an extension being granted). Resumption, extension and recomputation after a calendar revision all
 * count this way, so on an unchanged calendar they agree to the day, and on a revised one the suspended days
 * are counted again from their dates.
 */
export function clockDeadlines(
  calendar: DeciderCalendar,
  state: Pick<ApplicationState, 'acceptance' | 'committedLimit' | 'statutoryLimit' | 'suspensions' | 'extensionDays'>,
  change: { suspensions?: readonly SuspensionPeriod[]; extensionDays?: number } = {},
): Deadlines {
  if (!state.acceptance || !state.committedLimit || !state.statutoryLimit) throw new Error('deadlines run only from an acceptance');
  const suspensions = change.suspensions ?? state.suspensions;
  let suspendedWorkdays = 0;
  let suspendedNaturalDays = 0;
  for (const s of suspensions) {
    suspendedWorkdays += suspendedDays(calendar, 'working', s.from, s.to);
    suspendedNaturalDays += suspendedDays(calendar, 'natural', s.from, s.to);
  }
  return computeDeadlines(calendar, state.acceptance.acceptedOn, state.committedLimit, state.statutoryLimit, {
    suspendedWorkdays,
    suspendedNaturalDays,
    extensionDays: change.extensionDays ?? state.extensionDays,
  });
}

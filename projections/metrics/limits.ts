import type { TimeLimit } from '../../events/index.js';
import type { WorkdayCalendar } from '../calendar-port.js';
import { addDays } from '../dates.js';

/**
 * The last day a limit allows from acceptance: n working days on, or, for a natural-day limit, n calendar
 * days on rolled forward to the next working day (DESIGN.md §5). The acceptance date for a zero limit.
 */
export function limitEnd(limit: TimeLimit, acceptedOn: string, calendar: WorkdayCalendar): string {
  if (limit.value === 0) return acceptedOn;
  if (limit.unit === 'working') return calendar.addWorkdays(acceptedOn, limit.value);
  let end = addDays(acceptedOn, limit.value);
  while (!calendar.isWorkday(end)) end = addDays(end, 1);
  return end;
}

/**
 * A time limit as working days from acceptance, so P (working days) can be set against it: a natural-day
 * limit's working-day length is elapsed(accept, its end date).
 */
export function limitInWorkdays(limit: TimeLimit, acceptedOn: string, calendar: WorkdayCalendar): number {
  if (limit.unit === 'working' || limit.value === 0) return limit.value;
  return calendar.workdaysBetween(acceptedOn, limitEnd(limit, acceptedOn, calendar));
}

/**
 * Whether a figure counted over acceptance … conclusion against these limits used a provisional day: provisional
 * years follow the official ones, so the span did exactly when one of its end dates is provisional.
 */
export function countsProvisionalDays(
  acceptedOn: string,
  concludedOn: string,
  limits: readonly TimeLimit[],
  calendar: WorkdayCalendar,
): boolean {
  if (calendar.isProvisional(concludedOn)) return true;
  return limits.some((limit) => limit.unit === 'natural' && limit.value > 0 && calendar.isProvisional(limitEnd(limit, acceptedOn, calendar)));
}

import type { TimeLimit } from '../../events/index.js';
import type { WorkdayCalendar } from '../calendar-port.js';
import { addDays } from '../dates.js';

/**
 * A time limit as working days from acceptance, so P (working days) can be set against it. A natural-day
 * limit counts calendar days and rolls forward to the next working day (DESIGN.md §5); its working-day
 * length is elapsed(accept, that end date).
 */
export function limitInWorkdays(limit: TimeLimit, acceptedOn: string, calendar: WorkdayCalendar): number {
  if (limit.unit === 'working' || limit.value === 0) return limit.value;
  let end = addDays(acceptedOn, limit.value);
  while (!calendar.isWorkday(end)) end = addDays(end, 1);
  return calendar.workdaysBetween(acceptedOn, end);
}

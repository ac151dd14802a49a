import type { WorkdayCalendar } from '../calendar-port.js';
import { addDays } from '../dates.js';

/** Due soon (临期) means within this many working days of the deadline (DESIGN.md §6 overdue: warning at 2). */
export const DUE_SOON_WORKDAYS = 2;

/**
 * The first date on which a case with this deadline is due soon: the smallest t with
 * elapsed(t, deadline) ≤ 2, i.e. the third-last working day on or before the deadline. Stored, so a
 * query compares strings instead of counting days, and recomputed when the calendar is revised.
 */
export function warnFrom(calendar: WorkdayCalendar, deadline: string): string {
  let known = memo.get(calendar);
  if (known?.version !== calendar.version) {
    known = { version: calendar.version, dates: new Map<string, string>() };
    memo.set(calendar, known);
  }
  let from = known.dates.get(deadline);
  if (from === undefined) {
    from = compute(calendar, deadline);
    known.dates.set(deadline, from);
  }
  return from;
}

/**
 * The warning date of a case submitted on `submittedOn`: warnFrom, but never before the submission. A deadline
 * within 2 working days of it (a 即办件 deemed accepted, its acceptance backdated to receipt; a one-day limit)
 * is due soon from the day the case came in, not from a day before anyone had it.
 */
export function warnFromFor(calendar: WorkdayCalendar, deadline: string, submittedOn: string): string {
  const from = warnFrom(calendar, deadline);
  return from < submittedOn ? submittedOn : from;
}

/**
 * Worked out once per calendar version and deadline: every event of an open case re-places it, and the
 * answer depends on nothing else. The version names the calendar's data (a revision changes it), and there
 * is at most one entry per covered date.
 */
const memo = new WeakMap<WorkdayCalendar, { version: string; dates: Map<string, string> }>();

function compute(calendar: WorkdayCalendar, deadline: string): string {
  // Counted from a day well before: the (k − 2)-th working day after it, k the working days up to the deadline.
  const base = addDays(deadline, -BASE_DAYS_BACK);
  const k = calendar.workdaysBetween(base, deadline);
  if (k > DUE_SOON_WORKDAYS) return calendar.addWorkdays(base, k - DUE_SOON_WORKDAYS);
  return walkBack(calendar, deadline);
}

/** Longer than any run of days off, so three working days always lie between. */
const BASE_DAYS_BACK = 40;

function walkBack(calendar: WorkdayCalendar, deadline: string): string {
  let seen = 0;
  let day = deadline;
  // Three working days are never more than a long holiday apart; the bound only guards broken data.
  for (let i = 0; i < 400; i++) {
    if (calendar.isWorkday(day)) {
      seen += 1;
      if (seen === DUE_SOON_WORKDAYS + 1) return day;
    }
    day = addDays(day, -1);
  }
  throw new Error(`no working days in the 400 days before ${deadline}`);
}

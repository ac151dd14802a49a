import type { DayUnit, TimeLimit } from '../../events/index.js';
import type { LocalDate } from './local-date.js';
import { toDayNumber } from './local-date.js';
import type { WorkCalendar } from './work-calendar.js';

/** A 中止 (clock stop) from the day it was suspended to the day it resumed; `to: null` while not resumed. */
export interface Suspension {
  from: LocalDate;
  to: LocalDate | null;
}

export interface DeadlineInput {
  /** The day the clock started (受理, or the backdated receipt date of a deemed acceptance). */
  acceptedOn: LocalDate;
  limit: TimeLimit;
  /** Suspension intervals, in any order, not overlapping; at most one open, and it must be the latest. */
  suspensions?: readonly Suspension[];
  /** Suspended days already counted in the limit's unit, for callers that keep a running total instead of intervals. */
  suspendedDays?: number;
  /** 延期 days granted, in the limit's unit. */
  extensionDays?: number;
}

/**
 * `running`: the deadline is fixed. `suspended`: the clock is stopped and the deadline is unknown until it
 * resumes, so it is null, never a guess; `remainingDays` (in the limit's unit, negative when already
 * overdue) is what the case will have left when it resumes. `totalDays` = limit + suspended + extension.
 */
export type Deadline =
  | { status: 'running'; deadline: LocalDate; suspendedDays: number; totalDays: number }
  | { status: 'suspended'; deadline: null; suspendedSince: LocalDate; suspendedDays: number; totalDays: number; remainingDays: number };

/**
 * DESIGN.md §5. Working-day limits: the date D with elapsed(acceptedOn, D) = limit + S + extension, the
 * acceptance day not counted. Natural-day limits: acceptedOn + limit + S + extension calendar days, rolled
 * forward to a working day (民法典 Arts 201, 203). Throws CalendarCoverageError when D lies beyond the data.
 */
export function computeDeadline(calendar: WorkCalendar, input: DeadlineInput): Deadline {
  const { acceptedOn, limit } = input;
  const extension = wholeDays(input.extensionDays ?? 0, 'extensionDays');
  const { suspended, openSince } = countSuspended(calendar, input);
  const totalDays = wholeDays(limit.value, 'limit.value') + suspended + extension;
  if (openSince !== null) {
    const used = suspendedDays(calendar, limit.unit, acceptedOn, openSince);
    return { status: 'suspended', deadline: null, suspendedSince: openSince, suspendedDays: suspended, totalDays, remainingDays: totalDays - used };
  }
  const deadline = limit.unit === 'working' ? calendar.addWorkdays(acceptedOn, totalDays) : calendar.addNaturalDays(acceptedOn, totalDays);
  return { status: 'running', deadline, suspendedDays: suspended, totalDays };
}

/**
 * Days a suspension from `from` to `to` keeps off the clock, counted like elapsed: days d with from < d ≤ to.
 * The suspension day itself was worked on, so it counts; the resumption day is the new start day, which
 * (like an acceptance day) does not. Suspended and resumed on the same day: 0.
 */
export function suspendedDays(calendar: WorkCalendar, unit: DayUnit, from: LocalDate, to: LocalDate): number {
  const workdays = calendar.workdaysBetween(from, to); // validates both dates and their coverage
  const natural = toDayNumber(to) - toDayNumber(from);
  if (natural < 0) throw new RangeError(`suspension resumes (${to}) before it starts (${from})`);
  return unit === 'working' ? workdays : natural;
}

export function suspendedWorkdays(calendar: WorkCalendar, from: LocalDate, to: LocalDate): number {
  return suspendedDays(calendar, 'working', from, to);
}

function countSuspended(calendar: WorkCalendar, input: DeadlineInput): { suspended: number; openSince: LocalDate | null } {
  if (input.suspensions === undefined) return { suspended: wholeDays(input.suspendedDays ?? 0, 'suspendedDays'), openSince: null };
  if (input.suspendedDays !== undefined) throw new RangeError('give suspensions or suspendedDays, not both');
  const accepted = toDayNumber(input.acceptedOn);
  const sorted = [...input.suspensions].sort((a, b) => toDayNumber(a.from) - toDayNumber(b.from));
  let suspended = 0;
  let previousEnd = accepted;
  for (const [i, s] of sorted.entries()) {
    const start = toDayNumber(s.from);
    if (start < accepted) throw new RangeError(`suspension from ${s.from} starts before acceptance on ${input.acceptedOn}`);
    if (start < previousEnd) throw new RangeError(`suspension from ${s.from} overlaps the one before it`);
    if (s.to === null) {
      if (i !== sorted.length - 1) throw new RangeError(`suspension from ${s.from} is open but a later one exists`);
      return { suspended, openSince: s.from };
    }
    suspended += suspendedDays(calendar, input.limit.unit, s.from, s.to);
    previousEnd = toDayNumber(s.to);
  }
  return { suspended, openSince: null };
}

function wholeDays(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be an integer ≥ 0, got ${n}`);
  return n;
}

import { CalendarCoverageError } from '../../services/calendar/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import { fromDayNumber, toDayNumber } from '../../services/calendar/local-date.js';
import type { Moment } from './agenda.js';
import type { Rng } from './rng.js';

/** Halls open 08:30–17:30 (Asia/Shanghai); everything the generator writes happens in these hours. */
export const OPEN_MS = (8 * 60 + 30) * 60_000;
export const CLOSE_MS = (17 * 60 + 30) * 60_000;

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
const three = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/**
 * The instant as events/clock.ts toShanghaiInstant writes it (2025-03-04T09:30:00.000+08:00), built from the
 * local date and time directly: luxon costs microseconds a call, and this runs once per command.
 * tests/unit/seed-sim-clock.test.ts checks the two agree.
 */
export function shanghaiInstantOf(date: string, ms: number): string {
  const clamped = Math.min(Math.max(0, Math.floor(ms)), 86_399_999);
  const h = Math.floor(clamped / 3_600_000);
  const m = Math.floor((clamped % 3_600_000) / 60_000);
  const s = Math.floor((clamped % 60_000) / 1000);
  return `${date}T${two(h)}:${two(m)}:${two(s)}.${three(clamped % 1000)}+08:00`;
}

/** Working-day arithmetic on the simulation's moments, bounded by the last date the run may write. */
export interface SimClock {
  dateOf(day: number): string;
  dayOf(date: string): number;
  /** The n-th working day after `date`, or null past the calendar's data. */
  plusWorkdays(date: string, n: number): string | null;
  /** A random moment in office hours on the n-th working day after `date` (n = 0: that day, which must be a working day). */
  workdayAfter(date: string, n: number, rng: Rng): Moment | null;
  /** Later the same day (minutes to an hour or two), or the next working day's morning when the hall has closed. */
  laterThan(at: Moment, rng: Rng, maxMinutes?: number): Moment | null;
  /** The moment itself if it is not before `now`, else a little after `now`. */
  notBefore(at: Moment, now: Moment, rng: Rng): Moment | null;
  /**
   * A moment on `date`, after `now`; on `now`'s own day when `date` is earlier. Past closing time if need
   * be: for steps the law wants done by a date (an intake decision within the notice window, an extension
   * before the deadline), staying late beats a day too late.
   */
  onDate(date: string, now: Moment, rng: Rng): Moment | null;
}

export function createSimClock(calendar: WorkCalendar, lastDate: string): SimClock {
  const lastDay = toDayNumber(lastDate);
  const dateCache = new Map<number, string>();
  const dateOf = (day: number): string => {
    let date = dateCache.get(day);
    if (date === undefined) {
      date = fromDayNumber(day);
      dateCache.set(day, date);
    }
    return date;
  };
  const officeMs = (rng: Rng): number => OPEN_MS + Math.floor(rng.next() * (CLOSE_MS - OPEN_MS));
  const within = (day: number, ms: number): Moment | null => (day > lastDay ? null : { day, ms });
  /** A working day past the calendar's data is past the run's end too: the case stays as it is. */
  const plusWorkdays = (date: string, n: number): string | null => {
    try {
      return n === 0 ? date : calendar.addWorkdays(date, n);
    } catch (error) {
      if (error instanceof CalendarCoverageError) return null;
      throw error;
    }
  };
  const covered = (work: () => string | null): number | null => {
    try {
      const date = work();
      return date === null ? null : toDayNumber(date);
    } catch (error) {
      if (error instanceof CalendarCoverageError) return null;
      throw error;
    }
  };
  const nextMorning = (day: number, rng: Rng): Moment | null => {
    const next = covered(() => calendar.nextWorkday(dateOf(day)));
    return next === null ? null : within(next, OPEN_MS + Math.floor(rng.next() * 90 * 60_000));
  };
  const laterThan = (at: Moment, rng: Rng, maxMinutes = 120): Moment | null => {
    const ms = at.ms + (2 + Math.floor(rng.next() * maxMinutes)) * 60_000;
    return ms < CLOSE_MS ? within(at.day, ms) : nextMorning(at.day, rng);
  };
  return {
    dateOf,
    dayOf: toDayNumber,
    plusWorkdays,
    laterThan,
    workdayAfter(date, n, rng) {
      const day = covered(() => plusWorkdays(date, n));
      return day === null ? null : within(day, officeMs(rng));
    },
    notBefore(at, now, rng) {
      if (at.day > now.day || (at.day === now.day && at.ms > now.ms)) return within(at.day, at.ms);
      return laterThan(now, rng, 60);
    },
    onDate(date, now, rng) {
      const day = toDayNumber(date);
      if (day > now.day) return within(day, officeMs(rng));
      return within(now.day, Math.min(now.ms + (1 + Math.floor(rng.next() * 15)) * 60_000, 86_399_000));
    },
  };
}

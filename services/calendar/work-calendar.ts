import { chineseDaysTable } from './chinese-days-source.js';
import { buildDayIndex } from './day-index.js';
import { CalendarCoverageError } from './errors.js';
import type { HolidayTable } from './holiday-table.js';
import type { LocalDate } from './local-date.js';
import { toDayNumber, yearOfDay } from './local-date.js';
import { applyOverrides, type Override } from './override.js';

/**
 * The legal working-day clock (DESIGN.md §5) on YYYY-MM-DD dates in Asia/Shanghai. Every method throws
 * InvalidDateError for a malformed date and CalendarCoverageError, naming the year, for a date (or a result)
 * outside the data's coverage. The functions do not use `this`: they can be passed around on their own.
 */
export interface WorkCalendar {
  /** Data source and override versions joined by "+", e.g. `chinese-days@1.5.7+cn-2020-spring-festival-extension`. */
  readonly version: string;
  /** First and last covered dates (whole years). */
  coverage: () => { from: LocalDate; to: LocalDate };
  isWorkday: (date: LocalDate) => boolean;
  /** The n-th working day after `date` (the start day is not counted); n = 0 gives `date` itself. n: integer ≥ 0. */
  addWorkdays: (date: LocalDate, n: number) => LocalDate;
  /** elapsed(from, to): working days w with from < w ≤ to; when to < from, minus those with to < w ≤ from. */
  workdaysBetween: (from: LocalDate, to: LocalDate) => number;
  /** `date` + n calendar days, rolled forward to a working day if it falls on a day off (民法典 Art 203). n: integer ≥ 0. */
  addNaturalDays: (date: LocalDate, n: number) => LocalDate;
  /** The first working day strictly after `date` (= addWorkdays(date, 1)). */
  nextWorkday: (date: LocalDate) => LocalDate;
  /** `date` if it is a working day, else the first working day after it. */
  rollForward: (date: LocalDate) => LocalDate;
}

export interface WorkCalendarOptions {
  /** Holiday data; the `chinese-days` package from 2019 on when omitted. */
  source?: HolidayTable;
  /** Applied in order over the source; later overrides win. */
  overrides?: readonly Override[];
}

export function createWorkCalendar(options: WorkCalendarOptions = {}): WorkCalendar {
  const table = applyOverrides(options.source ?? chineseDaysTable(), options.overrides ?? []);
  const index = buildDayIndex(table.years);
  const { dates, position, work, workdaysUpTo, workdayOffsets } = index;
  const version = table.version;
  const covered = { from: dates[0]!, to: dates[dates.length - 1]! };

  const uncovered = (year: number) => new CalendarCoverageError(year, { ...covered }, version);
  const offsetOf = (date: LocalDate): number => {
    const i = position.get(date);
    if (i !== undefined) return i;
    throw uncovered(yearOfDay(toDayNumber(date))); // toDayNumber throws first if the string is not a date
  };
  const count = (n: number): number => {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`a day count must be an integer ≥ 0, got ${n}`);
    return n;
  };
  /** The date of the k-th working day of the coverage (k from 1). */
  const kthWorkday = (k: number): LocalDate => {
    const at = workdayOffsets[k - 1];
    if (at === undefined) throw uncovered(index.toYear + 1);
    return dates[at]!;
  };

  return {
    version,
    coverage: () => ({ ...covered }),
    isWorkday: (date) => work[offsetOf(date)] === 1,
    addWorkdays: (date, n) => {
      const i = offsetOf(date);
      return count(n) === 0 ? date : kthWorkday(workdaysUpTo[i]! + n);
    },
    workdaysBetween: (from, to) => workdaysUpTo[offsetOf(to)]! - workdaysUpTo[offsetOf(from)]!,
    addNaturalDays: (date, n) => {
      const target = offsetOf(date) + count(n);
      if (target >= dates.length) throw uncovered(yearOfDay(index.firstDay + target));
      return work[target] === 1 ? dates[target]! : kthWorkday(workdaysUpTo[target]! + 1);
    },
    nextWorkday: (date) => kthWorkday(workdaysUpTo[offsetOf(date)]! + 1),
    rollForward: (date) => {
      const i = offsetOf(date);
      return work[i] === 1 ? date : kthWorkday(workdaysUpTo[i]! + 1);
    },
  };
}

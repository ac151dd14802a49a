import { chineseDaysTable } from './chinese-days-source.js';
import { buildDayIndex } from './day-index.js';
import { CalendarCoverageError } from './errors.js';
import type { HolidayTable, YearDays } from './holiday-table.js';
import type { LocalDate } from './local-date.js';
import { toDayNumber, yearBounds, yearOfDay } from './local-date.js';
import { applyOverrides, type Override } from './override.js';
import { statutoryYearDays } from './statutory-holidays.js';

/** DESIGN.md §5: the statutory rule stands in for the notice this many years past the last official one. */
export const PROVISIONAL_YEARS = 2;

/**
 * What the calendar covers: `from`..`to` in all; `officialTo` is the last day of the last year with a State
 * Council notice, and the years after it up to `to` are provisional (the statutory rule, no 调休).
 */
export interface CalendarCoverage {
  from: LocalDate;
  to: LocalDate;
  officialYears: { from: number; to: number };
  /** Ascending; empty when every covered year has its notice. */
  provisionalYears: number[];
}

/**
 * The legal working-day clock (DESIGN.md §5) on YYYY-MM-DD dates in Asia/Shanghai. Every method throws
 * InvalidDateError for a malformed date and CalendarCoverageError, naming the year, for a date (or a result)
 * outside the data's coverage. The functions do not use `this`: they can be passed around on their own.
 */
export interface WorkCalendar {
  /** Data source and override versions joined by "+", e.g. `chinese-days@1.5.7+cn-2020-spring-festival-extension`. */
  readonly version: string;
  /** First and last covered dates (whole years), and which years are official and which provisional. */
  coverage: () => CalendarCoverage;
  isWorkday: (date: LocalDate) => boolean;
  /**
   * True when `date` lies in a provisional year. Provisional years follow the official ones, so a date
   * counted forward to `date` depends on a provisional day exactly when `date` itself is provisional.
   */
  isProvisional: (date: LocalDate) => boolean;
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
  /** Years past the last official one counted on the statutory rule (PROVISIONAL_YEARS unless told; 0: none). */
  provisionalYears?: number;
  /** The statutory rule's year (statutory-holidays.ts unless told); a RangeError means the rule does not apply to it. */
  provisionalYear?: (year: number) => YearDays;
}

export function createWorkCalendar(options: WorkCalendarOptions = {}): WorkCalendar {
  const official = applyOverrides(options.source ?? chineseDaysTable(), options.overrides ?? []);
  const table = withProvisionalYears(official, options.provisionalYears ?? PROVISIONAL_YEARS, options.provisionalYear ?? statutoryYearDays);
  const index = buildDayIndex(table.years);
  const { dates, position, work, workdaysUpTo, workdayOffsets } = index;
  const version = table.version;
  const covered: CalendarCoverage = {
    from: dates[0]!,
    to: dates[dates.length - 1]!,
    officialYears: { from: index.fromYear, to: index.toYear - table.provisionalYears.length },
    provisionalYears: table.provisionalYears,
  };
  const firstProvisional = table.provisionalYears.length === 0 ? dates.length : yearBounds(table.provisionalYears[0]!).first - index.firstDay;
  const snapshot = (): CalendarCoverage => ({ ...covered, officialYears: { ...covered.officialYears }, provisionalYears: [...covered.provisionalYears] });

  const uncovered = (year: number) => new CalendarCoverageError(year, snapshot(), version);
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
    coverage: snapshot,
    isWorkday: (date) => work[offsetOf(date)] === 1,
    isProvisional: (date) => offsetOf(date) >= firstProvisional,
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

/**
 * The official table followed by up to `count` provisional years on the statutory rule. The version names
 * them (`+provisional-2027-2028`): the rule's years change with the official ones, and a recorded version
 * must say which days it counted.
 */
function withProvisionalYears(
  official: HolidayTable,
  count: number,
  ruleYear: (year: number) => YearDays,
): HolidayTable & { provisionalYears: number[] } {
  const last = Math.max(...official.years.keys());
  const years = new Map(official.years);
  const provisionalYears: number[] = [];
  for (let year = last + 1; year <= last + count; year++) {
    try {
      years.set(year, ruleYear(year));
    } catch (error) {
      if (error instanceof RangeError) break; // the rule does not reach that year: fail closed from there
      throw error;
    }
    provisionalYears.push(year);
  }
  if (provisionalYears.length === 0) return { ...official, provisionalYears };
  const span = provisionalYears.length === 1 ? `${last + 1}` : `${last + 1}-${provisionalYears.at(-1)!}`;
  return { version: `${official.version}+provisional-${span}`, years, provisionalYears };
}

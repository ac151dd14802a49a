import { z } from 'zod';
import { LocalDate } from '../../events/index.js';
import { fromDayNumber, isWeekendDay, toDayNumber, yearBounds } from './local-date.js';

/** LocalDate and a real calendar day; piped so that a malformed date is one problem, not two. */
const RealDate = LocalDate.pipe(
  z.string().refine((d) => {
    try {
      toDayNumber(d);
      return true;
    } catch {
      return false;
    }
  }, 'not a real calendar date'),
);

const NoticeYearSchema = z.object({
  holidays: z.array(RealDate),
  makeupWorkdays: z.array(RealDate),
  /** Statutory days the notice explicitly does not give off (e.g. moved by a later revision), each with why. */
  movedStatutoryDays: z.array(z.object({ date: RealDate, note: z.string().min(1) })).default([]),
});
type NoticeYear = z.infer<typeof NoticeYearSchema>;

const YEAR_KEY = /^\d{4}$/;

/**
 * A State Council holiday notice as an operator writes it: the shape of an override (override.ts) restricted to
 * whole years, with the notice's title and number required, plus the statutory days it explicitly moves.
 */
export const HolidayNoticeSchema = z.object({
  version: z.string().min(1).regex(/^[^+\s]+$/, 'no "+" or spaces: versions are joined with "+"'),
  /** The notice's title and number, e.g. 国办发明电〔2026〕N号: an import must say what it transcribes. */
  source: z.string().min(1),
  years: z
    .record(z.string().regex(YEAR_KEY, 'a four-digit year'), NoticeYearSchema)
    .refine((years) => Object.keys(years).length > 0, 'at least one year'),
});
export type HolidayNotice = z.infer<typeof HolidayNoticeSchema>;

/** What the statutory rule says a year's statutory days are (injected: another module computes them from lunar dates). */
export interface StatutoryDayLike {
  date: string;
  kind: 'holiday' | 'make-up';
  zh: string;
  en: string;
}

/** One problem of a notice, with where it is (e.g. "years.2027.makeupWorkdays.1") so an HTTP API can name the field. */
export interface NoticeProblem {
  path: string;
  message: string;
}

export type StatutoryDays = (year: number) => readonly StatutoryDayLike[];

/**
 * Parses and checks a notice; returns it or every problem found. When the schema fails, the years that are
 * well-formed on their own are still checked, so the operator sees all problems in one round.
 */
export function validateHolidayNotice(
  input: unknown,
  statutoryDays: StatutoryDays,
): { ok: true; notice: HolidayNotice } | { ok: false; problems: NoticeProblem[] } {
  const parsed = HolidayNoticeSchema.safeParse(input, { reportInput: true });
  if (parsed.success) {
    const problems = Object.entries(parsed.data.years).flatMap(([key, year]) => yearProblems(key, year, statutoryDays));
    return problems.length === 0 ? { ok: true, notice: parsed.data } : { ok: false, problems };
  }
  const problems = parsed.error.issues.map(schemaProblem);
  for (const [key, raw] of Object.entries(rawYears(input))) {
    const year = NoticeYearSchema.safeParse(raw);
    if (YEAR_KEY.test(key) && year.success) problems.push(...yearProblems(key, year.data, statutoryDays));
  }
  return { ok: false, problems };
}

function schemaProblem(issue: z.core.$ZodIssue): NoticeProblem {
  // A bad year key is reported by zod as a generic "Invalid key in record"; its own issue says why.
  const message = issue.code === 'invalid_key' && issue.issues[0] ? issue.issues[0].message : issue.message;
  const got = issue.input;
  const shown = typeof got === 'string' || typeof got === 'number' || typeof got === 'boolean' ? ` (got ${JSON.stringify(got)})` : '';
  return { path: issue.path.map(String).join('.') || '(root)', message: `${message}${shown}` };
}

function rawYears(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null) return {};
  const years = (input as { years?: unknown }).years;
  return typeof years === 'object' && years !== null && !Array.isArray(years) ? (years as Record<string, unknown>) : {};
}

function yearProblems(key: string, year: NoticeYear, statutoryDays: StatutoryDays): NoticeProblem[] {
  const problems: NoticeProblem[] = [];
  const at = (path: string, message: string) => problems.push({ path: `years.${key}.${path}`, message });
  const { first, last } = yearBounds(Number(key));

  /** Entries of a list that are not repeats of an earlier entry (a repeat is one problem, not several). */
  const firstOccurrences = (list: string, dates: readonly string[], path: (i: number) => string) => {
    const seen = new Set<string>();
    return dates.flatMap((date, i) => {
      if (seen.has(date)) {
        at(path(i), `${date} is listed twice in ${list}`);
        return [];
      }
      seen.add(date);
      return [{ date, i }];
    });
  };

  const off = new Set(year.holidays);
  for (const { date, i } of firstOccurrences('holidays', year.holidays, (i) => `holidays.${i}`)) {
    const day = toDayNumber(date);
    if (day < first || day > last) at(`holidays.${i}`, `holiday ${date} is not in ${key}`);
  }
  for (const { date, i } of firstOccurrences('makeupWorkdays', year.makeupWorkdays, (i) => `makeupWorkdays.${i}`)) {
    const day = toDayNumber(date);
    if (day < first || day > last) at(`makeupWorkdays.${i}`, `make-up working day ${date} is not in ${key}`);
    // 调休 moves work onto a weekend; a weekday listed here is a transcription slip.
    if (!isWeekendDay(day)) at(`makeupWorkdays.${i}`, `make-up working day ${date} is not a Saturday or Sunday`);
    if (off.has(date)) at(`makeupWorkdays.${i}`, `${date} is both a holiday and a make-up working day`);
  }
  const moved = firstOccurrences('movedStatutoryDays', year.movedStatutoryDays.map((m) => m.date), (i) => `movedStatutoryDays.${i}.date`);
  if (year.holidays.length === 0) at('holidays', `year ${key} has no holidays, which is a placeholder rather than a notice`);

  let statutory: readonly StatutoryDayLike[];
  try {
    statutory = statutoryDays(Number(key));
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    problems.push({ path: `years.${key}`, message: `no statutory rule for ${key}, so the notice cannot be checked against it` });
    return problems;
  }
  // The rule's 'make-up' days are its own 补假 placement, which the notice replaces: only 'holiday' days are required.
  const required = new Map(statutory.filter((s) => s.kind === 'holiday').map((s) => [s.date, s]));
  const movedDates = new Set(moved.map((m) => m.date));
  for (const [date, s] of required) {
    if (!off.has(date) && !movedDates.has(date)) {
      at('holidays', `${date} ${s.zh} / ${s.en} is a statutory holiday but is neither a day off in the notice nor listed in movedStatutoryDays`);
    }
  }
  for (const { date, i } of moved) {
    const s = required.get(date);
    if (!s) at(`movedStatutoryDays.${i}.date`, `${date} is listed in movedStatutoryDays but is not a statutory holiday of ${key}`);
    else if (off.has(date)) at(`movedStatutoryDays.${i}.date`, `${date} ${s.zh} / ${s.en} is listed in movedStatutoryDays but is also a day off in the notice`);
  }
  return problems;
}

/** The day-by-day difference of a year between two calendars, for a dry run of an import. */
export function yearChanges(
  year: number,
  before: { isWorkday(d: string): boolean },
  after: { isWorkday(d: string): boolean },
): { becomeDaysOff: string[]; becomeWorkdays: string[] } {
  const becomeDaysOff: string[] = [];
  const becomeWorkdays: string[] = [];
  const { first, last } = yearBounds(year);
  for (let day = first; day <= last; day++) {
    const date = fromDayNumber(day);
    const was = before.isWorkday(date);
    const is = after.isWorkday(date);
    if (was && !is) becomeDaysOff.push(date);
    else if (!was && is) becomeWorkdays.push(date);
  }
  return { becomeDaysOff, becomeWorkdays };
}

import { z } from 'zod';
import { LocalDate } from '../../events/index.js';
import { CalendarDataError } from './errors.js';
import type { HolidayTable } from './holiday-table.js';
import { isWeekendDay, toDayNumber } from './local-date.js';

const RealDate = LocalDate.refine((d) => {
  try {
    toDayNumber(d);
    return true;
  } catch {
    return false;
  }
}, 'not a real calendar date');

/**
 * A local override of the holiday data: whole years announced after the data source was released, and
 * revisions of single days (e.g. 国办发明电〔2020〕1号 extending the 2020 Spring Festival). A year needs at
 * least one holiday: an empty year is a placeholder for an unpublished notice, not an ordinary year.
 */
export const OverrideSchema = z.object({
  version: z.string().min(1).regex(/^[^+\s]+$/, 'no "+" or spaces: versions are joined with "+"'),
  /** The notice the override transcribes, e.g. 国办发明电〔2020〕1号. */
  source: z.string().min(1).optional(),
  years: z
    .record(z.string().regex(/^\d{4}$/, 'a four-digit year'), z.object({ holidays: z.array(RealDate).min(1), makeupWorkdays: z.array(RealDate) }))
    .default({}),
  revisions: z.array(z.object({ date: RealDate, work: z.boolean(), note: z.string().min(1) })).default([]),
});
export type Override = z.infer<typeof OverrideSchema>;

/** Validates an override; a bad one is a CalendarDataError listing every problem with its path. */
export function parseOverride(input: unknown, origin = 'override'): Override {
  const result = OverrideSchema.safeParse(input);
  if (!result.success) {
    throw new CalendarDataError(result.error.issues.map((i) => `${origin}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return result.data;
}

/** Parses override JSON text the caller has read (the domain never touches the file system itself). */
export function parseOverrideJson(text: string, origin = 'override'): Override {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CalendarDataError([`${origin}: not JSON: ${(err as Error).message}`]);
  }
  return parseOverride(json, origin);
}

type MutableYear = { holidays: Set<string>; makeupWorkdays: Set<string> };

/** The table with the overrides applied in order (later ones win), and the combined version string. */
export function applyOverrides(table: HolidayTable, overrides: readonly Override[]): HolidayTable {
  const years = new Map<number, MutableYear>();
  for (const [y, d] of table.years) years.set(y, { holidays: new Set(d.holidays), makeupWorkdays: new Set(d.makeupWorkdays) });
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const o of overrides) {
    if (seen.has(o.version)) problems.push(`override ${o.version} given twice`);
    seen.add(o.version);
    for (const [key, days] of Object.entries(o.years)) {
      problems.push(...yearProblems(o.version, key, days));
      years.set(Number(key), { holidays: new Set(days.holidays), makeupWorkdays: new Set(days.makeupWorkdays) });
    }
    for (const r of o.revisions) {
      const year = years.get(Number(r.date.slice(0, 4)));
      if (!year) {
        problems.push(`override ${o.version}: revision of ${r.date} but the calendar has no data for ${r.date.slice(0, 4)}`);
        continue;
      }
      year.holidays.delete(r.date);
      year.makeupWorkdays.delete(r.date);
      (r.work ? year.makeupWorkdays : year.holidays).add(r.date);
    }
  }
  if (problems.length > 0) throw new CalendarDataError(problems);
  const version = [table.version, ...overrides.map((o) => o.version)].join('+');
  return { version, years };
}

function yearProblems(version: string, key: string, days: { holidays: string[]; makeupWorkdays: string[] }): string[] {
  const problems: string[] = [];
  const where = `override ${version}: year ${key}`;
  for (const d of [...days.holidays, ...days.makeupWorkdays]) {
    if (!d.startsWith(`${key}-`)) problems.push(`${where}: ${d} is not in ${key}`);
  }
  const off = new Set(days.holidays);
  for (const d of days.makeupWorkdays) {
    if (off.has(d)) problems.push(`${where}: ${d} is both a holiday and a make-up workday`);
    // 调休 moves work onto a weekend; a weekday listed here is a transcription slip.
    else if (!isWeekendDay(toDayNumber(d))) problems.push(`${where}: make-up workday ${d} is not a weekend day`);
  }
  return problems;
}

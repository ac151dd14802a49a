import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import pkg from 'chinese-days/package.json' with { type: 'json' };
import type { HolidayTable } from './holiday-table.js';

/** The first year the project vouches for (issue 3): its tests check every notice from 2019 on. */
export const FIRST_COVERED_YEAR = 2019;

/**
 * The holiday table from the `chinese-days` package (vsme/chinese-days, MIT), read from its JSON data rather
 * than its functions: those parse strings into local-time Dates and return the wrong day when the process
 * runs west of UTC. A year is covered when the package lists any holiday in it; the package treats a year
 * it lacks as an ordinary year, so that absence must be kept as absence.
 */
export function chineseDaysTable(fromYear: number = FIRST_COVERED_YEAR): HolidayTable {
  const holidays = data.holidays as Record<string, string>;
  const workdays = data.workdays as Record<string, string>;
  const years = new Map<number, { holidays: Set<string>; makeupWorkdays: Set<string> }>();
  const yearOf = (date: string) => {
    const year = Number(date.slice(0, 4));
    if (year < fromYear) return undefined;
    let days = years.get(year);
    if (!days) years.set(year, (days = { holidays: new Set(), makeupWorkdays: new Set() }));
    return days;
  };
  for (const date of Object.keys(holidays)) yearOf(date)?.holidays.add(date);
  for (const date of Object.keys(workdays)) yearOf(date)?.makeupWorkdays.add(date);
  for (const [year, days] of years) if (days.holidays.size === 0) years.delete(year);
  return { version: `chinese-days@${pkg.version}`, years };
}

import { LunarDay, SolarTerm, type SolarDay } from 'tyme4ts';
import type { YearDays } from './holiday-table.js';
import { fromDayNumber, isWeekendDay, toDayNumber } from './local-date.js';

export type Festival = 'new-year' | 'spring-festival' | 'qingming' | 'labour-day' | 'dragon-boat' | 'mid-autumn' | 'national-day';

/** One statutory day off of a year under the rule, or a day that makes one up (补假). */
export interface StatutoryDay {
  date: string; // YYYY-MM-DD
  festival: Festival;
  kind: 'holiday' | 'make-up';
  zh: string;
  en: string;
}

/** The first year the 2025 text of the rule applies to (国务院令第795号, in force 2025-01-01). */
export const STATUTORY_RULE_FROM = 2025;

const NAMES: Record<Festival, { zh: string; en: string }> = {
  'new-year': { zh: '元旦', en: "New Year's Day" },
  'spring-festival': { zh: '春节', en: 'Spring Festival' },
  qingming: { zh: '清明节', en: 'Qingming Festival' },
  'labour-day': { zh: '劳动节', en: 'Labour Day' },
  'dragon-boat': { zh: '端午节', en: 'Dragon Boat Festival' },
  'mid-autumn': { zh: '中秋节', en: 'Mid-Autumn Festival' },
  'national-day': { zh: '国庆节', en: 'National Day' },
};

// tyme4ts gives plain year/month/day numbers (no JS Date), so the string is built here.
const ymd = (d: SolarDay): string =>
  `${String(d.getYear()).padStart(4, '0')}-${String(d.getMonth()).padStart(2, '0')}-${String(d.getDay()).padStart(2, '0')}`;

/** The lunar-calendar and solar-term days of `year` (《全国年节及纪念日放假办法》 Art. 2), from tyme4ts. */
function movingDays(year: number): [Festival, string][] {
  // The lunar new year that starts in Gregorian `year` (初一 is always 21 Jan – 20 Feb), so its 除夕 is in
  // `year` too, and the 除夕 of lunar `year` falls in the next Gregorian year. 除夕 is the day before 初一,
  // whether 腊月 has 29 or 30 days (or is a leap 腊月, first in 3358).
  const newYear = LunarDay.fromYmd(year, 1, 1);
  return [
    ['spring-festival', ymd(newYear.next(-1).getSolarDay())],
    ...[0, 1, 2].map((n): [Festival, string] => ['spring-festival', ymd(newYear.next(n).getSolarDay())]),
    ['qingming', ymd(SolarTerm.fromName(year, '清明').getSolarDay())],
    ['dragon-boat', ymd(LunarDay.fromYmd(year, 5, 5).getSolarDay())],
    ['mid-autumn', ymd(LunarDay.fromYmd(year, 8, 15).getSolarDay())],
  ];
}

/** The statutory days off of `year` with their 补假 days, in date order. Throws RangeError for a year before STATUTORY_RULE_FROM or outside what the lunar library supports. */
export function statutoryDays(year: number): StatutoryDay[] {
  if (!Number.isInteger(year) || year < STATUTORY_RULE_FROM) {
    throw new RangeError(`the statutory rule (国务院令第795号) applies from ${STATUTORY_RULE_FROM}, got ${year}`);
  }
  let moving: [Festival, string][];
  try {
    moving = movingDays(year);
  } catch (cause) {
    throw new RangeError(`tyme4ts cannot compute the lunar calendar for ${year}`, { cause });
  }
  const fixed: [Festival, string][] = [
    ['new-year', `${year}-01-01`],
    ['labour-day', `${year}-05-01`],
    ['labour-day', `${year}-05-02`],
    ...['01', '02', '03'].map((d): [Festival, string] => ['national-day', `${year}-10-${d}`]),
  ];
  // Fixed days first so that, on a shared date (中秋 on 1–3 Oct), the lunar festival is the one made up.
  const holidays = [...fixed, ...moving].sort((a, b) => a[1].localeCompare(b[1]));

  const off = new Set(holidays.map(([, date]) => date));
  const taken = new Set<string>();
  const result: StatutoryDay[] = [];
  for (const [festival, date] of holidays) {
    const { zh, en } = NAMES[festival];
    result.push({ date, festival, kind: 'holiday', zh, en });
    const day = toDayNumber(date);
    // Art. 6 read as: a day on a weekend, or on a date another statutory day already holds, is made up on the next weekday that is not already off.
    if (isWeekendDay(day) || taken.has(date)) {
      let makeUp = day + 1;
      while (isWeekendDay(makeUp) || off.has(fromDayNumber(makeUp))) makeUp++;
      off.add(fromDayNumber(makeUp));
      // The last statutory day is in early October (国庆 or 中秋), so a 补假 never spills into the next year.
      result.push({ date: fromDayNumber(makeUp), festival, kind: 'make-up', zh: `${zh}补假`, en: `${en} make-up day off` });
    }
    taken.add(date);
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}

/** The year as the calendar uses it: holidays = every statutory day and 补假 day, makeupWorkdays empty. */
export function statutoryYearDays(year: number): YearDays {
  return { holidays: new Set(statutoryDays(year).map((d) => d.date)), makeupWorkdays: new Set() };
}

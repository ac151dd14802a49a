import cd from 'chinese-days';
import { fileURLToPath } from 'node:url';
import { computeDeadline, defaultCalendar, selfTestCalendar } from '../../services/calendar/index.js';
import { fromDayNumber, toDayNumber } from '../../services/calendar/local-date.js';

/**
 * What the calendar answers in this process, printed as JSON when run as a script: calendar-timezone.test.ts
 * runs it in child processes with another TZ, which Node reads once at start-up.
 */
export function probe() {
  const cal = defaultCalendar();
  let days = '';
  for (let d = toDayNumber(cal.coverage().from); d <= toDayNumber(cal.coverage().to); d++) days += cal.isWorkday(fromDayNumber(d)) ? '1' : '0';
  selfTestCalendar(cal);
  return {
    tzOffsetMinutes: new Date('2020-07-01T00:00:00Z').getTimezoneOffset(),
    version: cal.version,
    addWorkdays: [cal.addWorkdays('2020-09-28', 5), cal.addWorkdays('2026-09-30', 1), cal.addWorkdays('2020-01-20', 5)],
    workdaysBetween: cal.workdaysBetween('2026-09-18', '2026-10-12'),
    addNaturalDays: cal.addNaturalDays('2020-08-17', 45),
    deadline: computeDeadline(cal, { acceptedOn: '2020-09-28', limit: { value: 5, unit: 'working' }, suspensions: [{ from: '2020-09-29', to: '2020-10-09' }] }),
    days,
  };
}

/** Days of 2019–2026 where the calendar and chinese-days' own isWorkday disagree (the latter is only right east of UTC). */
export function disagreementsWithChineseDays(): string[] {
  const cal = defaultCalendar();
  const out: string[] = [];
  for (let d = toDayNumber('2019-01-01'); d <= toDayNumber('2026-12-31'); d++) {
    const date = fromDayNumber(d);
    if (cal.isWorkday(date) !== cd.isWorkday(date)) out.push(date);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tz = new Date('2020-07-01T00:00:00Z').getTimezoneOffset();
  console.log(JSON.stringify(process.argv[2] === 'cross-check' ? { tzOffsetMinutes: tz, disagreements: disagreementsWithChineseDays() } : probe()));
}

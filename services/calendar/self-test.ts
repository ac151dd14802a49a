import { CalendarSelfTestError } from './errors.js';
import type { WorkCalendar } from './work-calendar.js';

/**
 * Facts from State Council holiday notices the calendar must reproduce; run at start-up so wrong or shifted
 * data (a bad package release, an override typo, a time-zone slip) stops the service instead of moving deadlines.
 */
const CHECKS: ReadonlyArray<[string, (c: WorkCalendar) => unknown, unknown]> = [
  ['2019-09-29 (Sunday, National Day make-up) is a working day', (c) => c.isWorkday('2019-09-29'), true],
  ['2019-10-07 (National Day) is a day off', (c) => c.isWorkday('2019-10-07'), false],
  ['2019-10-12 (Saturday, make-up) is a working day', (c) => c.isWorkday('2019-10-12'), true],
  ['2020-02-01 (cancelled make-up day, 国办发明电〔2020〕1号) is a day off', (c) => c.isWorkday('2020-02-01'), false],
  ['2020-09-27 (Sunday, make-up) is a working day', (c) => c.isWorkday('2020-09-27'), true],
  ['2020-10-08 (National Day) is a day off', (c) => c.isWorkday('2020-10-08'), false],
  ['addWorkdays(2020-09-28, 5)', (c) => c.addWorkdays('2020-09-28', 5), '2020-10-12'],
  ['workdaysBetween(2020-09-28, 2020-10-12)', (c) => c.workdaysBetween('2020-09-28', '2020-10-12'), 5],
  ['addWorkdays(2026-09-30, 1)', (c) => c.addWorkdays('2026-09-30', 1), '2026-10-08'],
  ['2026-02-14 (Saturday, Spring Festival make-up) is a working day', (c) => c.isWorkday('2026-02-14'), true],
];

/** Throws CalendarSelfTestError listing every failed check (an uncovered year counts as a failure). */
export function selfTestCalendar(calendar: WorkCalendar): void {
  const failures: string[] = [];
  for (const [what, run, expected] of CHECKS) {
    try {
      const actual = run(calendar);
      if (actual !== expected) failures.push(`${what}: expected ${String(expected)}, got ${String(actual)}`);
    } catch (err) {
      failures.push(`${what}: ${(err as Error).message}`);
    }
  }
  if (failures.length > 0) throw new CalendarSelfTestError(calendar.version, failures);
}

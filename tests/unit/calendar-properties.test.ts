import { expect } from 'chai';
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import fc from 'fast-check';
import { defaultCalendar, statutoryDays } from '../../services/calendar/index.js';
import { fromDayNumber, toDayNumber } from '../../services/calendar/local-date.js';

const cal = defaultCalendar();
// Start dates up to 2027 and counts up to 200 working days (about 40 weeks) keep every result inside the
// coverage (official 2019–2026, provisional 2027–2028), and cross the official/provisional boundary often.
const anyDate = fc.integer({ min: toDayNumber('2019-01-01'), max: toDayNumber('2027-12-31') }).map(fromDayNumber);
// Uniform dates seldom fall near a holiday, where the rules bite; half the samples are taken within 3 days of one.
const specialDays = [
  ...[...Object.keys(data.holidays), ...Object.keys(data.workdays)].filter((d) => d >= '2019-01-04' && d <= '2025-12-28'),
  // The official/provisional boundary and the rule's own days off (with their 补假) in 2027.
  '2026-12-31',
  ...statutoryDays(2027).map((d) => d.date),
];
const nearHoliday = fc.tuple(fc.constantFrom(...specialDays), fc.integer({ min: -3, max: 3 })).map(([d, k]) => fromDayNumber(toDayNumber(d) + k));
const date = fc.oneof(anyDate, nearHoliday);
const count = fc.integer({ min: 0, max: 200 });
const check = <Ts extends unknown[]>(p: fc.IProperty<Ts>): void => fc.assert(p, { numRuns: 400 });
const plusDays = (d: string, n: number) => fromDayNumber(toDayNumber(d) + n);

/** The definition, one day at a time: the oracle for the indexed arithmetic. */
function naiveAddWorkdays(d: string, n: number): string {
  let day = toDayNumber(d);
  for (let k = 0; k < n; ) if (cal.isWorkday(fromDayNumber(++day))) k++;
  return fromDayNumber(day);
}

describe('calendar: properties of the arithmetic', () => {
  it('addWorkdays agrees with counting one day at a time', () => {
    check(fc.property(date, fc.integer({ min: 0, max: 60 }), (d, n) => cal.addWorkdays(d, n) === naiveAddWorkdays(d, n)));
  });

  it('workdaysBetween undoes addWorkdays', () => {
    check(fc.property(date, count, (d, n) => cal.workdaysBetween(d, cal.addWorkdays(d, n)) === n));
  });

  it('addWorkdays(d, workdaysBetween(d, e)) is e when e is a working day, else the last working day before e (or d)', () => {
    check(
      fc.property(date, fc.integer({ min: 0, max: 300 }), (d, gap) => {
        const e = plusDays(d, gap);
        const k = cal.workdaysBetween(d, e);
        const x = cal.addWorkdays(d, k);
        expect(x <= e).to.equal(true);
        if (k === 0) expect(x).to.equal(d);
        else if (cal.isWorkday(e)) expect(x).to.equal(e);
        else expect([cal.isWorkday(x), cal.workdaysBetween(x, e)]).to.deep.equal([true, 0]);
      }),
    );
  });

  it('addWorkdays is strictly increasing in n and lands on a working day for n ≥ 1', () => {
    check(
      fc.property(date, count, count, (d, a, b) => {
        fc.pre(a !== b);
        const [n, m] = a < b ? [a, b] : [b, a];
        const later = cal.addWorkdays(d, m);
        return cal.addWorkdays(d, n) < later && cal.isWorkday(later);
      }),
    );
  });

  it('workdaysBetween is antisymmetric and additive', () => {
    check(
      fc.property(date, date, date, (a, b, c) =>
        cal.workdaysBetween(a, b) === -cal.workdaysBetween(b, a) &&
        cal.workdaysBetween(a, b) + cal.workdaysBetween(b, c) === cal.workdaysBetween(a, c)),
    );
  });

  it('addNaturalDays lands on the first working day on or after d + n', () => {
    check(
      fc.property(date, count, (d, n) => {
        const target = plusDays(d, n);
        const result = cal.addNaturalDays(d, n);
        return result >= target && cal.isWorkday(result) && cal.workdaysBetween(target, result) === (target === result ? 0 : 1);
      }),
    );
  });

  it('nextWorkday is addWorkdays(d, 1); rollForward keeps a working day and moves a day off', () => {
    check(
      fc.property(date, (d) =>
        cal.nextWorkday(d) === cal.addWorkdays(d, 1) && cal.rollForward(d) === (cal.isWorkday(d) ? d : cal.nextWorkday(d))),
    );
  });
});

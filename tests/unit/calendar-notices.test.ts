import { expect } from 'chai';
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import {
  CalendarCoverageError, InvalidDateError, addWorkdays, defaultCalendar, isWorkday, workdaysBetween,
} from '../../services/calendar/index.js';
import { fromDayNumber, toDayNumber } from '../../services/calendar/local-date.js';

// Facts from the State Council holiday notices (国务院办公厅关于20XX年部分节假日安排的通知) for 2019, 2020 and 2026,
// the 2019 Labour Day amendment, and the 2020 Spring Festival extension (国办发明电〔2020〕1号).
const cal = defaultCalendar();

const catchError = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
};

describe('calendar: State Council notices', () => {
  const working: Record<string, string[]> = {
    '2019 make-up days (调休上班)': ['2019-02-02', '2019-02-03', '2019-04-28', '2019-05-05', '2019-09-29', '2019-10-12'],
    '2020 make-up days': ['2020-01-19', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10'],
    '2026 make-up days': ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    'ordinary weekdays after holidays': ['2019-10-08', '2020-02-03', '2020-10-09', '2026-10-08', '2026-02-24'],
  };
  const off: Record<string, string[]> = {
    '2019 National Day 10-01…07': ['2019-10-01', '2019-10-02', '2019-10-03', '2019-10-04', '2019-10-07'],
    '2019 Labour Day as amended, 05-01…04': ['2019-05-01', '2019-05-02', '2019-05-03', '2019-05-04'],
    '2020 Spring Festival as extended, 01-24…02-02': ['2020-01-24', '2020-01-30', '2020-01-31', '2020-02-01', '2020-02-02'],
    '2020 National Day and Mid-Autumn 10-01…08': ['2020-10-01', '2020-10-02', '2020-10-05', '2020-10-06', '2020-10-07', '2020-10-08'],
    '2026 National Day 10-01…07 and Mid-Autumn 09-25': ['2026-09-25', '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
    'plain weekends': ['2019-03-02', '2020-03-01', '2026-03-07'],
  };
  for (const [what, dates] of Object.entries(working)) {
    it(`${what} are working days`, () => dates.forEach((d) => expect(cal.isWorkday(d), d).to.equal(true)));
  }
  for (const [what, dates] of Object.entries(off)) {
    it(`${what} are days off`, () => dates.forEach((d) => expect(cal.isWorkday(d), d).to.equal(false)));
  }

  it('counts working days across National Day, the start day not counted', () => {
    expect(cal.addWorkdays('2020-09-28', 5)).to.equal('2020-10-12'); // 09-29, 09-30, 10-09, 10-10 (Sat), 10-12
    expect(cal.addWorkdays('2026-09-30', 1)).to.equal('2026-10-08');
    expect(cal.addWorkdays('2019-09-27', 3)).to.equal('2019-10-08'); // 09-29 (Sun), 09-30, 10-08
    expect(cal.addWorkdays('2020-01-20', 5)).to.equal('2020-02-04'); // 01-21…23, then 02-03, 02-04
    expect(cal.addWorkdays('2020-10-03', 0)).to.equal('2020-10-03');
    expect(cal.workdaysBetween('2019-09-30', '2019-10-12')).to.equal(5);
    expect(cal.workdaysBetween('2026-09-18', '2026-10-12')).to.equal(12);
    expect(cal.workdaysBetween('2020-10-12', '2020-09-28')).to.equal(-5);
    expect(cal.workdaysBetween('2020-10-01', '2020-10-08')).to.equal(0);
  });

  it('rolls natural-day periods forward to a working day (民法典 Art 203)', () => {
    expect(cal.addNaturalDays('2020-08-17', 45)).to.equal('2020-10-09'); // lands on 10-01
    expect(cal.addNaturalDays('2020-09-24', 2)).to.equal('2020-09-27'); // Saturday → the working Sunday
    expect(cal.addNaturalDays('2020-09-20', 5)).to.equal('2020-09-25');
    expect(cal.nextWorkday('2020-09-30')).to.equal('2020-10-09');
    expect(cal.nextWorkday('2020-10-09')).to.equal('2020-10-10');
    expect(cal.rollForward('2020-10-03')).to.equal('2020-10-09');
    expect(cal.rollForward('2020-10-09')).to.equal('2020-10-09');
  });

  it('agrees with the chinese-days data on every day of 2019–2026', () => {
    const off = new Set(Object.keys(data.holidays));
    const on = new Set(Object.keys(data.workdays));
    let checked = 0;
    for (let day = toDayNumber('2019-01-01'); day <= toDayNumber('2026-12-31'); day++, checked++) {
      const date = fromDayNumber(day);
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const expected = on.has(date) || (!off.has(date) && weekday !== 0 && weekday !== 6);
      if (cal.isWorkday(date) !== expected) expect.fail(`${date}: calendar ${cal.isWorkday(date)}, chinese-days ${expected}`);
    }
    expect(checked).to.equal(2922);
  });

  it('names its data and coverage', () => {
    expect(cal.version).to.equal('chinese-days@1.5.7+cn-2020-spring-festival-extension+provisional-2027-2028');
    expect(cal.coverage()).to.deep.equal({
      from: '2019-01-01',
      to: '2028-12-31',
      officialYears: { from: 2019, to: 2026 },
      provisionalYears: [2027, 2028],
    });
  });

  it('exports isWorkday, addWorkdays and workdaysBetween bound to the default calendar', () => {
    expect(isWorkday('2020-09-27')).to.equal(true);
    expect(addWorkdays('2020-09-28', 5)).to.equal('2020-10-12');
    expect(workdaysBetween('2020-09-28', '2020-10-12')).to.equal(5);
  });
});

describe('calendar: coverage and input errors', () => {
  const coverageYear = (fn: () => unknown): number => {
    const err = catchError(fn);
    expect(err).to.be.instanceOf(CalendarCoverageError);
    return (err as CalendarCoverageError).year;
  };

  it('refuses 2018 and 2029 by name instead of guessing an ordinary year', () => {
    expect(coverageYear(() => cal.isWorkday('2018-12-31'))).to.equal(2018);
    expect(coverageYear(() => cal.isWorkday('2029-01-01'))).to.equal(2029);
    expect(coverageYear(() => cal.workdaysBetween('2018-12-28', '2019-01-04'))).to.equal(2018);
    expect(coverageYear(() => cal.addWorkdays('2028-12-28', 5))).to.equal(2029);
    expect(coverageYear(() => cal.addNaturalDays('2028-12-20', 30))).to.equal(2029);
    expect(coverageYear(() => cal.nextWorkday('2028-12-29'))).to.equal(2029);
    expect(coverageYear(() => cal.isProvisional('2029-03-01'))).to.equal(2029);
    expect(String(catchError(() => cal.isWorkday('2029-03-01')))).to.contain('no data for 2029');
  });

  it('answers for the two provisional years on the statutory rule, marked provisional', () => {
    expect(cal.addWorkdays('2026-12-30', 2)).to.equal('2027-01-04'); // 12-31, then 元旦 (Fri) and the weekend
    expect(cal.nextWorkday('2026-12-31')).to.equal('2027-01-04');
    expect(cal.isWorkday('2027-02-09')).to.equal(false); // 补假: 初一 and 初二 fell on the weekend
    expect(cal.isWorkday('2027-02-11')).to.equal(true);
    expect(cal.isProvisional('2027-03-01')).to.equal(true);
    expect(cal.isProvisional('2028-12-31')).to.equal(true);
  });

  it('rejects malformed and impossible dates, naming them', () => {
    for (const bad of ['2021-02-30', '2019-02-29', '2020-13-01', '2020-9-1', '20200901', '', ' 2020-09-01', '2020-09-01T00:00']) {
      const err = catchError(() => cal.isWorkday(bad));
      expect(err, bad).to.be.instanceOf(InvalidDateError);
      expect((err as Error).message).to.contain(JSON.stringify(bad));
    }
    expect(catchError(() => cal.isWorkday(20200901 as unknown as string))).to.be.instanceOf(InvalidDateError);
    expect(cal.isWorkday('2020-02-29')).to.equal(false); // a real (leap) Saturday
  });

  it('rejects negative or fractional day counts', () => {
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(catchError(() => cal.addWorkdays('2020-09-28', n)), String(n)).to.be.instanceOf(RangeError);
      expect(catchError(() => cal.addNaturalDays('2020-09-28', n)), String(n)).to.be.instanceOf(RangeError);
    }
  });
});

import { expect } from 'chai';
import {
  validateHolidayNotice, yearChanges, type NoticeProblem, type StatutoryDayLike,
} from '../../services/calendar/holiday-notice.js';
import { fromDayNumber, isWeekendDay, toDayNumber } from '../../services/calendar/local-date.js';

const day = (date: string, zh: string, en: string): StatutoryDayLike => ({ date, kind: 'holiday', zh, en });

/** The 2027 statutory days as the rule computes them from the lunar calendar. */
const STATUTORY_2027: StatutoryDayLike[] = [
  day('2027-01-01', '元旦', "New Year's Day"),
  day('2027-02-05', '春节', 'Spring Festival'), // 除夕
  day('2027-02-06', '春节', 'Spring Festival'),
  day('2027-02-07', '春节', 'Spring Festival'),
  day('2027-02-08', '春节', 'Spring Festival'),
  day('2027-04-05', '清明节', 'Qingming Festival'),
  day('2027-05-01', '劳动节', 'Labour Day'),
  day('2027-05-02', '劳动节', 'Labour Day'),
  day('2027-06-09', '端午节', 'Dragon Boat Festival'),
  day('2027-09-15', '中秋节', 'Mid-Autumn Festival'),
  day('2027-10-01', '国庆节', 'National Day'),
  day('2027-10-02', '国庆节', 'National Day'),
  day('2027-10-03', '国庆节', 'National Day'),
  // The rule's own 补假 for 劳动节 on a weekend; the notice places it differently, so these are not required.
  { date: '2027-05-04', kind: 'make-up', zh: '劳动节', en: 'Labour Day' },
  { date: '2027-05-05', kind: 'make-up', zh: '劳动节', en: 'Labour Day' },
];

/** Knows 2027; other years from 2025 on have (in this stub) no days; earlier years are unknown, as in the real rule. */
const statutoryDays = (year: number): readonly StatutoryDayLike[] => {
  if (year < 2025) throw new RangeError(`no statutory rule for ${year}`);
  return year === 2027 ? STATUTORY_2027 : [];
};

const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = toDayNumber(from); d <= toDayNumber(to); d++) out.push(fromDayNumber(d));
  return out;
};

type YearInput = { holidays: string[]; makeupWorkdays: string[]; movedStatutoryDays?: { date: string; note: string }[] };

/** A plausible 2027 notice (its real one is not out yet), as JSON an operator would write. */
const notice2027 = (): { version: string; source: string; years: Record<string, YearInput> } => ({
  version: 'cn-2027',
  source: '国务院办公厅关于2027年部分节假日安排的通知 (test fixture)',
  years: {
    2027: {
      holidays: [
        ...range('2027-01-01', '2027-01-03'),
        ...range('2027-02-05', '2027-02-12'),
        ...range('2027-04-03', '2027-04-05'),
        ...range('2027-05-01', '2027-05-03'),
        '2027-06-09',
        '2027-09-15',
        ...range('2027-10-01', '2027-10-07'),
      ],
      makeupWorkdays: ['2027-01-31', '2027-02-20', '2027-09-26', '2027-10-09'],
    },
  },
});

const problemsOf = (input: unknown): NoticeProblem[] => {
  const result = validateHolidayNotice(input, statutoryDays);
  if (result.ok) expect.fail('expected the notice to be refused');
  return result.problems;
};

/** The single problem of a notice with one mistake, checked for its path and for naming `names`. */
const onlyProblem = (input: unknown, path: string, names: string): NoticeProblem => {
  const problems = problemsOf(input);
  expect(problems, JSON.stringify(problems)).to.have.length(1);
  expect(problems[0]!.path).to.equal(path);
  expect(problems[0]!.message).to.include(names);
  return problems[0]!;
};

describe('calendar: validating a State Council holiday notice', () => {
  it('accepts a plausible 2027 notice without requiring the rule’s own make-up days', () => {
    const result = validateHolidayNotice(notice2027(), statutoryDays);
    expect(result.ok, JSON.stringify(result)).to.equal(true);
    if (result.ok) expect(result.notice.years['2027']!.movedStatutoryDays).to.deep.equal([]);
  });

  it('refuses a schema error and names its path', () => {
    const n = notice2027();
    n.years['2027']!.holidays[1] = '2027-02-30';
    onlyProblem(n, 'years.2027.holidays.1', '2027-02-30');
  });

  it('refuses a day outside its year', () => {
    const n = notice2027();
    n.years['2027']!.holidays.push('2028-01-01');
    onlyProblem(n, `years.2027.holidays.${n.years['2027']!.holidays.length - 1}`, '2028-01-01');
  });

  it('refuses a make-up working day that is not a Saturday or Sunday', () => {
    const n = notice2027();
    n.years['2027']!.makeupWorkdays.push('2027-09-28'); // a Tuesday
    expect(isWeekendDay(toDayNumber('2027-09-28'))).to.equal(false);
    onlyProblem(n, 'years.2027.makeupWorkdays.4', '2027-09-28');
  });

  it('refuses a day that is both a day off and a make-up working day', () => {
    const n = notice2027();
    n.years['2027']!.makeupWorkdays.push('2027-10-02'); // a Saturday, so only the clash is wrong
    const p = onlyProblem(n, 'years.2027.makeupWorkdays.4', '2027-10-02');
    expect(p.message).to.include('both');
  });

  it('refuses a date listed twice in the same list', () => {
    const n = notice2027();
    n.years['2027']!.holidays.push('2027-04-05');
    const p = onlyProblem(n, `years.2027.holidays.${n.years['2027']!.holidays.length - 1}`, '2027-04-05');
    expect(p.message).to.include('twice');
  });

  it('refuses a year with no holidays', () => {
    const n = notice2027();
    n.years['2028'] = { holidays: [], makeupWorkdays: [] };
    onlyProblem(n, 'years.2028.holidays', '2028');
  });

  it('refuses a notice missing a statutory holiday, unless the day is listed as moved', () => {
    const n = notice2027();
    n.years['2027']!.holidays = n.years['2027']!.holidays.filter((d) => d !== '2027-02-06');
    const p = onlyProblem(n, 'years.2027.holidays', '2027-02-06');
    expect(p.message).to.equal(
      '2027-02-06 春节 / Spring Festival is a statutory holiday but is neither a day off in the notice nor listed in movedStatutoryDays',
    );

    n.years['2027']!.movedStatutoryDays = [{ date: '2027-02-06', note: 'moved by a later notice (test)' }];
    expect(validateHolidayNotice(n, statutoryDays).ok).to.equal(true);
  });

  it('refuses a moved statutory day that is still a day off', () => {
    const n = notice2027();
    n.years['2027']!.movedStatutoryDays = [{ date: '2027-06-09', note: 'moved (test)' }];
    const p = onlyProblem(n, 'years.2027.movedStatutoryDays.0.date', '2027-06-09');
    expect(p.message).to.include('端午节');
  });

  it('refuses a moved day that is not a statutory holiday of the year', () => {
    const n = notice2027();
    n.years['2027']!.movedStatutoryDays = [{ date: '2027-05-04', note: 'the rule’s 补假 is not a statutory day' }];
    onlyProblem(n, 'years.2027.movedStatutoryDays.0.date', '2027-05-04');
  });

  it('refuses a year the statutory rule does not know', () => {
    const n = notice2027();
    n.years['2024'] = { holidays: ['2024-01-01'], makeupWorkdays: [] };
    onlyProblem(n, 'years.2024', 'no statutory rule for 2024');
  });

  it('reports every problem at once, schema and rules together', () => {
    const n = { ...notice2027(), version: 'cn 2027' };
    const y = n.years['2027']!;
    y.holidays = y.holidays.filter((d) => d !== '2027-10-03');
    y.makeupWorkdays.push('2027-09-28', '2027-09-26');
    n.years['1999'] = { holidays: ['1999-13-01'], makeupWorkdays: [] };
    expect(problemsOf(n).map((p) => p.path).sort()).to.deep.equal([
      'version',
      'years.1999.holidays.0',
      'years.2027.holidays',
      'years.2027.makeupWorkdays.4',
      'years.2027.makeupWorkdays.5',
    ].sort());
  });
});

describe('calendar: a year’s changes between two calendars (dry run of an import)', () => {
  const weekendsOnly = { isWorkday: (d: string) => !isWeekendDay(toDayNumber(d)) };
  const withNotice = (off: string[], work: string[]) => ({
    isWorkday: (d: string) => (off.includes(d) ? false : work.includes(d) ? true : weekendsOnly.isWorkday(d)),
  });

  it('lists the days that become days off and the days that become working days, in order', () => {
    const after = withNotice(['2027-10-04', '2027-10-01', '2027-10-02'], ['2027-10-09', '2027-09-26']);
    expect(yearChanges(2027, weekendsOnly, after)).to.deep.equal({
      becomeDaysOff: ['2027-10-01', '2027-10-04'], // 10-02 is a Saturday: off either way
      becomeWorkdays: ['2027-09-26', '2027-10-09'],
    });
  });

  it('asks about every day of the year and no other, and finds nothing between equal calendars', () => {
    const asked: string[] = [];
    const spy = { isWorkday: (d: string) => (asked.push(d), weekendsOnly.isWorkday(d)) };
    expect(yearChanges(2028, spy, weekendsOnly)).to.deep.equal({ becomeDaysOff: [], becomeWorkdays: [] });
    expect(asked).to.have.length(366); // 2028 is a leap year
    expect([asked[0], asked[asked.length - 1]]).to.deep.equal(['2028-01-01', '2028-12-31']);
  });
});

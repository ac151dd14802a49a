import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import {
  CalendarCoverageError, CalendarDataError, chineseDaysTable, createWorkCalendar, parseOverride, parseOverrideJson,
  shippedOverrides, type HolidayTable, type Override,
} from '../../services/calendar/index.js';
import { fromDayNumber, toDayNumber } from '../../services/calendar/local-date.js';

const REVISION_FILE = new URL('../../services/calendar/revisions/2020-spring-festival-extension.json', import.meta.url);

/** 2020 as the original notice had it, before 国办发明电〔2020〕1号: off 01-24…30, working 01-19 (Sun) and 02-01 (Sat). */
function originalNotice2020(): HolidayTable {
  const base = chineseDaysTable();
  const years = new Map(base.years);
  const y2020 = base.years.get(2020)!;
  const holidays = new Set([...y2020.holidays].filter((d) => !['2020-01-31', '2020-02-01', '2020-02-02'].includes(d)));
  years.set(2020, { holidays, makeupWorkdays: new Set([...y2020.makeupWorkdays, '2020-02-01']) });
  return { version: 'test-original-2020', years };
}

const catchError = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
};

/** A made-up 2027 (its notice is not out): the mechanism is under test, not the dates. */
const hypothetical2027: Override = parseOverride({
  version: 'test-2027',
  years: { 2027: { holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-10-01', '2027-10-04'], makeupWorkdays: ['2027-09-26'] } },
});

describe('calendar: overrides', () => {
  it('ships the 2020 Spring Festival extension as a data file the caller can load', () => {
    const fromFile = parseOverrideJson(readFileSync(REVISION_FILE, 'utf8'), 'revision file');
    expect(shippedOverrides()).to.deep.equal([fromFile]);
    expect(fromFile.revisions.map((r) => [r.date, r.work])).to.deep.equal([
      ['2020-01-31', false], ['2020-02-01', false], ['2020-02-02', false],
    ]);
  });

  it('turns the original 2020 notice into the extended one', () => {
    const before = createWorkCalendar({ source: originalNotice2020() });
    expect(before.isWorkday('2020-01-31')).to.equal(true);
    expect(before.isWorkday('2020-02-01')).to.equal(true);
    expect(before.addWorkdays('2020-01-20', 5)).to.equal('2020-02-01');

    const after = createWorkCalendar({ source: originalNotice2020(), overrides: shippedOverrides() });
    expect(['2020-01-31', '2020-02-01', '2020-02-02'].map((d) => after.isWorkday(d))).to.deep.equal([false, false, false]);
    expect(after.isWorkday('2020-02-03')).to.equal(true);
    expect(after.addWorkdays('2020-01-20', 5)).to.equal('2020-02-04');
    expect(after.workdaysBetween('2020-01-20', '2020-02-04')).to.equal(5);
    expect(after.version).to.equal('test-original-2020+cn-2020-spring-festival-extension+provisional-2027-2028');
  });

  it('changes no day when the source already has the extension (chinese-days 1.5.7 does)', () => {
    const plain = createWorkCalendar();
    const revised = createWorkCalendar({ overrides: shippedOverrides() });
    expect(plain.isWorkday('2020-02-01')).to.equal(false);
    expect(plain.version).to.equal('chinese-days@1.5.7+provisional-2027-2028');
    for (let day = toDayNumber('2019-01-01'); day <= toDayNumber('2026-12-31'); day++) {
      const d = fromDayNumber(day);
      if (plain.isWorkday(d) !== revised.isWorkday(d)) expect.fail(d);
    }
  });

  it('adds a newly announced year and extends coverage to it', () => {
    const cal = createWorkCalendar({ overrides: [...shippedOverrides(), hypothetical2027] });
    expect(cal.coverage()).to.deep.equal({ from: '2019-01-01', to: '2029-12-31', officialYears: { from: 2019, to: 2027 }, provisionalYears: [2028, 2029] });
    expect(cal.version).to.equal('chinese-days@1.5.7+cn-2020-spring-festival-extension+test-2027+provisional-2028-2029');
    expect(cal.isWorkday('2027-01-01')).to.equal(false);
    expect(cal.isWorkday('2027-09-26')).to.equal(true); // a Sunday made a working day
    expect(cal.addWorkdays('2026-12-31', 1)).to.equal('2027-01-04');
    expect(cal.addWorkdays('2026-12-30', 2)).to.equal('2027-01-04');
    expect(cal.isProvisional('2027-12-31')).to.equal(false);
    expect(cal.isProvisional('2028-01-03')).to.equal(true);
    const err = catchError(() => cal.isWorkday('2030-01-03'));
    expect(err).to.be.instanceOf(CalendarCoverageError);
    expect((err as CalendarCoverageError).year).to.equal(2030);
  });

  it('revises single days, later overrides winning', () => {
    const workOn1008 = parseOverride({ version: 'a', revisions: [{ date: '2020-10-08', work: true, note: 'test' }] });
    const offAgain = parseOverride({ version: 'b', revisions: [{ date: '2020-10-08', work: false, note: 'test' }] });
    const cal = createWorkCalendar({ overrides: [workOn1008] });
    expect(cal.isWorkday('2020-10-08')).to.equal(true);
    expect(cal.addWorkdays('2020-09-28', 5)).to.equal('2020-10-10');
    expect(createWorkCalendar({ overrides: [workOn1008, offAgain] }).isWorkday('2020-10-08')).to.equal(false);
  });

  it('rejects bad overrides listing every problem', () => {
    const bad = parseOverride({
      version: 'bad',
      years: { 2027: { holidays: ['2027-01-01', '2028-01-01'], makeupWorkdays: ['2027-01-01', '2027-01-05'] } },
      revisions: [{ date: '2030-05-01', work: false, note: 'x' }],
    });
    const err = catchError(() => createWorkCalendar({ overrides: [bad] }));
    expect(err).to.be.instanceOf(CalendarDataError);
    const problems = (err as CalendarDataError).problems.join('\n');
    expect(problems).to.contain('2028-01-01 is not in 2027');
    expect(problems).to.contain('2027-01-01 is both a holiday and a make-up workday');
    expect(problems).to.contain('make-up workday 2027-01-05 is not a weekend day');
    expect(problems).to.contain('no data for 2030');
  });

  it('rejects a gap in coverage, a repeated version and malformed files', () => {
    const y2028 = parseOverride({ version: 'y2028', years: { 2028: { holidays: ['2028-01-01'], makeupWorkdays: [] } } });
    expect(String(catchError(() => createWorkCalendar({ overrides: [y2028] })))).to.contain('no data for 2027');
    expect(String(catchError(() => createWorkCalendar({ overrides: [y2028, y2028] })))).to.contain('given twice');
    const shape = (input: unknown) => (catchError(() => parseOverride(input, 'f.json')) as CalendarDataError).problems;
    expect(shape({ version: 'x', years: { 2027: { holidays: [], makeupWorkdays: [] } } })[0]).to.match(/^f\.json: years\.2027\.holidays/);
    expect(shape({ version: 'x', revisions: [{ date: '2021-02-30', work: true, note: 'n' }] })[0]).to.contain('revisions.0.date');
    expect(shape({ version: 'a+b' })[0]).to.contain('version');
    expect(shape({})[0]).to.contain('version');
    expect(String(catchError(() => parseOverrideJson('{', 'f.json')))).to.contain('f.json: not JSON');
  });
});

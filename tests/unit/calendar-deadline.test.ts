import { expect } from 'chai';
import fc from 'fast-check';
import {
  CalendarCoverageError, CalendarSelfTestError, chineseDaysTable, computeDeadline, createWorkCalendar, defaultCalendar,
  selfTestCalendar, suspendedWorkdays, type Deadline, type DeadlineInput,
} from '../../services/calendar/index.js';
import { fromDayNumber, toDayNumber } from '../../services/calendar/local-date.js';

const cal = defaultCalendar();
const deadlineOf = (input: DeadlineInput): string => {
  const result = computeDeadline(cal, input);
  if (result.status !== 'running') throw new Error(`expected a running clock, got ${JSON.stringify(result)}`);
  return result.deadline;
};
const catchError = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
};
const working = (value: number) => ({ value, unit: 'working' as const });
const natural = (value: number) => ({ value, unit: 'natural' as const });

describe('calendar: deadlines (DESIGN.md §5)', () => {
  it('counts a working-day limit from the day after acceptance', () => {
    expect(computeDeadline(cal, { acceptedOn: '2020-09-28', limit: working(5) })).to.deep.equal({
      status: 'running', deadline: '2020-10-12', suspendedDays: 0, totalDays: 5,
    } satisfies Deadline);
    expect(deadlineOf({ acceptedOn: '2020-10-03', limit: working(0) })).to.equal('2020-10-03'); // 即办
    expect(deadlineOf({ acceptedOn: '2020-09-28', limit: working(5), extensionDays: 2 })).to.equal('2020-10-14');
  });

  it('adds the working days of each suspension, s < w ≤ r', () => {
    expect(suspendedWorkdays(cal, '2020-09-29', '2020-10-09')).to.equal(2); // 09-30, 10-09
    expect(suspendedWorkdays(cal, '2020-09-30', '2020-10-08')).to.equal(0); // only holidays were lost
    expect(suspendedWorkdays(cal, '2020-09-29', '2020-09-29')).to.equal(0);
    const input = { acceptedOn: '2020-09-28', limit: working(5) };
    expect(deadlineOf({ ...input, suspensions: [{ from: '2020-09-29', to: '2020-10-09' }] })).to.equal('2020-10-14');
    expect(deadlineOf({ ...input, suspensions: [{ from: '2020-09-30', to: '2020-10-08' }] })).to.equal('2020-10-12');
    expect(deadlineOf({ ...input, suspendedDays: 2 })).to.equal('2020-10-14');
    const two = [{ from: '2020-10-13', to: '2020-10-15' }, { from: '2020-09-29', to: '2020-09-30' }];
    expect(computeDeadline(cal, { ...input, suspensions: two })).to.include({ suspendedDays: 3, totalDays: 8, deadline: '2020-10-15' });
  });

  it('counts natural-day limits in calendar days and rolls forward to a working day', () => {
    // 劳动争议调解仲裁法 Art 43: 45 days; accepted 2020-08-17, day 45 is 2020-10-01, so the award is due 10-09.
    expect(deadlineOf({ acceptedOn: '2020-08-17', limit: natural(45) })).to.equal('2020-10-09');
    expect(deadlineOf({ acceptedOn: '2020-08-17', limit: natural(45), extensionDays: 15 })).to.equal('2020-10-16');
    // 10 natural days suspended (03-01 → 03-11): 2020-02-20 + 15 + 10 = 03-16, a Monday.
    const suspensions = [{ from: '2020-03-01', to: '2020-03-11' }];
    expect(computeDeadline(cal, { acceptedOn: '2020-02-20', limit: natural(15), suspensions })).to.include({ deadline: '2020-03-16', suspendedDays: 10 });
  });

  it('reports an open suspension as suspended, with no deadline and the days left', () => {
    const input = { acceptedOn: '2020-09-28', limit: working(5) };
    expect(computeDeadline(cal, { ...input, suspensions: [{ from: '2020-09-30', to: null }] })).to.deep.equal({
      status: 'suspended', deadline: null, suspendedSince: '2020-09-30', suspendedDays: 0, totalDays: 5, remainingDays: 3,
    } satisfies Deadline);
    const later = [{ from: '2020-09-29', to: '2020-10-09' }, { from: '2020-10-20', to: null }];
    expect(computeDeadline(cal, { ...input, suspensions: later })).to.include({ status: 'suspended', suspendedDays: 2, remainingDays: -4 });
  });

  it('rejects suspensions that cannot happen', () => {
    const input = { acceptedOn: '2020-09-28', limit: working(5) };
    const bad: Array<[DeadlineInput, RegExp]> = [
      [{ ...input, suspensions: [{ from: '2020-09-27', to: '2020-09-30' }] }, /before acceptance/],
      [{ ...input, suspensions: [{ from: '2020-09-29', to: '2020-10-12' }, { from: '2020-10-10', to: null }] }, /overlaps/],
      [{ ...input, suspensions: [{ from: '2020-09-29', to: null }, { from: '2020-10-10', to: '2020-10-12' }] }, /open but a later/],
      [{ ...input, suspensions: [{ from: '2020-10-12', to: '2020-10-09' }] }, /resumes .* before it starts/],
      [{ ...input, suspensions: [], suspendedDays: 1 }, /not both/],
      [{ ...input, extensionDays: -1 }, /extensionDays/],
      [{ ...input, limit: working(2.5) }, /limit.value/],
    ];
    for (const [i, pattern] of bad) {
      const err = catchError(() => computeDeadline(cal, i));
      expect(err, JSON.stringify(i)).to.be.instanceOf(RangeError);
      expect((err as Error).message).to.match(pattern);
    }
  });

  it('counts into a provisional year on the statutory rule, and fails closed beyond it', () => {
    // 2027 has no notice yet: weekends, 元旦 on Friday 1 January, nothing else before 19 January.
    const provisional = computeDeadline(cal, { acceptedOn: '2026-12-15', limit: working(20) });
    expect(provisional).to.deep.include({ status: 'running', deadline: '2027-01-13' });
    expect(cal.isProvisional('2027-01-13')).to.equal(true);
    expect(cal.isProvisional('2026-12-31')).to.equal(false);
    const err = catchError(() => computeDeadline(cal, { acceptedOn: '2028-12-15', limit: working(20) }));
    expect(err).to.be.instanceOf(CalendarCoverageError);
    expect((err as CalendarCoverageError).year).to.equal(2029);
    expect((err as Error).message).to.contain('official State Council notices for 2019–2026').and.contain('2027–2028 provisionally');
  });
});

describe('calendar: deadline properties', () => {
  const accepted = fc.integer({ min: toDayNumber('2019-01-01'), max: toDayNumber('2025-10-31') });
  const limit = fc.record({ value: fc.integer({ min: 0, max: 60 }), unit: fc.constantFrom('working' as const, 'natural' as const) });
  const suspension = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 40 }));
  const check = <Ts extends unknown[]>(p: fc.IProperty<Ts>): void => fc.assert(p, { numRuns: 300 });

  it('a suspension never shortens a deadline; an extension never shortens it', () => {
    check(
      fc.property(accepted, limit, suspension, fc.integer({ min: 0, max: 15 }), (a, l, [start, length], ext) => {
        const acceptedOn = fromDayNumber(a);
        const suspensions = [{ from: fromDayNumber(a + start), to: fromDayNumber(a + start + length) }];
        const plain = deadlineOf({ acceptedOn, limit: l });
        expect(deadlineOf({ acceptedOn, limit: l, suspensions }) >= plain).to.equal(true);
        expect(deadlineOf({ acceptedOn, limit: l, extensionDays: ext }) >= plain).to.equal(true);
      }),
    );
  });

  it('a working-day deadline D satisfies elapsed(accept, D) = limit + S + extension', () => {
    check(
      fc.property(accepted, fc.integer({ min: 0, max: 60 }), suspension, fc.integer({ min: 0, max: 15 }), (a, value, [start, length], ext) => {
        const acceptedOn = fromDayNumber(a);
        const s = { from: fromDayNumber(a + start), to: fromDayNumber(a + start + length) };
        const d = deadlineOf({ acceptedOn, limit: working(value), suspensions: [s], extensionDays: ext });
        return cal.workdaysBetween(acceptedOn, d) === value + suspendedWorkdays(cal, s.from, s.to) + ext;
      }),
    );
  });

  it('a natural-day deadline is the first working day on or after accept + limit + S + extension', () => {
    check(
      fc.property(accepted, fc.integer({ min: 0, max: 60 }), suspension, fc.integer({ min: 0, max: 15 }), (a, value, [start, length], ext) => {
        const s = { from: fromDayNumber(a + start), to: fromDayNumber(a + start + length) };
        const d = deadlineOf({ acceptedOn: fromDayNumber(a), limit: natural(value), suspensions: [s], extensionDays: ext });
        return d === cal.rollForward(fromDayNumber(a + value + length + ext));
      }),
    );
  });
});

describe('calendar: start-up self-test', () => {
  it('passes on the shipped calendar', () => {
    expect(() => selfTestCalendar(defaultCalendar())).not.to.throw();
  });

  it('lists every check a wrong calendar fails', () => {
    const base = chineseDaysTable();
    const years = new Map(base.years);
    years.delete(2026);
    const y2020 = base.years.get(2020)!;
    years.set(2020, { holidays: new Set([...y2020.holidays].filter((d) => d !== '2020-02-01')), makeupWorkdays: new Set([...y2020.makeupWorkdays, '2020-02-01']) });
    const err = catchError(() => selfTestCalendar(createWorkCalendar({ source: { version: 'broken', years } })));
    expect(err).to.be.instanceOf(CalendarSelfTestError);
    const failures = (err as CalendarSelfTestError).failures;
    expect(failures).to.have.length(3);
    // Without its notice 2026 falls back to the statutory rule, which has no 调休: the checks of 2026 say so.
    expect(failures.join('\n')).to.contain('2020-02-01').and.contain('2026-02-14').and.contain('addWorkdays(2026-09-30, 1)');
  });
});

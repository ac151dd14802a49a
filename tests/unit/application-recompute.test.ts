import { expect } from 'chai';
import fc from 'fast-check';
import { applicationDecider, applicationEvent } from '../../services/application/index.js';
import type { ApplicationCommand, ApplicationPendingEvent, ApplicationState } from '../../services/application/index.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import type { ServiceItem } from '../../services/catalog/item-schema.js';
import { fromDayNumber, toDayNumber } from '../../services/calendar/local-date.js';
import { DomainError } from '../../services/decider.js';
import type { CommandContext } from '../../services/decider.js';
import { deciderSpec } from '../support/decider-spec.js';
import { approved, catalog, clerk, closed, submitted } from '../support/application-fixtures.js';
import { preExtensionCalendar } from '../support/calendar-revisions.js';
import { LICENCE, NATURAL } from '../support/test-catalog.js';

// January 2020: the bureau counted on the original Spring Festival notice (1/31 and Saturday 2/1 worked);
// then 国办发明电〔2020〕1号 made both days off. The history below was decided on the old calendar; the
// recomputation runs on the revised one.

const before = preExtensionCalendar();
const revised = defaultCalendar();
const OLD = before.version;
const NEW = revised.version;
const ON = '2020-02-03';

const { given } = deciderSpec(applicationDecider, { catalog, calendar: revised }, { ...clerk, today: ON });
const recompute = { type: 'recomputeDeadlines' } as const;

const accepted = (acceptedOn: string, committedDeadline: string, statutoryDeadline: string, item = LICENCE) =>
  applicationEvent('ApplicationAccepted', {
    committedDeadline,
    statutoryDeadline,
    calendarVersion: OLD,
    acceptedOn,
    committedLimit: item.committedLimit,
    statutoryLimit: item.statutoryLimit,
  });
const suspended = (on: string) => applicationEvent('ClockSuspended', { reason: 'expert-review', legalBasis: '《行政许可法》第四十五条', suspendedOn: on });
const resumed = (on: string, committedDeadline: string, statutoryDeadline: string, suspendedWorkdays: number) =>
  applicationEvent('ClockResumed', { committedDeadline, statutoryDeadline, calendarVersion: OLD, resumedOn: on, suspendedWorkdays });
const recomputed = (committedDeadline: string, statutoryDeadline: string | null) =>
  applicationEvent('DeadlineRecomputed', { committedDeadline, statutoryDeadline, calendarVersion: NEW, recomputedOn: ON });

/** T-LIC (10 committed, 20 statutory working days) submitted and accepted on Monday 1/20: old 2/7 and 2/21. */
const acceptedJan20 = [submitted(LICENCE, '2020-01-20'), accepted('2020-01-20', '2020-02-07', '2020-02-21')];

describe('application clock: recomputed deadlines after a calendar revision', () => {
  it('moves both deadlines of a running clock by the working days the revision took away', () => {
    // Old: 1/21–1/23, 1/31, 2/1, 2/3–2/7 → 2/7. Revised: 1/21–1/23, 2/3–2/7, 2/10, 2/11 → 2/11; statutory 2/21 → 2/25.
    given(acceptedJan20).when(recompute).then([recomputed('2020-02-11', '2020-02-25')]);
  });

  it('recounts a completed suspension on the revised calendar, from its dates', () => {
    // Suspended Thu 1/23, resumed Fri 1/31: the old calendar kept 1 working day (1/31) off the clock → 2/10, 2/24.
    // Revised, 1/31 is a holiday: 0 days suspended → 2/11, 2/25. (The old count of 1 kept would give 2/12.)
    const history = [...acceptedJan20, suspended('2020-01-23'), resumed('2020-01-31', '2020-02-10', '2020-02-24', 1)];
    given(history).when(recompute).then([recomputed('2020-02-11', '2020-02-25')]);
  });

  it('changes nothing when a suspension spanned every revised day: those days were off the clock either way', () => {
    // Suspended 1/22 → 2/4: old 5 working days (1/23, 1/31, 2/1, 2/3, 2/4), revised 3; 10 + 5 old and 10 + 3 revised both end on 2/14.
    const history = [...acceptedJan20, suspended('2020-01-22'), resumed('2020-02-04', '2020-02-14', '2020-02-28', 5)];
    given(history).when(recompute).then([]);
  });

  it('keeps granted extension days in the count', () => {
    const extended = applicationEvent('ExtensionGranted', {
      committedDeadline: '2020-02-14',
      statutoryDeadline: '2020-02-28',
      calendarVersion: OLD,
      days: 5,
      approver: '局长 director Wang',
      reason: '需实地核查 site check needed',
      grantedOn: '2020-01-22',
    });
    // 15 and 25 working days from 1/20 on the revised calendar.
    given([...acceptedJan20, extended]).when(recompute).then([recomputed('2020-02-18', '2020-03-03')]);
  });

  it('recomputes while the clock is suspended, on the completed suspensions only; the resumption then counts on the revised calendar', () => {
    const history = [...acceptedJan20, suspended('2020-01-22')];
    const outcome = given(history).when(recompute);
    outcome.then([recomputed('2020-02-11', '2020-02-25')]);
    // Resumed 2/4: 2/3 and 2/4 off the clock (1/23 too): 3 days → 13 and 23 working days from 1/20.
    given([...history, ...outcome.events()])
      .when({ type: 'resumeClock' }, { today: '2020-02-04' })
      .then([applicationEvent('ClockResumed', { committedDeadline: '2020-02-14', statutoryDeadline: '2020-02-28', calendarVersion: NEW, resumedOn: '2020-02-04', suspendedWorkdays: 3 })]);
  });

  it('rolls a natural-day deadline forward off a day the revision made a holiday', () => {
    // T-NAT accepted 1/2: 30 calendar days is Saturday 2/1, a make-up working day before and a holiday now → Monday 2/3.
    given([submitted(NATURAL, '2020-01-02'), accepted('2020-01-02', '2020-02-01', '2020-02-17', NATURAL)])
      .when(recompute)
      .then([recomputed('2020-02-03', '2020-02-17')]);
  });

  it('emits nothing for a case the revision does not touch', () => {
    given([submitted(LICENCE, '2020-09-28'), accepted('2020-09-28', '2020-10-19', '2020-11-02')]).when(recompute).then([]);
  });

  it('is refused before acceptance, after the decision and once closed, naming the state', () => {
    given([]).when(recompute).then({ refused: 'INVALID_TRANSITION', state: 'none' });
    given([submitted(LICENCE, '2020-01-20')]).when(recompute).then({ refused: 'INVALID_TRANSITION', state: 'submitted' });
    const noticed = applicationEvent('SupplementRequested', { requestId: 'S1', missing: [{ code: 'contract', reason: 'unsigned' }], requestedOn: '2020-01-21' });
    given([submitted(LICENCE, '2020-01-20'), noticed]).when(recompute).then({ refused: 'INVALID_TRANSITION', state: 'supplement-requested' });
    given([...acceptedJan20, approved('2020-01-23')]).when(recompute).then({ refused: 'INVALID_TRANSITION', state: 'decided' });
    const withdrawn = [applicationEvent('ApplicationWithdrawn', { reason: 'moved away', withdrawnOn: '2020-01-22' }), closed('withdrawn', '2020-01-22')];
    given([...acceptedJan20, ...withdrawn]).when(recompute).then({ refused: 'INVALID_TRANSITION', state: 'closed' });
  });
});

// The same clerk actions decided on two calendars: recomputing the old history on the new calendar gives the
// deadlines the new calendar would have given all along, and on an unchanged calendar it gives nothing.
describe('application clock: recomputation agrees with resumption and extension', () => {
  const day = (d: string, k: number) => fromDayNumber(toDayNumber(d) + k);
  const step = fc.record({ gap: fc.integer({ min: 0, max: 9 }), extend: fc.integer({ min: 0, max: 3 }) });
  type Story = { item: ServiceItem; acceptedOn: string; steps: { gap: number; extend: number }[] };
  const story: fc.Arbitrary<Story> = fc.record({
    item: fc.constantFrom(LICENCE, NATURAL),
    acceptedOn: fc.integer({ min: 0, max: 40 }).map((k) => day('2020-01-02', k)),
    steps: fc.array(step, { maxLength: 6 }),
  });

  /** Runs submit, accept, then alternating suspend/resume (and extensions between) on `calendar`; null if any is refused. */
  function play(calendar: WorkCalendar, s: Story) {
    const deps = { catalog, calendar };
    let state: ApplicationState = applicationDecider.initialState;
    const events: ApplicationPendingEvent[] = [];
    const run = (command: ApplicationCommand, today: string): void => {
      const ctx: CommandContext = { ...clerk, today };
      for (const e of applicationDecider.decide(command, state, ctx, deps)) {
        events.push(e);
        state = applicationDecider.evolve(state, e);
      }
    };
    try {
      run({ type: 'submitApplication', applicationId: '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b9c0a11', itemCode: s.item.code, applicant: { id: 'p', kind: 'individual', name: '张三' }, form: {}, materials: submitted(s.item).data.materials, delivery: { mode: 'pickup' } }, s.acceptedOn);
      run({ type: 'acceptApplication' }, s.acceptedOn);
      let today = s.acceptedOn;
      for (const st of s.steps) {
        today = day(today, st.gap);
        if (st.extend > 0 && state.status === 'accepted') run({ type: 'grantExtension', days: st.extend, approver: 'a', reason: 'r' }, today);
        else if (state.status === 'accepted') run({ type: 'suspendClock', reason: 'hearing', legalBasis: 'b' }, today);
        else run({ type: 'resumeClock' }, today);
      }
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
    return { state, events };
  }

  const recomputeOn = (calendar: WorkCalendar, state: ApplicationState) =>
    applicationDecider.decide({ type: 'recomputeDeadlines' }, state, { ...clerk, today: ON }, { catalog, calendar });

  it('on an unchanged calendar it emits nothing, whatever the suspensions and extensions', () => {
    fc.assert(
      fc.property(story, (s) => {
        const played = play(revised, s);
        if (played) expect(recomputeOn(revised, played.state)).to.deep.equal([]);
      }),
      { numRuns: 300 },
    );
  });

  it('on a revised calendar it lands where the revised calendar would have put the deadlines from the start', () => {
    fc.assert(
      fc.property(story, (s) => {
        const old = play(before, s);
        const fresh = play(revised, s);
        if (!old || !fresh) return;
        const [event] = recomputeOn(revised, old.state);
        const landed = event ? applicationDecider.evolve(old.state, event).deadlines : old.state.deadlines;
        expect({ ...landed, calendarVersion: null }).to.deep.equal({ ...fresh.state.deadlines, calendarVersion: null });
      }),
      { numRuns: 300 },
    );
  });
});

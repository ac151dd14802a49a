import { expect } from 'chai';
import { applicationEvent } from '../../services/application/index.js';
import { MONDAY, accepted, acceptedMonday, application, calendar, submitted } from '../support/application-fixtures.js';
import { NATURAL, NO_EXTENSION } from '../support/test-catalog.js';

const { given } = application;

const suspendedOn = (on: string) =>
  applicationEvent('ClockSuspended', { reason: 'expert-review', legalBasis: '《行政许可法》第四十五条', suspendedOn: on });
const suspend = { type: 'suspendClock', reason: 'expert-review', legalBasis: '《行政许可法》第四十五条' } as const;
const extend = (days: number) => ({ type: 'grantExtension', days, approver: '局长 director Wang', reason: '需实地核查 site check needed' }) as const;

describe('application clock: 中止 suspension and resumption', () => {
  it('suspends a running clock with its reason and legal basis', () => {
    given([submitted(), acceptedMonday]).when(suspend, { today: '2020-10-12' }).then([suspendedOn('2020-10-12')]);
  });

  it('refuses to suspend before acceptance or twice', () => {
    given([submitted()]).when(suspend).then({ refused: 'INVALID_TRANSITION', state: 'submitted' });
    given([submitted(), acceptedMonday, suspendedOn('2020-10-12')]).when(suspend).then({ refused: 'INVALID_TRANSITION', state: 'suspended' });
  });

  it('adds the suspended working days to both deadlines on resumption', () => {
    // Suspended 10/12 (Mon), resumed 10/16 (Fri): 10/13–10/16 are 4 working days; 10 + 4 → 10/23, 20 + 4 → 11/6.
    given([submitted(), acceptedMonday, suspendedOn('2020-10-12')])
      .when({ type: 'resumeClock' }, { today: '2020-10-16' })
      .then([
        applicationEvent('ClockResumed', {
          committedDeadline: '2020-10-23',
          statutoryDeadline: '2020-11-06',
          calendarVersion: calendar.version,
          resumedOn: '2020-10-16',
          suspendedWorkdays: 4,
        }),
      ]);
  });

  it('adds up successive suspensions', () => {
    const firstRound = [
      submitted(),
      acceptedMonday,
      suspendedOn('2020-10-12'),
      applicationEvent('ClockResumed', { committedDeadline: '2020-10-23', statutoryDeadline: '2020-11-06', calendarVersion: calendar.version, resumedOn: '2020-10-16', suspendedWorkdays: 4 }),
    ];
    // 10/19 → 10/20: one more working day; 10 + 5 → 10/26.
    given([...firstRound, suspendedOn('2020-10-19')])
      .when({ type: 'resumeClock' }, { today: '2020-10-20' })
      .then([applicationEvent('ClockResumed', { committedDeadline: '2020-10-26', statutoryDeadline: '2020-11-09', calendarVersion: calendar.version, resumedOn: '2020-10-20', suspendedWorkdays: 1 })]);
  });

  it('counts a natural-day item\'s suspension in calendar days', () => {
    // Accepted 9/28 (30 → 10/28, 45 → 11/12); suspended 10/12 → 10/16 is 4 calendar days: 34 → 11/1 (Sunday) → 11/2; 49 → 11/16.
    given([submitted(NATURAL), accepted(MONDAY, '2020-10-28', '2020-11-12', NATURAL), suspendedOn('2020-10-12')])
      .when({ type: 'resumeClock' }, { today: '2020-10-16' })
      .then([
        applicationEvent('ClockResumed', {
          committedDeadline: '2020-11-02',
          statutoryDeadline: '2020-11-16',
          calendarVersion: calendar.version,
          resumedOn: '2020-10-16',
          suspendedWorkdays: 4,
        }),
      ]);
  });

  it('refuses to resume a clock that runs', () => {
    given([submitted(), acceptedMonday]).when({ type: 'resumeClock' }).then({ refused: 'INVALID_TRANSITION', state: 'accepted' });
  });

  it('refuses a decision while the clock is suspended', () => {
    given([submitted(), acceptedMonday, suspendedOn('2020-10-12')])
      .when({ type: 'decideApplication', outcome: 'approved', legalBasis: 'x' })
      .then({ refused: 'INVALID_TRANSITION', state: 'suspended' });
  });
});

describe('application clock: 延期 extension', () => {
  it('extends both deadlines by the days granted', () => {
    given([submitted(), acceptedMonday])
      .when(extend(10), { today: '2020-10-15' })
      .then([
        applicationEvent('ExtensionGranted', {
          committedDeadline: '2020-11-02',
          statutoryDeadline: '2020-11-16',
          calendarVersion: calendar.version,
          days: 10,
          approver: '局长 director Wang',
          reason: '需实地核查 site check needed',
          grantedOn: '2020-10-15',
        }),
      ]);
  });

  it('grants an extension on the deadline day itself', () => {
    given([submitted(), acceptedMonday]).when(extend(5), { today: '2020-10-19' }).then([
      applicationEvent('ExtensionGranted', {
        committedDeadline: '2020-10-26',
        statutoryDeadline: '2020-11-09',
        calendarVersion: calendar.version,
        days: 5,
        approver: '局长 director Wang',
        reason: '需实地核查 site check needed',
        grantedOn: '2020-10-19',
      }),
    ]);
  });

  it('refuses an extension after the deadline: it does not save the case', () => {
    given([submitted(), acceptedMonday]).when(extend(5), { today: '2020-10-20' }).then({ refused: 'DEADLINE_PASSED' });
  });

  it('refuses an extension for an item that allows none', () => {
    given([submitted(NO_EXTENSION), accepted(MONDAY, '2020-10-19', '2020-11-02', NO_EXTENSION)])
      .when(extend(1))
      .then({ refused: 'EXTENSION_NOT_ALLOWED' });
  });

  it('refuses more days than the item allows, counting those granted before', () => {
    given([submitted(), acceptedMonday]).when(extend(11)).then({ refused: 'EXTENSION_TOO_LONG' });
    const granted = applicationEvent('ExtensionGranted', {
      committedDeadline: '2020-10-26', statutoryDeadline: '2020-11-09', calendarVersion: calendar.version,
      days: 5, approver: 'x', reason: 'y', grantedOn: '2020-10-12',
    });
    given([submitted(), acceptedMonday, granted]).when(extend(6)).then({ refused: 'EXTENSION_TOO_LONG' });
    const [allowed] = given([submitted(), acceptedMonday, granted]).when(extend(5)).events();
    expect(allowed?.data).to.include({ days: 5, committedDeadline: '2020-11-02', statutoryDeadline: '2020-11-16' });
  });

  it('refuses zero or fractional days, an extension before acceptance and one while suspended', () => {
    given([submitted(), acceptedMonday]).when(extend(0)).then({ refused: 'INVALID_EXTENSION' });
    given([submitted(), acceptedMonday]).when(extend(1.5)).then({ refused: 'INVALID_EXTENSION' });
    given([submitted()]).when(extend(1)).then({ refused: 'INVALID_TRANSITION', state: 'submitted' });
    given([submitted(), acceptedMonday, suspendedOn('2020-10-12')]).when(extend(1)).then({ refused: 'INVALID_TRANSITION', state: 'suspended' });
  });
});

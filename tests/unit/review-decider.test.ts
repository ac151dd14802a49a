import { expect } from 'chai';
import { defaultCalendar } from '../../services/calendar/default-calendar.js';
import type { CommandContext } from '../../services/decider.js';
import { DEFAULT_REVIEW_DUE_WORKDAYS, reviewDecider, reviewEvent } from '../../services/review/index.js';
import type { OpenReviewTicket } from '../../services/review/index.js';
import { deciderSpec } from '../support/decider-spec.js';

const TICKET = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const APPLICATION = '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b9c0a11';
const RATED_ON = '2020-10-20';
const section: CommandContext = { actor: { role: 'clerk', id: 'clerk-chen' }, channel: 'window', today: RATED_ON };
const calendar = defaultCalendar();
const review = deciderSpec(reviewDecider, { calendar, dueWorkdays: DEFAULT_REVIEW_DUE_WORKDAYS }, section);
const { given } = review;

const openTicket = (overrides: Partial<OpenReviewTicket> = {}): OpenReviewTicket => ({
  type: 'openReviewTicket',
  ticketId: TICKET,
  applicationId: APPLICATION,
  itemCode: 'T-LIC',
  department: 'T-DEPT',
  level: 1,
  tags: ['无理由超过法定办理时间'],
  openedOn: RATED_ON,
  ...overrides,
});

// Rated 10/20 (Tue): 15 working days → 11/10.
const opened = reviewEvent('ReviewTicketOpened', {
  ticketId: TICKET,
  applicationId: APPLICATION,
  itemCode: 'T-LIC',
  department: 'T-DEPT',
  level: 1,
  tags: ['无理由超过法定办理时间'],
  openedOn: RATED_ON,
  dueOn: '2020-11-10',
  dueWorkdays: 15,
});
const called = reviewEvent('ReviewCallbackMade', { note: '已电话回访 called back', calledOn: '2020-10-21' });
const appealed = reviewEvent('ReviewAppealFiled', { reason: '评价对象错误 wrong unit rated', filedOn: '2020-10-22' });

describe('review ticket: 差评工单 opening', () => {
  it('opens for a 1–2 star rating, due in 15 working days by default', () => {
    given([]).when(openTicket()).then([opened]);
  });

  it('takes the configured due period, or one given for the ticket', () => {
    const dezhou = deciderSpec(reviewDecider, { calendar, dueWorkdays: 5 }, section);
    const [fast] = dezhou.given([]).when(openTicket({ level: 2 })).events();
    expect(fast?.data).to.include({ dueOn: '2020-10-27', dueWorkdays: 5, level: 2 });
    const [own] = given([]).when(openTicket({ dueWorkdays: 5 })).events();
    expect(own?.data).to.include({ dueOn: '2020-10-27', dueWorkdays: 5 });
  });

  it('refuses a rating of 3 stars or more, a due period under one day, and a second opening', () => {
    given([]).when(openTicket({ level: 3 })).then({ refused: 'NOT_A_BAD_RATING', state: 'none' });
    given([]).when(openTicket({ dueWorkdays: 0 })).then({ refused: 'INVALID_DUE_PERIOD' });
    given([opened]).when(openTicket()).then({ refused: 'ALREADY_OPENED', state: 'open' });
  });
});

describe('review ticket: 回访 callback, 整改 rectification, 解释 explanation', () => {
  it('records callbacks while the ticket is open or resolved, not before it opens', () => {
    given([opened]).when({ type: 'recordCallback', note: '已电话回访 called back' }, { today: '2020-10-21' }).then([called]);
    given([]).when({ type: 'recordCallback', note: 'x' }).then({ refused: 'INVALID_TRANSITION', state: 'none' });
  });

  it('resolves on time up to the due day (counting working days on the calendar)', () => {
    given([opened, called])
      .when({ type: 'resolveReview', resolution: 'rectified', note: '已优化流程' }, { today: '2020-11-10' })
      .then([reviewEvent('ReviewResolved', { resolution: 'rectified', note: '已优化流程', resolvedOn: '2020-11-10', onTime: true })]);
  });

  it('marks a resolution after the due day as late', () => {
    given([opened, called])
      .when({ type: 'resolveReview', resolution: 'explained', note: '系法定时限内办结' }, { today: '2020-11-11' })
      .then([reviewEvent('ReviewResolved', { resolution: 'explained', note: '系法定时限内办结', resolvedOn: '2020-11-11', onTime: false })]);
  });

  it('refuses a resolution before the applicant was called back, twice, or while an appeal waits', () => {
    const resolve = { type: 'resolveReview', resolution: 'rectified', note: 'x' } as const;
    given([opened]).when(resolve).then({ refused: 'CALLBACK_REQUIRED' });
    const resolved = reviewEvent('ReviewResolved', { resolution: 'rectified', note: 'x', resolvedOn: '2020-10-23', onTime: true });
    given([opened, called, resolved]).when(resolve).then({ refused: 'INVALID_TRANSITION', state: 'resolved' });
    given([opened, called, appealed]).when(resolve).then({ refused: 'APPEAL_PENDING' });
    expect(given([opened, called, resolved]).when({ type: 'recordCallback', note: '整改后回访' }).events()).to.have.length(1);
  });
});

describe('review ticket: 申诉复核 appeal', () => {
  it('files one appeal while the ticket is open', () => {
    given([opened]).when({ type: 'fileAppeal', reason: '评价对象错误 wrong unit rated' }, { today: '2020-10-22' }).then([appealed]);
    given([opened, appealed]).when({ type: 'fileAppeal', reason: 'x' }).then({ refused: 'APPEAL_ALREADY_FILED' });
    const resolved = reviewEvent('ReviewResolved', { resolution: 'explained', note: 'x', resolvedOn: '2020-10-23', onTime: true });
    given([opened, called, resolved]).when({ type: 'fileAppeal', reason: 'x' }).then({ refused: 'INVALID_TRANSITION', state: 'resolved' });
  });

  it('voids the ticket when the appeal is upheld', () => {
    const upheld = reviewEvent('ReviewAppealDecided', { upheld: true, note: '属误评', decidedOn: '2020-10-26' });
    given([opened, appealed]).when({ type: 'decideAppeal', upheld: true, note: '属误评' }, { today: '2020-10-26' }).then([upheld]);
    expect(review.fold([opened, appealed, upheld]).status).to.equal('void');
    given([opened, appealed, upheld]).when({ type: 'recordCallback', note: 'x' }).then({ refused: 'INVALID_TRANSITION', state: 'void' });
  });

  it('keeps the ticket open to be resolved when the appeal is rejected, and refuses a second appeal', () => {
    const rejected = reviewEvent('ReviewAppealDecided', { upheld: false, note: '评价有效', decidedOn: '2020-10-26' });
    const after = [opened, appealed, rejected, called];
    expect(given(after).when({ type: 'resolveReview', resolution: 'rectified', note: 'x' }).events()[0]?.type).to.equal('ReviewResolved');
    given(after).when({ type: 'fileAppeal', reason: 'again' }).then({ refused: 'APPEAL_ALREADY_FILED' });
  });

  it('refuses to decide an appeal nobody filed', () => {
    given([opened]).when({ type: 'decideAppeal', upheld: true, note: 'x' }).then({ refused: 'NO_APPEAL_PENDING' });
  });
});

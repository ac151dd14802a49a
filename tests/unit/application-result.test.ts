import { expect } from 'chai';
import { applicationEvent } from '../../services/application/index.js';
import {
  MONDAY,
  accepted,
  acceptedMonday,
  applicantCtx,
  application,
  approved,
  closed,
  deliveredHistory,
  dispatchedByExpress,
  issued,
  submitted,
} from '../support/application-fixtures.js';
import { NO_EXTENSION } from '../support/test-catalog.js';

const { given, fold } = application;
const BASIS = '《行政许可法》第三十八条';
const running = [submitted(), acceptedMonday];
const decidedHistory = [...running, approved('2020-10-12')];
const rate = (level: number, indicators: Record<string, number> = { 整体满意度: level }) =>
  ({ type: 'rateApplication', level, indicators, tags: level <= 2 ? ['办事效率低'] : [] }) as const;

describe('application decision: 办结', () => {
  it('approves by staff', () => {
    given(running).when({ type: 'decideApplication', outcome: 'approved', legalBasis: BASIS }, { today: '2020-10-12' }).then([approved('2020-10-12')]);
  });

  it('records a decision by rule when the rule engine decides, with the rule id', () => {
    given(running)
      .when({ type: 'decideApplication', outcome: 'approved', legalBasis: BASIS, ruleId: 'R-9' }, { actor: { role: 'rule-engine', id: 'rules' }, channel: 'system' })
      .then([applicationEvent('DecisionMade', { outcome: 'approved', decidedBy: 'rule', legalBasis: BASIS, ruleId: 'R-9', decidedOn: MONDAY })]);
  });

  it('notifies a denial with its reason and closes the application with it', () => {
    given(running)
      .when({ type: 'decideApplication', outcome: 'denied', legalBasis: BASIS, reason: '不符合法定条件' }, { today: '2020-10-14' })
      .then([
        applicationEvent('DecisionMade', { outcome: 'denied', decidedBy: 'staff', legalBasis: BASIS, reason: '不符合法定条件', decidedOn: '2020-10-14' }),
        closed('denied', '2020-10-14'),
      ]);
  });

  it('refuses a denial without a reason', () => {
    given(running).when({ type: 'decideApplication', outcome: 'denied', legalBasis: BASIS }).then({ refused: 'REASON_REQUIRED' });
  });

  it('refuses a decision before acceptance and a second decision', () => {
    given([submitted()]).when({ type: 'decideApplication', outcome: 'approved', legalBasis: BASIS }).then({ refused: 'INVALID_TRANSITION', state: 'submitted' });
    given(decidedHistory).when({ type: 'decideApplication', outcome: 'denied', legalBasis: BASIS, reason: 'x' }).then({ refused: 'INVALID_TRANSITION', state: 'decided' });
    given([...running, approved('2020-10-12'), issued('2020-10-12')])
      .when({ type: 'decideApplication', outcome: 'approved', legalBasis: BASIS })
      .then({ refused: 'INVALID_TRANSITION', state: 'issued' });
  });
});

describe('application result: issue, dispatch, receipt', () => {
  it('issues the result of an approval', () => {
    given(decidedHistory).when({ type: 'issueResult', documentType: 'certificate', documentNo: 'XK-2020-001' }, { today: '2020-10-12' }).then([issued('2020-10-12')]);
  });

  it('issues nothing before a decision or after a denial', () => {
    const issue = { type: 'issueResult', documentType: 'certificate', documentNo: 'X' } as const;
    given(running).when(issue).then({ refused: 'INVALID_TRANSITION', state: 'accepted' });
    const denied = [
      ...running,
      applicationEvent('DecisionMade', { outcome: 'denied', decidedBy: 'staff', legalBasis: BASIS, reason: 'x', decidedOn: MONDAY }),
      closed('denied', MONDAY),
    ];
    given(denied).when(issue).then({ refused: 'INVALID_TRANSITION', state: 'closed' });
  });

  it('dispatches by free express with carrier and waybill, electronically, or for window pickup', () => {
    const inHand = [...decidedHistory, issued('2020-10-12')];
    given(inHand).when({ type: 'dispatchResult', mode: 'express', carrier: 'EMS', waybillNo: 'EMS123' }, { today: '2020-10-13' }).then([dispatchedByExpress('2020-10-13')]);
    given(inHand).when({ type: 'dispatchResult', mode: 'electronic' }).then([applicationEvent('ResultDispatched', { mode: 'electronic', dispatchedOn: MONDAY })]);
    given(inHand).when({ type: 'dispatchResult', mode: 'pickup' }).then([applicationEvent('ResultDispatched', { mode: 'pickup', dispatchedOn: MONDAY })]);
  });

  it('refuses express without a waybill, express for an item without it, and a dispatch before issue', () => {
    const inHand = [...decidedHistory, issued('2020-10-12')];
    given(inHand).when({ type: 'dispatchResult', mode: 'express', carrier: 'EMS' }).then({ refused: 'WAYBILL_REQUIRED' });
    const windowItem = [
      submitted(NO_EXTENSION, MONDAY, { delivery: { mode: 'pickup' } }),
      accepted(MONDAY, '2020-10-19', '2020-11-02', NO_EXTENSION),
      approved('2020-10-12'),
      issued('2020-10-12'),
    ];
    given(windowItem).when({ type: 'dispatchResult', mode: 'express', carrier: 'EMS', waybillNo: 'E1' }).then({ refused: 'EXPRESS_NOT_SUPPORTED' });
    given(decidedHistory).when({ type: 'dispatchResult', mode: 'pickup' }).then({ refused: 'INVALID_TRANSITION', state: 'decided' });
  });

  it('closes an approved application when the applicant has the result', () => {
    given([...decidedHistory, issued('2020-10-12'), dispatchedByExpress('2020-10-13')])
      .when({ type: 'recordReceipt' }, { today: '2020-10-14' })
      .then([applicationEvent('ResultReceived', { receivedOn: '2020-10-14' }), closed('approved', '2020-10-14')]);
  });

  it('refuses a receipt before dispatch and a second receipt', () => {
    given([...decidedHistory, issued('2020-10-12')]).when({ type: 'recordReceipt' }).then({ refused: 'INVALID_TRANSITION', state: 'issued' });
    given(deliveredHistory).when({ type: 'recordReceipt' }).then({ refused: 'INVALID_TRANSITION', state: 'closed' });
  });

  it('folds the whole path into a closed, approved application', () => {
    const state = fold(deliveredHistory);
    expect(state).to.include({ status: 'closed', visits: 0 });
    expect(state.closure).to.deep.equal({ outcome: 'approved', closedOn: '2020-10-14' });
    expect(state.dispatch).to.deep.equal({ mode: 'express', dispatchedOn: '2020-10-13' });
  });
});

describe('application: visits, withdrawal', () => {
  it('records a visit at any point, even after closing', () => {
    const visit = { type: 'recordVisit', hall: '禅城区行政服务中心', purpose: 'paper-materials' } as const;
    const recorded = applicationEvent('VisitRecorded', { hall: '禅城区行政服务中心', purpose: 'paper-materials', visitedOn: MONDAY });
    for (const history of [[submitted()], running, decidedHistory, deliveredHistory]) given(history).when(visit).then([recorded]);
    given([]).when(visit).then({ refused: 'INVALID_TRANSITION', state: 'none' });
    expect(fold([submitted(), recorded, recorded]).visits).to.equal(2);
  });

  it('lets the applicant withdraw before a decision, which closes the application', () => {
    const withdraw = { type: 'withdrawApplication', reason: '已在外地办理' } as const;
    const expected = [applicationEvent('ApplicationWithdrawn', { reason: '已在外地办理', withdrawnOn: MONDAY }), closed('withdrawn', MONDAY)];
    const suspended = applicationEvent('ClockSuspended', { reason: 'hearing', legalBasis: '第四十五条', suspendedOn: MONDAY });
    const requested = applicationEvent('SupplementRequested', { requestId: 'S1', missing: [{ code: 'form', reason: 'x' }], requestedOn: MONDAY });
    for (const history of [[submitted()], [submitted(), requested], running, [...running, suspended]]) {
      given(history).when(withdraw, applicantCtx).then(expected);
    }
  });

  it('refuses a withdrawal after the decision', () => {
    given(decidedHistory).when({ type: 'withdrawApplication', reason: 'x' }).then({ refused: 'INVALID_TRANSITION', state: 'decided' });
    given(deliveredHistory).when({ type: 'withdrawApplication', reason: 'x' }).then({ refused: 'INVALID_TRANSITION', state: 'closed' });
  });
});

describe('application: 好差评 rating', () => {
  it('takes one rating with indicators and tags once the application is concluded', () => {
    given(deliveredHistory)
      .when({ type: 'rateApplication', level: 2, indicators: { 整体满意度: 2, 办事效率: 1 }, tags: ['无理由超过法定办理时间'], comment: '等太久' }, applicantCtx)
      .then([
        applicationEvent('ApplicationRated', { level: 2, indicators: { 整体满意度: 2, 办事效率: 1 }, tags: ['无理由超过法定办理时间'], comment: '等太久', ratedOn: MONDAY }),
      ]);
  });

  it('counts a decision, a refused intake and a withdrawal as concluded', () => {
    const refused = [submitted(), applicationEvent('IntakeRefused', { reason: 'x', refusedOn: MONDAY }), closed('refused', MONDAY)];
    const withdrawn = [submitted(), applicationEvent('ApplicationWithdrawn', { reason: 'x', withdrawnOn: MONDAY }), closed('withdrawn', MONDAY)];
    for (const history of [decidedHistory, refused, withdrawn]) expect(given(history).when(rate(5)).events()).to.have.length(1);
  });

  it('refuses a rating before conclusion and a second rating', () => {
    given(running).when(rate(5)).then({ refused: 'NOT_CONCLUDED', state: 'accepted' });
    given([]).when(rate(5)).then({ refused: 'NOT_CONCLUDED', state: 'none' });
    const rated = applicationEvent('ApplicationRated', { level: 4, indicators: {}, tags: [], ratedOn: MONDAY });
    given([...deliveredHistory, rated]).when(rate(1)).then({ refused: 'ALREADY_RATED' });
  });

  it('refuses levels and indicators outside 1–5 stars', () => {
    for (const level of [0, 6, 2.5]) given(deliveredHistory).when(rate(level, {})).then({ refused: 'INVALID_RATING' });
    given(deliveredHistory).when(rate(4, { 服务态度: 7 })).then({ refused: 'INVALID_RATING' });
  });
});

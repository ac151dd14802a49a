import { expect } from 'chai';
import { applicationEvent, evaluateInstantApproval } from '../../services/application/index.js';
import type { InstantApproval } from '../../services/catalog/item-schema.js';
import { APP_ID, MONDAY, accepted, applicantCtx, application, calendar, closed, submit, submitted } from '../support/application-fixtures.js';
import { INSTANT, LICENCE, ON_THE_SPOT } from '../support/test-catalog.js';

const { given } = application;

describe('application: 秒批 instant approval by rule', () => {
  const form = { name: '李四', age: 61, insurance: { years: 22 } };

  it('accepts, approves by rule and issues the e-licence in the submission itself, with no clerk', () => {
    given([])
      .when(submit(INSTANT, { form }), applicantCtx)
      .then([
        submitted(INSTANT, MONDAY, { form, channel: 'provincial-portal' }),
        accepted(MONDAY, '2020-10-09', '2020-10-19', INSTANT),
        applicationEvent('DecisionMade', { outcome: 'approved', decidedBy: 'rule', legalBasis: '《社会保险法》第十六条', ruleId: 'R-FAST-1', decidedOn: MONDAY }),
        applicationEvent('ResultIssued', { documentType: 'e-licence', documentNo: `T-FAST-20200928-${APP_ID.slice(0, 8)}`, issuedOn: MONDAY }),
      ]);
  });

  it('sends the application to the normal queue with every reason when the rule does not hold', () => {
    const young = { name: '李四', age: 59, insurance: { years: 12 } };
    given([])
      .when(submit(INSTANT, { form: young }), applicantCtx)
      .then([
        submitted(INSTANT, MONDAY, { form: young, channel: 'provincial-portal' }),
        applicationEvent('InstantApprovalDeclined', { ruleId: 'R-FAST-1', reasons: ['未满60周岁 under 60', '缴费不满15年 fewer than 15 insured years'] }),
      ]);
  });

  it('does not approve by rule when the identity was uploaded instead of pulled from e-licences', () => {
    const materials = [{ code: 'id-card', source: 'upload' as const }, { code: 'form', source: 'upload' as const }];
    const events = given([]).when(submit(INSTANT, { form, materials }), applicantCtx).events();
    expect(events.map((e) => e.type)).to.deep.equal(['ApplicationSubmitted', 'InstantApprovalDeclined']);
    expect(events[1]?.data).to.deep.include({ reasons: ['身份证未取自电子证照 identity not from e-licence'] });
  });

  it('leaves a declined application to a clerk, who accepts and decides it as usual', () => {
    const queued = given([]).when(submit(INSTANT, { form: { age: 59 } }), applicantCtx).events();
    const afterAccept = given(queued).when({ type: 'acceptApplication' }).events();
    expect(afterAccept.map((e) => e.type)).to.deep.equal(['ApplicationAccepted']);
    const decision = given([...queued, ...afterAccept]).when({ type: 'decideApplication', outcome: 'approved', legalBasis: 'x' }).events();
    expect(decision[0]?.data).to.include({ decidedBy: 'staff' });
  });

  it('never runs a rule for an item without one', () => {
    expect(given([]).when(submit(LICENCE)).events().map((e) => e.type)).to.deep.equal(['ApplicationSubmitted']);
  });
});

describe('秒批 rule conditions', () => {
  const rule = (conditions: InstantApproval['conditions']): InstantApproval => ({ ruleId: 'R', description: 'd', legalBasis: 'b', conditions });
  const field = (f: string, op: string, value: unknown) => ({ kind: 'field' as const, field: f, op: op as 'eq', value, reason: `${f} ${op}` });

  it('compares numbers and YYYY-MM-DD strings, and fails on a value of another type', () => {
    const r = rule([field('age', 'gte', 60), field('retireOn', 'lte', '2020-12-31'), field('months', 'lt', 12), field('score', 'gt', 0)]);
    expect(evaluateInstantApproval(r, { age: 60, retireOn: '2020-10-01', months: 11, score: 1 }, [])).to.deep.equal({ holds: true });
    expect(evaluateInstantApproval(r, { age: '60', retireOn: '2021-01-01', months: 12, score: 0 }, [])).to.deep.equal({
      holds: false,
      reasons: ['age gte', 'retireOn lte', 'months lt', 'score gt'],
    });
  });

  it('knows eq, ne, in and present, on nested fields', () => {
    const r = rule([field('a.kind', 'eq', 'urban'), field('b', 'ne', 'x'), field('c', 'in', [1, 2]), { kind: 'field', field: 'd', op: 'present', reason: 'd present' }]);
    expect(evaluateInstantApproval(r, { a: { kind: 'urban' }, b: 'y', c: 2, d: 'ok' }, [])).to.deep.equal({ holds: true });
    expect(evaluateInstantApproval(r, { a: 'urban', c: 3, d: '' }, [])).to.deep.equal({ holds: false, reasons: ['a.kind eq', 'b ne', 'c in', 'd present'] });
  });

  it('needs the named material to come from e-licences', () => {
    const r = rule([{ kind: 'material-from-e-licence', material: 'hukou', reason: 'no hukou' }]);
    expect(evaluateInstantApproval(r, {}, [{ code: 'hukou', source: 'e-licence' }])).to.deep.equal({ holds: true });
    expect(evaluateInstantApproval(r, {}, [{ code: 'hukou', source: 'paper' }])).to.deep.equal({ holds: false, reasons: ['no hukou'] });
  });
});

describe('application: 即来即办 on-the-spot handling', () => {
  const spot = [submitted(ON_THE_SPOT)];

  it('accepts, approves and hands over the result in one clerk action the same day', () => {
    given(spot)
      .when({ type: 'handleOnTheSpot', outcome: 'approved', legalBasis: '《社会保险法》', result: { documentType: 'document', documentNo: 'JB-1' } })
      .then([
        accepted(MONDAY, MONDAY, null, ON_THE_SPOT),
        applicationEvent('DecisionMade', { outcome: 'approved', decidedBy: 'staff', legalBasis: '《社会保险法》', decidedOn: MONDAY }),
        applicationEvent('ResultIssued', { documentType: 'document', documentNo: 'JB-1', issuedOn: MONDAY }),
      ]);
  });

  it('accepts and denies on the spot, which closes the application', () => {
    given(spot)
      .when({ type: 'handleOnTheSpot', outcome: 'denied', legalBasis: 'b', reason: '信息不符' })
      .then([
        accepted(MONDAY, MONDAY, null, ON_THE_SPOT),
        applicationEvent('DecisionMade', { outcome: 'denied', decidedBy: 'staff', legalBasis: 'b', reason: '信息不符', decidedOn: MONDAY }),
        closed('denied', MONDAY),
      ]);
  });

  it('refuses an item with a committed limit, an application already accepted, and a denial without reason', () => {
    given([submitted(LICENCE)]).when({ type: 'handleOnTheSpot', outcome: 'approved', legalBasis: 'b' }).then({ refused: 'NOT_ON_THE_SPOT_ITEM' });
    given([...spot, accepted(MONDAY, MONDAY, null, ON_THE_SPOT)])
      .when({ type: 'handleOnTheSpot', outcome: 'approved', legalBasis: 'b' })
      .then({ refused: 'INVALID_TRANSITION', state: 'accepted' });
    given(spot).when({ type: 'handleOnTheSpot', outcome: 'denied', legalBasis: 'b' }).then({ refused: 'REASON_REQUIRED' });
  });

  it('uses the calendar version in force for the deadlines', () => {
    const [acceptance] = given(spot).when({ type: 'handleOnTheSpot', outcome: 'approved', legalBasis: 'b' }).events();
    expect(acceptance?.data).to.include({ calendarVersion: calendar.version });
  });
});

import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { distribution, percentile } from '../../projections/metrics/histogram.js';
import { limitInWorkdays } from '../../projections/metrics/limits.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import { projectionHarness } from '../support/projection-harness.js';
import type { Harness } from '../support/projection-harness.js';
import {
  accepted,
  closed,
  decided,
  dispatched,
  extended,
  rated,
  received,
  refused,
  resumed,
  submitted,
  supplementReceived,
  supplementRequested,
  suspended,
} from '../support/lifecycle-data.js';

const FT5 = { committed: { value: 5, unit: 'working' as const }, statutory: { value: 20, unit: 'working' as const } };
const INSTANT = { committed: { value: 0, unit: 'working' as const }, statutory: { value: 10, unit: 'natural' as const } };

describe('metrics projection (DESIGN.md §6)', () => {
  let h: Harness;
  const ticket = randomUUID();

  before(async () => {
    h = projectionHarness({ batchSize: 3 });
    const calendar = h.calendar;
    // A: window, fast-track I1, suspended one working day, concluded 2020-10-12 within its deadline.
    const a = randomUUID();
    const sa = `application-${a}`;
    await h.append(sa, 'ApplicationSubmitted', submitted({ applicationId: a, itemCode: 'I1', department: 'D1', channel: 'window', submittedOn: '2020-09-25', fastTrack: true, committedLimit: FT5.committed, statutoryLimit: FT5.statutory }), '2020-09-25');
    await h.append(sa, 'ApplicationAccepted', accepted('2020-09-28', '2020-10-12', FT5), '2020-09-28');
    await h.append(sa, 'ClockSuspended', suspended('2020-09-29'), '2020-09-29');
    await h.append(sa, 'ClockResumed', resumed('2020-09-30', calendar.workdaysBetween('2020-09-29', '2020-09-30'), '2020-10-13'), '2020-09-30');
    await h.append(sa, 'DecisionMade', decided('2020-10-12'), '2020-10-12');
    await h.append(sa, 'ResultDispatched', dispatched('2020-10-13', 'express'), '2020-10-13');
    await h.append(sa, 'ResultReceived', received('2020-10-14'), '2020-10-14');
    await h.append(sa, 'ApplicationClosed', closed('2020-10-14'), '2020-10-14');
    await h.append(sa, 'ApplicationRated', rated('2020-10-15', 5), '2020-10-15');
    // B: online, all materials from e-licences, 即办 by rule (秒批) on the acceptance day; a natural-day statutory limit.
    const b = randomUUID();
    const sb = `application-${b}`;
    await h.append(sb, 'ApplicationSubmitted', submitted({ applicationId: b, itemCode: 'I2', department: 'D1', channel: 'provincial-portal', materials: ['e-licence', 'e-licence'], submittedOn: '2020-10-09', committedLimit: INSTANT.committed, statutoryLimit: INSTANT.statutory }), '2020-10-09');
    await h.append(sb, 'ApplicationAccepted', accepted('2020-10-09', '2020-10-09', INSTANT), '2020-10-09');
    await h.append(sb, 'DecisionMade', decided('2020-10-09', 'approved', 'rule'), '2020-10-09');
    await h.append(sb, 'ResultDispatched', dispatched('2020-10-09', 'electronic'), '2020-10-09');
    await h.append(sb, 'ResultReceived', received('2020-10-09'), '2020-10-09');
    await h.append(sb, 'ApplicationClosed', closed('2020-10-09'), '2020-10-09');
    await h.append(sb, 'ApplicationRated', rated('2020-10-10', 2), '2020-10-10');
    await h.append(`review-${ticket}`, 'ReviewTicketOpened', { ticketId: ticket, applicationId: b, itemCode: 'I2', department: 'D1', level: 2, tags: ['slow'], openedOn: '2020-10-12', dueOn: '2020-11-02', dueWorkdays: 15 }, '2020-10-12');
    await h.append(`review-${ticket}`, 'ReviewResolved', { resolution: 'rectified', note: 'fixed', resolvedOn: '2020-10-20', onTime: true }, '2020-10-20');
    // C: starts zero-submission, then a paper supplement at a window (a visit, and no longer zero-submission);
    // an extension granted after the deadline does not save it.
    const c = randomUUID();
    const sc = `application-${c}`;
    await h.append(sc, 'ApplicationSubmitted', submitted({ applicationId: c, itemCode: 'I1', department: 'D2', channel: 'fs12345', materials: ['e-licence'], submittedOn: '2020-10-20', fastTrack: true, committedLimit: FT5.committed, statutoryLimit: FT5.statutory }), '2020-10-20');
    await h.append(sc, 'SupplementRequested', supplementRequested('2020-10-21'), '2020-10-21');
    await h.append(sc, 'SupplementReceived', supplementReceived('2020-10-22', ['paper']), '2020-10-22', 'window', 'applicant');
    await h.append(sc, 'ApplicationAccepted', accepted('2020-10-22', '2020-10-29', FT5), '2020-10-22');
    await h.append(sc, 'ExtensionGranted', extended('2020-10-30', 10, '2020-11-12'), '2020-10-30');
    await h.append(sc, 'DecisionMade', decided('2020-11-02', 'denied'), '2020-11-02');
    await h.append(sc, 'ApplicationClosed', closed('2020-11-02', 'denied'), '2020-11-02');
    // E: paper that came by free express, recorded by a clerk at the window: no visit.
    const e = randomUUID();
    const se = `application-${e}`;
    await h.append(se, 'ApplicationSubmitted', submitted({ applicationId: e, itemCode: 'I3', department: 'D2', channel: 'yueshengshi', submittedOn: '2020-11-02' }), '2020-11-02');
    await h.append(se, 'SupplementRequested', supplementRequested('2020-11-03'), '2020-11-03');
    await h.append(se, 'SupplementReceived', supplementReceived('2020-11-05', ['paper']), '2020-11-05', 'window', 'clerk');
    await h.append(se, 'IntakeRefused', refused('2020-11-06'), '2020-11-06');
    await h.append(se, 'ApplicationClosed', closed('2020-11-06', 'refused'), '2020-11-06');
    // D: a kiosk submission refused at intake: closed without a visit.
    const d = randomUUID();
    await h.append(`application-${d}`, 'ApplicationSubmitted', submitted({ applicationId: d, itemCode: 'I3', department: 'D2', channel: 'kiosk', submittedOn: '2020-10-26' }), '2020-10-26');
    await h.append(`application-${d}`, 'IntakeRefused', refused('2020-10-27'), '2020-10-27');
    await h.append(`application-${d}`, 'ApplicationClosed', closed('2020-10-27', 'refused'), '2020-10-27');
    // A bundle from 2020-10-09 whose last member concluded on 2020-10-16.
    const bundleId = randomUUID();
    await h.append(`bundle-${bundleId}`, 'BundleSubmitted', { bundleId, bundleCode: 'BX', catalogVersion: 1, channel: 'yueshengshi', applicant: { id: 'x', kind: 'individual', name: 'x' }, form: {}, materials: [], delivery: { mode: 'express' }, submittedOn: '2020-10-09', members: [{ itemCode: 'I9', dependsOn: [] }] }, '2020-10-09');
    await h.append(`bundle-${bundleId}`, 'BundleMemberConcluded', { itemCode: 'I9', applicationId: randomUUID(), outcome: 'approved', concludedOn: '2020-10-16' }, '2020-10-16');
    await h.append(`bundle-${bundleId}`, 'BundleCompleted', { outcome: 'complete', approved: ['I9'], notApproved: [], skipped: [], completedOn: '2020-10-17' }, '2020-10-17');
    await h.runner.catchUp();
  });
  after(() => h.close());

  it('computes every figure of the bureau for October 2020', () => {
    const [oct] = h.readModels.metrics({ dimension: 'all', from: '2020-10', to: '2020-10' });
    const f = oct!.figures;
    // A: elapsed(09-28, 10-12) = 5 (09-29, 09-30, 10-09, 10-10 make-up Saturday, 10-12) − 1 suspended = 4; B: 0.
    expect(f.turnaround).to.deep.equal({ count: 2, p50: 0, p90: 4, mean: 2 });
    expect(f.onTimeRate).to.deep.equal({ numerator: 2, denominator: 2, rate: 1 });
    // B's statutory 10 natural days from 10-09 end on 10-19 = 7 working days.
    expect(f.realizedSpeedUp).to.deep.equal({ concluded: 2, turnaroundSum: 4, statutoryLimitSum: 27, rate: 1 - 4 / 27 });
    // I1: (20 − 5) ÷ 20; I2: 10 natural vs 0 working = 1.
    expect(f.promisedSpeedUp).to.deep.equal({ items: 2, rate: (0.75 + 1) / 2 });
    expect(f.fastTrackHitRate).to.deep.equal({ numerator: 1, denominator: 1, rate: 1 });
    expect(f.sameDayShare).to.deep.equal({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(f.instantApprovalShare).to.deep.equal({ numerator: 1, denominator: 2, rate: 0.5 });
    // Closed in October: A (window submission = a visit), B and D (no visit).
    expect(f.zeroVisitRate).to.deep.equal({ numerator: 2, denominator: 3, rate: 2 / 3 });
    // Submitted in October: B, C, D; online B and C; zero-submission only B (C lost it with a paper supplement).
    expect(f.onlineIntakeRate).to.deep.equal({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(f.zeroSubmissionRate).to.deep.equal({ numerator: 1, denominator: 3, rate: 1 / 3 });
    expect(f.freeExpressDispatches).to.equal(1);
    expect(f.satisfaction).to.deep.equal({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(f.rectificationOnTimeRate).to.deep.equal({ numerator: 1, denominator: 1, rate: 1 });
    // elapsed(10-09, 10-16) = 10-10, 12, 13, 14, 15, 16.
    expect(f.bundleTurnaround).to.deep.equal({ count: 1, p50: 6, p90: 6, mean: 6 });
  });

  it('breaks figures down by department, channel, item and month, and sums months into ranges', () => {
    const d2 = h.readModels.metrics({ dimension: 'department', key: 'D2', byMonth: true });
    expect(d2.map((r) => r.month)).to.deep.equal(['2020-10', '2020-11']);
    const nov = d2[1]!.figures;
    // C: elapsed(10-22, 11-02) = 7; late (the extension came after the 10-29 deadline); fast-track missed; one visit.
    expect(nov.turnaround).to.deep.equal({ count: 1, p50: 7, p90: 7, mean: 7 });
    expect(nov.onTimeRate.rate).to.equal(0);
    expect(nov.fastTrackHitRate).to.deep.equal({ numerator: 0, denominator: 1, rate: 0 });
    // C handed paper in at a window; E's paper came by express and was recorded by a clerk.
    expect(nov.zeroVisitRate).to.deep.equal({ numerator: 1, denominator: 2, rate: 0.5 });
    const i1 = h.readModels.metrics({ dimension: 'item', key: 'I1' });
    expect(i1).to.have.length(1);
    expect(i1[0]!.month).to.equal(null);
    expect(i1[0]!.figures.turnaround).to.deep.equal({ count: 2, p50: 4, p90: 7, mean: 5.5 });
    expect(i1[0]!.figures.fastTrackHitRate.rate).to.equal(0.5);
    const channels = h.readModels.metrics({ dimension: 'channel' }).map((r) => r.key);
    expect(channels).to.deep.equal(['fs12345', 'kiosk', 'provincial-portal', 'window', 'yueshengshi']);
    expect(h.readModels.metrics({ dimension: 'bundle', key: 'BX' })[0]!.figures.bundleTurnaround.count).to.equal(1);
    const sept = h.readModels.metrics({ dimension: 'all', from: '2020-09', to: '2020-09' })[0]!.figures;
    expect(sept.onlineIntakeRate).to.deep.equal({ numerator: 0, denominator: 1, rate: 0 });
  });

  it('removes a rating whose appeal was upheld from satisfaction and the rectification rate', async () => {
    await h.append(`review-${ticket}`, 'ReviewAppealFiled', { reason: 'wrong department', filedOn: '2020-10-21' }, '2020-10-21');
    await h.append(`review-${ticket}`, 'ReviewAppealDecided', { upheld: true, note: 'upheld', decidedOn: '2020-10-22' }, '2020-10-22');
    await h.runner.catchUp();
    const f = h.readModels.metrics({ dimension: 'all', from: '2020-10', to: '2020-10' })[0]!.figures;
    expect(f.satisfaction).to.deep.equal({ numerator: 1, denominator: 1, rate: 1 });
    expect(f.rectificationOnTimeRate).to.deep.equal({ numerator: 0, denominator: 0, rate: null });
  });

  it('takes nearest-rank percentiles from a histogram and converts natural-day limits to working days', () => {
    const hist = new Map([[1, 3], [2, 1], [10, 1]]);
    expect(percentile(hist, 0.5)).to.equal(1);
    expect(percentile(hist, 0.9)).to.equal(10);
    expect(percentile(new Map(), 0.5)).to.equal(null);
    expect(distribution(hist, 15)).to.deep.equal({ count: 5, p50: 1, p90: 10, mean: 3 });
    const cal = defaultCalendar();
    // 2020-09-28 + 10 calendar days = 10-08, a holiday: rolled forward to 10-09; elapsed = 09-29, 09-30, 10-09.
    expect(limitInWorkdays({ value: 10, unit: 'natural' }, '2020-09-28', cal)).to.equal(3);
    expect(limitInWorkdays({ value: 10, unit: 'working' }, '2020-09-28', cal)).to.equal(10);
  });
});

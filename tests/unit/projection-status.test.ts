import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { projectionHarness } from '../support/projection-harness.js';
import type { Harness } from '../support/projection-harness.js';
import {
  accepted,
  closed,
  decided,
  dispatched,
  extended,
  issued,
  received,
  rated,
  resumed,
  submitted,
  supplementReceived,
  supplementRequested,
  suspended,
  visited,
} from '../support/lifecycle-data.js';

describe('application status projection', () => {
  let h: Harness;
  beforeEach(() => {
    h = projectionHarness();
  });
  afterEach(() => h.close());

  it('follows an application from submission to closing, in plain words with a dated timeline', async () => {
    const id = randomUUID();
    const s = `application-${id}`;
    await h.append(s, 'ApplicationSubmitted', submitted({ applicationId: id, submittedOn: '2020-09-25' }), '2020-09-25');
    // 5 working days after 2020-09-28 is 2020-10-12 (the National Day holiday and the 10-10 make-up Saturday).
    await h.append(s, 'ApplicationAccepted', accepted('2020-09-28', '2020-10-12'), '2020-09-28');
    await h.runner.catchUp();

    const running = h.readModels.applicationStatus(id, '2020-09-29')!;
    expect(running.state).to.equal('accepted');
    expect(running.stateText).to.deep.equal({ zh: '已受理，正在办理', en: 'Accepted and being processed' });
    expect(running.committedDeadline).to.equal('2020-10-12');
    expect(running.workingDaysLeft).to.equal(4); // 09-30, 10-09, 10-10 (make-up Saturday), 10-12
    expect(h.readModels.applicationStatus(id, '2020-10-13')!.workingDaysLeft).to.equal(-1);

    await h.append(s, 'DecisionMade', decided('2020-10-09'), '2020-10-09');
    await h.append(s, 'ResultIssued', issued('2020-10-09'), '2020-10-09');
    await h.append(s, 'ResultDispatched', dispatched('2020-10-10', 'express'), '2020-10-10');
    await h.runner.catchUp();
    const sent = h.readModels.applicationStatus(id, '2020-10-10')!;
    expect(sent.state).to.equal('result-dispatched');
    expect(sent.express).to.deep.equal({ carrier: 'EMS', waybillNo: 'EMS20201010' });
    expect(sent.workingDaysLeft).to.equal(null);
    expect(sent.nextNeed).to.equal(null);

    await h.append(s, 'ResultReceived', received('2020-10-12'), '2020-10-12');
    await h.append(s, 'ApplicationClosed', closed('2020-10-12'), '2020-10-12');
    await h.append(s, 'ApplicationRated', rated('2020-10-13', 5), '2020-10-13');
    await h.runner.catchUp();
    const done = h.readModels.applicationStatus(id, '2020-10-13')!;
    expect(done.state).to.equal('closed');
    expect(done.outcome).to.equal('approved');
    expect(done.rating).to.equal(5);
    expect(done.timeline.map((t) => [t.step, t.on])).to.deep.equal([
      ['submitted', '2020-09-25'],
      ['accepted', '2020-09-28'],
      ['approved', '2020-10-09'],
      ['result-issued', '2020-10-09'],
      ['result-dispatched', '2020-10-10'],
      ['result-received', '2020-10-12'],
      ['closed', '2020-10-12'],
      ['rated', '2020-10-13'],
    ]);
    expect(done.timeline[0]).to.include({ zh: '提交申请', en: 'Application submitted' });
  });

  it('names the missing materials as the next need, and the window pickup after a pickup dispatch', async () => {
    const id = randomUUID();
    const s = `application-${id}`;
    await h.append(s, 'ApplicationSubmitted', submitted({ applicationId: id, submittedOn: '2020-06-01', delivery: 'pickup' }), '2020-06-01');
    await h.append(s, 'SupplementRequested', supplementRequested('2020-06-02', ['ID-COPY', 'CONTRACT']), '2020-06-02');
    await h.runner.catchUp();
    const waiting = h.readModels.applicationStatus(id, '2020-06-03')!;
    expect(waiting.state).to.equal('awaiting-supplement');
    expect(waiting.nextNeed?.kind).to.equal('supplement');
    expect(waiting.nextNeed).to.deep.include({ materials: [{ code: 'ID-COPY', reason: 'ID-COPY missing' }, { code: 'CONTRACT', reason: 'CONTRACT missing' }] });

    await h.append(s, 'SupplementReceived', supplementReceived('2020-06-03'), '2020-06-03');
    await h.append(s, 'ApplicationAccepted', accepted('2020-06-03', '2020-06-10'), '2020-06-03');
    await h.append(s, 'DecisionMade', decided('2020-06-04'), '2020-06-04');
    await h.append(s, 'ResultDispatched', dispatched('2020-06-05', 'pickup'), '2020-06-05');
    await h.runner.catchUp();
    const pickup = h.readModels.applicationStatus(id, '2020-06-05')!;
    expect(pickup.nextNeed?.kind).to.equal('pickup');
    expect(pickup.express).to.equal(null);
  });

  it('stops the working-day count while the clock is suspended and says why', async () => {
    const id = randomUUID();
    const s = `application-${id}`;
    await h.append(s, 'ApplicationSubmitted', submitted({ applicationId: id, submittedOn: '2020-03-02' }), '2020-03-02');
    await h.append(s, 'ApplicationAccepted', accepted('2020-03-02', '2020-03-09'), '2020-03-02');
    await h.append(s, 'ClockSuspended', suspended('2020-03-04', 'expert-review'), '2020-03-04');
    await h.runner.catchUp();
    const paused = h.readModels.applicationStatus(id, '2020-03-05')!;
    expect(paused.clockRunning).to.equal(false);
    expect(paused.workingDaysLeft).to.equal(null);
    expect(paused.stateText.en).to.contain('expert review');
    expect(paused.stateText.zh).to.contain('专家评审');

    await h.append(s, 'ClockResumed', resumed('2020-03-06', 2, '2020-03-11'), '2020-03-06');
    await h.runner.catchUp();
    const again = h.readModels.applicationStatus(id, '2020-03-06')!;
    expect(again.committedDeadline).to.equal('2020-03-11');
    expect(again.workingDaysLeft).to.equal(3);
  });

  it('keeps the deadline when an extension is granted after it passed (DESIGN.md §5)', async () => {
    const id = randomUUID();
    const s = `application-${id}`;
    await h.append(s, 'ApplicationSubmitted', submitted({ applicationId: id, submittedOn: '2020-03-02' }), '2020-03-02');
    await h.append(s, 'ApplicationAccepted', accepted('2020-03-02', '2020-03-09'), '2020-03-02');
    await h.append(s, 'ExtensionGranted', extended('2020-03-10', 10, '2020-03-23'), '2020-03-10');
    await h.runner.catchUp();
    expect(h.readModels.applicationStatus(id, '2020-03-10')!.committedDeadline).to.equal('2020-03-09');
  });

  it('lists an applicant’s applications and never stores an identity number in the clear', async () => {
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) {
      await h.append(`application-${id}`, 'ApplicationSubmitted', submitted({ applicationId: id, submittedOn: '2020-05-06', applicantId: 'ap-9', idNumber: '44060119900101123X' }), '2020-05-06');
    }
    await h.append(`application-${randomUUID()}`, 'VisitRecorded', visited('2020-05-06'), '2020-05-06');
    await h.runner.catchUp();
    const mine = h.readModels.applicationsOfApplicant('ap-9', '2020-05-06');
    expect(mine.map((a) => a.applicationId).sort()).to.deep.equal([...ids].sort());
    expect(mine[0]!.applicant.idNumberHash).to.match(/^[0-9a-f]{64}$/);
    const tables = h.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    for (const { name } of tables) {
      const dump = JSON.stringify(h.db.prepare(`SELECT * FROM ${name}`).all());
      expect(dump, name).not.to.contain('44060119900101123X');
      expect(dump, name).not.to.contain('44060119900101123x');
    }
  });
});

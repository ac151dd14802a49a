import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { toStatusView } from '../../projections/application-status/status-view.js';
import { noteYears, provisionalNote } from '../../projections/provisional-note.js';
import { createWorkCalendar } from '../../services/calendar/index.js';
import { projectionHarness } from '../support/projection-harness.js';
import type { Harness } from '../support/projection-harness.js';
import {
  accepted,
  closed,
  decided,
  dispatched,
  extended,
  issued,
  provisionally,
  received,
  rated,
  recomputed,
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

describe('application status: provisional deadlines', () => {
  // Official through 2026; 2027 and 2028 counted on the statutory rule (DESIGN.md §5).
  const calendar = createWorkCalendar();
  let h: Harness;
  beforeEach(() => {
    h = projectionHarness({ calendar });
  });
  afterEach(() => h.close());

  const NOTE_2027 = {
    zh: '此日期按法定节假日规则暂定，国务院公布2027年节假日安排后可能调整',
    en: "This date may move when the State Council's holiday notice for 2027 is published",
  };

  async function acceptedIntoJanuary2027() {
    const id = randomUUID();
    const s = `application-${id}`;
    await h.append(s, 'ApplicationSubmitted', submitted({ applicationId: id, submittedOn: '2026-12-28' }), '2026-12-28');
    // 10 working days from Monday 2026-12-28 (New Year's Day 2027 off on the statutory rule): 2027-01-12; 20: 01-26.
    await h.append(s, 'ApplicationAccepted', provisionally(accepted('2026-12-28', '2027-01-12'), '2027-01-26'), '2026-12-28');
    return { id, s };
  }

  it('shows a provisional acceptance as provisional, with the note naming the year it waits for', async () => {
    const { id } = await acceptedIntoJanuary2027();
    await h.runner.catchUp();
    const view = h.readModels.applicationStatus(id, '2026-12-29')!;
    expect(view).to.deep.include({ committedDeadline: '2027-01-12', statutoryDeadline: '2027-01-26', provisional: true, provisionalNote: NOTE_2027 });
  });

  it('keeps the flag through an extension that does not save the case, and clears it when a recomputation makes the dates official', async () => {
    const { id, s } = await acceptedIntoJanuary2027();
    await h.append(s, 'ExtensionGranted', extended('2027-01-13', 10, '2027-01-26'), '2027-01-13');
    await h.runner.catchUp();
    expect(h.readModels.applicationStatus(id, '2027-01-13')).to.deep.include({ committedDeadline: '2027-01-12', provisional: true, provisionalNote: NOTE_2027 });

    await h.append(s, 'DeadlineRecomputed', recomputed('2027-01-13', '2027-01-12'), '2027-01-13', 'system');
    await h.runner.catchUp();
    expect(h.readModels.applicationStatus(id, '2027-01-13')).to.deep.include({ committedDeadline: '2027-01-12', provisional: false, provisionalNote: null });
  });

  it('takes the flag from a saving extension, and reads a row stored before the flag as official', async () => {
    const id = randomUUID();
    const s = `application-${id}`;
    await h.append(s, 'ApplicationSubmitted', submitted({ applicationId: id, submittedOn: '2026-12-01' }), '2026-12-01');
    await h.append(s, 'ApplicationAccepted', accepted('2026-12-01', '2026-12-08'), '2026-12-01');
    await h.runner.catchUp();
    expect(h.readModels.applicationStatus(id, '2026-12-02')).to.deep.include({ provisional: false, provisionalNote: null });

    await h.append(s, 'ExtensionGranted', provisionally(extended('2026-12-07', 30, '2027-01-20')), '2026-12-07');
    await h.runner.catchUp();
    expect(h.readModels.applicationStatus(id, '2026-12-07')).to.deep.include({ committedDeadline: '2027-01-20', provisional: true, provisionalNote: NOTE_2027 });

    const { provisional: _flag, ...before } = h.readModels.statusRow(id)!;
    expect(toStatusView(before, '2026-12-07', calendar)).to.deep.include({ provisional: false, provisionalNote: null });
  });

  it('names only the years still provisional, or the latest date\'s year once the calendar holds them official', () => {
    expect(provisionalNote([2028, 2027, 2028])).to.deep.equal({
      zh: '此日期按法定节假日规则暂定，国务院公布2027年、2028年节假日安排后可能调整',
      en: "This date may move when the State Council's holiday notice for 2027 and 2028 is published",
    });
    expect(noteYears(calendar, ['2026-12-30', '2027-01-26'])).to.deep.equal([2027]);
    expect(noteYears(calendar, ['2028-01-10', '2027-12-30'])).to.deep.equal([2027, 2028]);
    // The notice was imported and the recomputation has not reached the row yet.
    const noticeImported = { isProvisional: () => false };
    expect(noteYears(noticeImported, ['2028-01-10', '2027-12-30'])).to.deep.equal([2028]);
  });
});

import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { WorkdayCalendar } from '../../projections/calendar-port.js';
import { createWorkCalendar, defaultCalendar, shippedOverrides } from '../../services/calendar/index.js';
import { projectionHarness } from '../support/projection-harness.js';
import type { Harness } from '../support/projection-harness.js';
import { accepted, closed, decided, rated, submitted } from '../support/lifecycle-data.js';

/** A calendar whose data can be swapped underneath the projection, as a revision does. */
function switchableCalendar(initial: WorkdayCalendar) {
  let current = initial;
  const calendar: WorkdayCalendar = {
    get version() {
      return current.version;
    },
    isWorkday: (d) => current.isWorkday(d),
    addWorkdays: (d, n) => current.addWorkdays(d, n),
    workdaysBetween: (a, b) => current.workdaysBetween(a, b),
    isProvisional: (d) => current.isProvisional(d),
  };
  return { calendar, switchTo: (next: WorkdayCalendar) => (current = next) };
}

const NOTE_2027 = {
  zh: '此日期按法定节假日规则暂定，国务院公布2027年节假日安排后可能调整',
  en: "This date may move when the State Council's holiday notice for 2027 is published",
};

describe('review tickets projection (差评工单)', () => {
  let h: Harness;
  afterEach(() => h.close());

  /** A concluded application rated `level` on `ratedOn`, and the ticket the rating opened, due in 15 working days. */
  async function ticket(department: string, ratedOn: string, options: { level?: number; dueWorkdays?: number } = {}) {
    const applicationId = randomUUID();
    const app = `application-${applicationId}`;
    await h.append(app, 'ApplicationSubmitted', submitted({ applicationId, department, submittedOn: '2020-03-02' }), '2020-03-02');
    await h.append(app, 'ApplicationAccepted', accepted('2020-03-02', '2020-03-09'), '2020-03-02');
    await h.append(app, 'DecisionMade', decided('2020-03-04'), '2020-03-04');
    await h.append(app, 'ApplicationClosed', closed('2020-03-04'), '2020-03-04');
    const level = options.level ?? 1;
    await h.append(app, 'ApplicationRated', rated(ratedOn, level), ratedOn, 'yueshengshi', 'applicant');
    const ticketId = randomUUID();
    const s = `review-${ticketId}`;
    const dueWorkdays = options.dueWorkdays ?? 15;
    await h.append(
      s,
      'ReviewTicketOpened',
      { ticketId, applicationId, itemCode: 'ITEM-1', department, level, tags: ['slow'], openedOn: ratedOn, dueOn: h.calendar.addWorkdays(ratedOn, dueWorkdays), dueWorkdays },
      ratedOn,
      'system',
      'system',
    );
    return { ticketId, s, applicationId, app };
  }

  it('follows a ticket from the bad rating through the callback to its resolution, with its revision', async () => {
    h = projectionHarness();
    // Rated Friday 2020-10-23: 15 working days later is Friday 2020-11-13, due soon from Wednesday 11-11.
    const t = await ticket('D1', '2020-10-23');
    await h.runner.catchUp();

    const opened = h.readModels.positionedTicket(t.ticketId, '2020-10-26');
    expect(opened.revision).to.equal(0);
    expect(opened.view).to.deep.include({
      applicationId: t.applicationId,
      department: 'D1',
      level: 1,
      tags: ['slow'],
      openedOn: '2020-10-23',
      dueWorkdays: 15,
      dueOn: '2020-11-13',
      provisional: false,
      provisionalNote: null,
      status: 'open',
      appealState: 'none',
      appeal: null,
      resolution: null,
      closedOn: null,
      overdue: false,
      dueSoon: false,
      nextStep: 'callback',
    });
    expect(h.readModels.reviewTicket(t.ticketId, '2020-11-10')).to.include({ dueSoon: false, overdue: false });
    expect(h.readModels.reviewTicket(t.ticketId, '2020-11-11')).to.include({ dueSoon: true, overdue: false });
    // Resolving on Saturday 11-14 is still within 15 working days (the decider counts elapsed working days):
    // not overdue until the next working day.
    expect(h.readModels.reviewTicket(t.ticketId, '2020-11-14')).to.include({ dueSoon: true, overdue: false });
    expect(h.readModels.reviewTicket(t.ticketId, '2020-11-16')).to.include({ dueSoon: false, overdue: true });

    await h.append(t.s, 'ReviewCallbackMade', { note: '已电话回访 called back', calledOn: '2020-10-26' }, '2020-10-26');
    await h.runner.catchUp();
    const called = h.readModels.positionedTicket(t.ticketId, '2020-10-26');
    expect(called.revision).to.equal(1);
    expect(called.view).to.deep.include({ callbacks: [{ note: '已电话回访 called back', calledOn: '2020-10-26' }], nextStep: 'resolve' });

    await h.append(t.s, 'ReviewResolved', { resolution: 'rectified', note: '已优化流程 process fixed', resolvedOn: '2020-11-16', onTime: false }, '2020-11-16');
    await h.runner.catchUp();
    const resolved = h.readModels.positionedTicket(t.ticketId, '2020-11-20');
    expect(resolved.revision).to.equal(2);
    expect(resolved.view).to.deep.include({
      status: 'resolved',
      statusText: { zh: '已办结', en: 'Resolved' },
      resolution: { resolution: 'rectified', note: '已优化流程 process fixed', resolvedOn: '2020-11-16', onTime: false },
      closedOn: '2020-11-16',
      overdue: false,
      dueSoon: false,
      nextStep: null,
    });
  });

  it('lists a department’s open tickets by due date, and the closed ones by status', async () => {
    h = projectionHarness();
    const later = await ticket('D1', '2020-10-23');
    const sooner = await ticket('D1', '2020-10-20');
    const done = await ticket('D1', '2020-10-19');
    await h.append(done.s, 'ReviewCallbackMade', { note: 'called', calledOn: '2020-10-20' }, '2020-10-20');
    await h.append(done.s, 'ReviewResolved', { resolution: 'explained', note: '已解释 explained', resolvedOn: '2020-10-21', onTime: true }, '2020-10-21');
    const elsewhere = await ticket('D2', '2020-10-20');
    await h.runner.catchUp();

    const open = h.readModels.reviewTickets({ department: 'D1', status: 'open', today: '2020-11-11' });
    expect(open.tickets.map((x) => [x.ticketId, x.dueOn, x.overdue, x.dueSoon])).to.deep.equal([
      [sooner.ticketId, '2020-11-10', true, false],
      [later.ticketId, '2020-11-13', false, true],
    ]);
    expect(open).to.deep.include({ department: 'D1', status: 'open', today: '2020-11-11', counts: { listed: 2, overdue: 1, dueSoon: 1 } });
    expect(h.readModels.reviewTickets({ department: 'D1', status: 'resolved', today: '2020-11-11' }).tickets.map((x) => x.ticketId)).to.deep.equal([done.ticketId]);
    expect(h.readModels.reviewTickets({ department: 'D1', status: 'all', today: '2020-11-11' }).tickets.map((x) => x.ticketId)).to.deep.equal([
      sooner.ticketId,
      later.ticketId,
      done.ticketId,
    ]);
    expect(h.readModels.reviewTickets({ status: 'open', today: '2020-11-11' }).tickets.map((x) => x.ticketId)).to.have.members([
      sooner.ticketId,
      later.ticketId,
      elsewhere.ticketId,
    ]);
    expect(h.readModels.reviewTickets({ department: 'D1', status: 'open', today: '2020-11-11', limit: 1 }).tickets).to.have.length(1);
  });

  it('keeps the appeal: pending waits for the supervisor, rejected leaves it open, upheld voids it', async () => {
    h = projectionHarness();
    const rejected = await ticket('D1', '2020-10-20');
    const upheld = await ticket('D1', '2020-10-20');
    for (const t of [rejected, upheld]) await h.append(t.s, 'ReviewAppealFiled', { reason: '评价对象错误 wrong unit', filedOn: '2020-10-21' }, '2020-10-21');
    await h.runner.catchUp();
    expect(h.readModels.reviewTicket(rejected.ticketId, '2020-10-22')).to.deep.include({
      appealState: 'pending',
      appeal: { reason: '评价对象错误 wrong unit', filedOn: '2020-10-21', decision: null },
      nextStep: 'appeal-decision',
    });
    const pending = h.readModels.reviewTickets({ status: 'open', appeal: 'pending', today: '2020-10-22' });
    expect(pending.tickets.map((x) => x.ticketId)).to.have.members([rejected.ticketId, upheld.ticketId]);

    await h.append(rejected.s, 'ReviewAppealDecided', { upheld: false, note: '维持原评价 stands', decidedOn: '2020-10-23' }, '2020-10-23', 'window', 'supervisor');
    await h.append(upheld.s, 'ReviewAppealDecided', { upheld: true, note: '予以撤销 withdrawn', decidedOn: '2020-10-23' }, '2020-10-23', 'window', 'supervisor');
    await h.runner.catchUp();
    expect(h.readModels.reviewTicket(rejected.ticketId, '2020-10-26')).to.deep.include({ status: 'open', appealState: 'rejected', nextStep: 'callback', closedOn: null });
    expect(h.readModels.reviewTicket(upheld.ticketId, '2020-12-01')).to.deep.include({
      status: 'void',
      appealState: 'upheld',
      appeal: { reason: '评价对象错误 wrong unit', filedOn: '2020-10-21', decision: { upheld: true, note: '予以撤销 withdrawn', decidedOn: '2020-10-23' } },
      closedOn: '2020-10-23',
      overdue: false,
      nextStep: null,
    });
    expect(h.readModels.reviewTickets({ department: 'D1', status: 'void', today: '2020-10-26' }).tickets.map((x) => x.ticketId)).to.deep.equal([upheld.ticketId]);
    expect(h.readModels.reviewTickets({ status: 'open', appeal: 'pending', today: '2020-10-26' }).tickets).to.deep.equal([]);
  });

  it('watches overdue and due-soon tickets per department beside the applications, and moves open due dates with a calendar revision', async () => {
    const base = defaultCalendar();
    // 2020-11-05 becomes a day off: an open ticket due 11-13 is due 11-16.
    const revised = createWorkCalendar({
      overrides: [...shippedOverrides(), { version: 'test-2020-11-05-off', revisions: [{ date: '2020-11-05', work: false, note: 'test' }], years: {} }],
    });
    const { calendar, switchTo } = switchableCalendar(base);
    h = projectionHarness({ calendar });
    const soon = await ticket('D1', '2020-10-23');
    const late = await ticket('D2', '2020-10-20');
    const resolved = await ticket('D2', '2020-10-23');
    await h.append(resolved.s, 'ReviewCallbackMade', { note: 'called', calledOn: '2020-10-26' }, '2020-10-26');
    await h.append(resolved.s, 'ReviewResolved', { resolution: 'rectified', note: 'fixed', resolvedOn: '2020-10-27', onTime: true }, '2020-10-27');
    await ticket('D1', '2020-11-02');
    await h.runner.catchUp();

    const watch = h.readModels.overdueWatch({ today: '2020-11-11' });
    expect(watch.reviews.entries.map((e) => [e.ticketId, e.overdue, e.dueSoon])).to.deep.equal([
      [late.ticketId, true, false],
      [soon.ticketId, false, true],
    ]);
    expect(watch.reviews.departments).to.deep.equal([
      { department: 'D1', overdue: 0, dueSoon: 1, provisional: 0 },
      { department: 'D2', overdue: 1, dueSoon: 0, provisional: 0 },
    ]);
    expect(watch.reviews.provisionalNote).to.equal(null);
    // The applications' part means what it meant: none of these applications is open.
    expect(watch.departments).to.deep.equal([]);
    expect(watch.entries).to.deep.equal([]);
    expect(h.readModels.overdueWatch({ today: '2020-11-11', department: 'D2' }).reviews.entries.map((e) => e.ticketId)).to.deep.equal([late.ticketId]);
    expect(h.readModels.reviewWatch({ today: '2020-11-11' })).to.deep.equal(watch.reviews);

    switchTo(revised);
    await h.append('calendar', 'CalendarRevised', { version: revised.version, note: '11-05 off' }, '2020-11-01', 'system', 'system');
    await h.runner.catchUp();
    expect(h.readModels.reviewTicket(soon.ticketId, '2020-11-11')).to.include({ dueOn: '2020-11-16', dueSoon: false });
    expect(h.readModels.reviewTicket(late.ticketId, '2020-11-11')).to.include({ dueOn: '2020-11-11', overdue: false, dueSoon: true });
    // A resolved ticket keeps the date it was judged against.
    expect(h.readModels.reviewTicket(resolved.ticketId, '2020-11-11')).to.include({ dueOn: '2020-11-13' });
    expect(h.readModels.overdueWatch({ today: '2020-11-11' }).reviews.entries.map((e) => e.ticketId)).to.deep.equal([late.ticketId]);
  });

  it('marks a due date in a year without its State Council notice as provisional', async () => {
    // Official through 2026; 2027 counted on the statutory rule.
    h = projectionHarness({ calendar: createWorkCalendar() });
    const applicationId = randomUUID();
    const ticketId = randomUUID();
    await h.append(`review-${ticketId}`, 'ReviewTicketOpened', {
      ticketId, applicationId, itemCode: 'ITEM-1', department: 'D1', level: 2, tags: [], openedOn: '2026-12-21', dueOn: '2027-01-12', dueWorkdays: 15,
    }, '2026-12-21', 'system', 'system');
    await h.runner.catchUp();
    expect(h.readModels.reviewTicket(ticketId, '2027-01-08')).to.deep.include({ dueOn: '2027-01-12', provisional: true, provisionalNote: NOTE_2027, dueSoon: true });
    const watch = h.readModels.reviewWatch({ today: '2027-01-08' });
    expect(watch.departments).to.deep.equal([{ department: 'D1', overdue: 0, dueSoon: 1, provisional: 1 }]);
    expect(watch.provisionalNote).to.deep.equal(NOTE_2027);
  });

  describe('on the applicant’s status page', () => {
    it('shows the ticket and, once resolved, the answer, without moving the application’s revision', async () => {
      h = projectionHarness();
      const t = await ticket('D1', '2020-10-23');
      await h.runner.catchUp();
      const before = h.readModels.positionedStatus(t.applicationId, '2020-10-26');
      expect(before.revision).to.equal(4);
      expect(before.view!.review).to.deep.equal({
        status: 'open',
        statusText: { zh: '差评处理中：责任单位将回访并整改或解释说明', en: 'Being followed up: the unit will call you back and put it right or explain' },
        openedOn: '2020-10-23',
        resolution: null,
        closedOn: null,
      });

      await h.append(t.s, 'ReviewCallbackMade', { note: 'internal note', calledOn: '2020-10-26' }, '2020-10-26');
      await h.append(t.s, 'ReviewAppealFiled', { reason: 'internal reason', filedOn: '2020-10-27' }, '2020-10-27');
      await h.append(t.s, 'ReviewAppealDecided', { upheld: false, note: 'stands', decidedOn: '2020-10-28' }, '2020-10-28', 'window', 'supervisor');
      await h.append(t.s, 'ReviewResolved', { resolution: 'explained', note: '办理时限内已办结，已向您说明', resolvedOn: '2020-10-29', onTime: true }, '2020-10-29');
      await h.runner.catchUp();
      const after = h.readModels.positionedStatus(t.applicationId, '2020-10-30');
      expect(after.revision).to.equal(4);
      expect(after.view!.review).to.deep.equal({
        status: 'resolved',
        statusText: { zh: '差评已处理', en: 'Answered' },
        openedOn: '2020-10-23',
        resolution: { resolution: 'explained', text: { zh: '已解释说明', en: 'Explained' }, note: '办理时限内已办结，已向您说明', resolvedOn: '2020-10-29' },
        closedOn: '2020-10-29',
      });
      // The unit's appeal and its notes are not the applicant's to read.
      expect(after.view!.timeline.slice(-3).map((s) => [s.step, s.on, s.detail])).to.deep.equal([
        ['review-opened', '2020-10-23', undefined],
        ['review-callback', '2020-10-26', undefined],
        ['review-resolved', '2020-10-29', 'explained'],
      ]);
      expect(JSON.stringify(after.view)).not.to.contain('internal');
    });

    it('shows a ticket voided on appeal; an application without a bad rating has none', async () => {
      h = projectionHarness();
      const t = await ticket('D1', '2020-10-23', { level: 2 });
      await h.append(t.s, 'ReviewAppealFiled', { reason: 'wrong unit', filedOn: '2020-10-26' }, '2020-10-26');
      await h.append(t.s, 'ReviewAppealDecided', { upheld: true, note: 'withdrawn', decidedOn: '2020-10-27' }, '2020-10-27', 'window', 'supervisor');
      const plain = randomUUID();
      await h.append(`application-${plain}`, 'ApplicationSubmitted', submitted({ applicationId: plain, submittedOn: '2020-10-23' }), '2020-10-23');
      await h.runner.catchUp();
      expect(h.readModels.applicationStatus(t.applicationId, '2020-10-28')!.review).to.deep.include({ status: 'void', resolution: null, closedOn: '2020-10-27' });
      expect(h.readModels.applicationStatus(t.applicationId, '2020-10-28')!.timeline.at(-1)).to.include({ step: 'review-void', on: '2020-10-27' });
      expect(h.readModels.applicationStatus(plain, '2020-10-28')!.review).to.equal(null);
    });
  });
});

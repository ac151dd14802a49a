import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import type { TimeLimit } from '../../events/index.js';
import { SCOPE_WHERE, workQueueCountsSql } from '../../infra/read-models/work-queue-queries.js';
import { WORK_QUEUE, workQueueTables } from '../../infra/read-models/work-queue-sql.js';
import { projectionStateStore } from '../../infra/read-models/projection-state.js';
import type { WorkdayCalendar } from '../../projections/calendar-port.js';
import type { LogEvent } from '../../projections/log-event.js';
import { applyWorkQueue } from '../../projections/work-queue/apply-work-queue.js';
import { warnFrom, warnFromFor } from '../../projections/work-queue/warn-from.js';
import type { WorkItemRow, WorkItemStore } from '../../projections/work-queue/work-item-row.js';
import { toWorkQueueEntry } from '../../projections/work-queue/work-queue-view.js';
import type { WorkQueueEntry } from '../../projections/work-queue/work-queue-view.js';
import { computeDeadlines } from '../../services/application/index.js';
import { createWorkCalendar, defaultCalendar, parseOverride, shippedOverrides } from '../../services/calendar/index.js';
import { projectionHarness } from '../support/projection-harness.js';
import type { Harness } from '../support/projection-harness.js';
import {
  accepted,
  closed,
  decided,
  dispatched,
  provisionally,
  recomputed,
  submitted,
  supplementReceived,
  supplementRequested,
  suspended,
  visited,
} from '../support/lifecycle-data.js';

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

describe('work queue projection and overdue watch', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function open(department: string, submittedOn: string, acceptedOn?: string, deadline?: string, extra: Partial<Parameters<typeof submitted>[0]> = {}) {
    const id = randomUUID();
    const s = `application-${id}`;
    await h.append(s, 'ApplicationSubmitted', submitted({ applicationId: id, department, submittedOn, ...extra }), submittedOn);
    if (acceptedOn && deadline) await h.append(s, 'ApplicationAccepted', accepted(acceptedOn, deadline), acceptedOn);
    return { id, s };
  }

  it('orders open work by due date with due-soon and overdue flags, and keeps waiting-for-applicant apart', async () => {
    h = projectionHarness();
    const late = await open('D1', '2020-03-02', '2020-03-02', '2020-03-09');
    const soon = await open('D1', '2020-03-02', '2020-03-03', '2020-03-12');
    const later = await open('D1', '2020-03-02', '2020-03-03', '2020-03-31');
    const intake = await open('D1', '2020-03-06');
    const asked = await open('D1', '2020-03-05');
    await h.append(asked.s, 'SupplementRequested', supplementRequested('2020-03-06'), '2020-03-06');
    const pickup = await open('D1', '2020-03-02', '2020-03-02', '2020-03-20');
    await h.append(pickup.s, 'DecisionMade', decided('2020-03-04'), '2020-03-04');
    await h.append(pickup.s, 'ResultDispatched', dispatched('2020-03-05', 'pickup'), '2020-03-05');
    const elsewhere = await open('D2', '2020-03-02', '2020-03-02', '2020-03-09');
    const gone = await open('D1', '2020-03-02', '2020-03-02', '2020-03-03');
    await h.append(gone.s, 'DecisionMade', decided('2020-03-03'), '2020-03-03');
    await h.append(gone.s, 'ApplicationClosed', closed('2020-03-03'), '2020-03-03');
    await h.runner.catchUp();

    const q = h.readModels.workQueue({ department: 'D1', today: '2020-03-10' });
    // intake-notice due 5 working days after receipt: 2020-03-06 + 5 = 2020-03-13.
    expect(q.open.map((e) => [e.applicationId, e.dueOn, e.overdue, e.dueSoon])).to.deep.equal([
      [late.id, '2020-03-09', true, false],
      [soon.id, '2020-03-12', false, true],
      [intake.id, '2020-03-13', false, false],
      [later.id, '2020-03-31', false, false],
    ]);
    expect(q.open[2]!.dueKind).to.equal('intake-notice');
    expect(q.waitingForApplicant.map((e) => [e.applicationId, e.waitingFor])).to.have.deep.members([
      [asked.id, 'supplement'],
      [pickup.id, 'pickup'],
    ]);
    expect(q.counts).to.deep.equal({ open: 4, overdue: 1, dueSoon: 1, waitingForApplicant: 2, bundles: 0 });
    expect(h.readModels.workQueue({ department: 'D1', today: '2020-03-11' }).open[2]).to.include({ applicationId: intake.id, dueSoon: true });
    expect(q.open.map((e) => e.applicationId)).not.to.include(elsewhere.id);

    // The applicant answers: back to intake, due 5 working days after the supplement arrived.
    await h.append(asked.s, 'SupplementReceived', supplementReceived('2020-03-10'), '2020-03-10');
    await h.runner.catchUp();
    const back = h.readModels.workQueue({ department: 'D1', today: '2020-03-10' }).open.find((e) => e.applicationId === asked.id)!;
    expect(back).to.include({ section: 'intake', dueOn: '2020-03-17' });
  });

  it('filters by hall and treats a clerk-side suspension apart from an applicant supplement', async () => {
    h = projectionHarness();
    const a = await open('D1', '2020-04-01', '2020-04-01', '2020-04-15');
    await h.append(a.s, 'VisitRecorded', visited('2020-04-01', 'HALL-CHANCHENG'), '2020-04-01');
    const b = await open('D1', '2020-04-01', '2020-04-01', '2020-04-15');
    await h.append(b.s, 'ClockSuspended', suspended('2020-04-02', 'hearing'), '2020-04-02');
    const c = await open('D1', '2020-04-01', '2020-04-01', '2020-04-15');
    await h.append(c.s, 'ClockSuspended', suspended('2020-04-02', 'applicant-supplement'), '2020-04-02');
    await h.runner.catchUp();
    const atHall = h.readModels.workQueue({ department: 'D1', hall: 'HALL-CHANCHENG', today: '2020-04-03' });
    expect(atHall.open.map((e) => e.applicationId)).to.deep.equal([a.id]);
    const all = h.readModels.workQueue({ department: 'D1', today: '2020-04-03' });
    expect(all.open.find((e) => e.applicationId === b.id)).to.include({ section: 'suspended', dueOn: null, overdue: false });
    expect(all.waitingForApplicant.map((e) => e.applicationId)).to.deep.equal([c.id]);
  });

  it('watches overdue and due-soon cases per department and recomputes the warning dates when the calendar is revised', async () => {
    const base = defaultCalendar();
    const revised = createWorkCalendar({
      overrides: [...shippedOverrides(), { version: 'test-2020-03-10-off', revisions: [{ date: '2020-03-10', work: false, note: 'test' }], years: {} }],
    });
    const { calendar, switchTo } = switchableCalendar(base);
    h = projectionHarness({ calendar });
    const watched = await open('D1', '2020-03-02', '2020-03-02', '2020-03-12');
    const overdue = await open('D2', '2020-02-24', '2020-02-24', '2020-03-05');
    await open('D2', '2020-03-02', '2020-03-02', '2020-04-30');
    await h.runner.catchUp();

    expect(warnFrom(base, '2020-03-12')).to.equal('2020-03-10');
    let watch = h.readModels.overdueWatch({ today: '2020-03-09' });
    expect(watch.entries.map((e) => e.applicationId)).to.deep.equal([overdue.id]);
    expect(watch.departments).to.deep.equal([{ department: 'D2', overdue: 1, dueSoon: 0, provisional: 0 }]);
    expect(watch.provisionalNote).to.equal(null);

    // 2020-03-10 becomes a day off: the third-last working day before 03-12 is now 03-09.
    switchTo(revised);
    await h.append('calendar', 'CalendarRevised', { version: revised.version, note: '03-10 off' }, '2020-03-08', 'system');
    await h.runner.catchUp();
    watch = h.readModels.overdueWatch({ today: '2020-03-09' });
    expect(watch.entries.map((e) => e.applicationId)).to.deep.equal([overdue.id, watched.id]);
    expect(watch.departments).to.deep.equal([
      { department: 'D1', overdue: 0, dueSoon: 1, provisional: 0 },
      { department: 'D2', overdue: 1, dueSoon: 0, provisional: 0 },
    ]);
    expect(h.readModels.overdueWatch({ today: '2020-03-09', department: 'D1' }).entries).to.have.length(1);

    // The process manager then moves the deadline itself.
    await h.append(watched.s, 'DeadlineRecomputed', recomputed('2020-03-08', '2020-03-13'), '2020-03-08', 'system');
    await h.runner.catchUp();
    expect(h.readModels.overdueWatch({ today: '2020-03-09', department: 'D1' }).entries).to.have.length(0);
  });

  it('shows a department the open bundles it takes part in, with their next due date', async () => {
    h = projectionHarness();
    const bundleId = randomUUID();
    await h.append(`bundle-${bundleId}`, 'BundleSubmitted', {
      bundleId,
      bundleCode: 'RETIREMENT',
      catalogVersion: 1,
      channel: 'yueshengshi',
      applicant: { id: 'ap-1', kind: 'individual', name: '李四' },
      form: {},
      materials: [],
      delivery: { mode: 'express' },
      submittedOn: '2020-05-06',
      members: [{ itemCode: 'A', dependsOn: [] }, { itemCode: 'B', dependsOn: ['A'] }],
    }, '2020-05-06');
    const m1 = await open('D1', '2020-05-06', '2020-05-06', '2020-05-20', { bundleId, itemCode: 'A' });
    const m2 = await open('D2', '2020-05-06', '2020-05-06', '2020-05-13', { bundleId, itemCode: 'B' });
    await h.runner.catchUp();
    const q = h.readModels.workQueue({ department: 'D1', today: '2020-05-12' });
    expect(q.bundles).to.deep.equal([
      { bundleId, bundleCode: 'RETIREMENT', nextDue: '2020-05-13', provisional: false, overdue: false, dueSoon: true, applicationIds: [m1.id] },
    ]);
    expect(q.open.map((e) => e.applicationId)).to.deep.equal([m1.id]);
    expect(h.readModels.workQueue({ department: 'D2', today: '2020-05-12' }).bundles[0]!.applicationIds).to.deep.equal([m2.id]);
  });

  describe('provisional due dates', () => {
    const NOTE_2027 = {
      zh: '此日期按法定节假日规则暂定，国务院公布2027年节假日安排后可能调整',
      en: "This date may move when the State Council's holiday notice for 2027 is published",
    };
    /** A made-up 2027 notice: Monday 2027-01-04 off as well as New Year's Day. */
    const notice2027 = parseOverride({ version: 'test-2027-notice', source: 'test', years: { '2027': { holidays: ['2027-01-01', '2027-01-04'], makeupWorkdays: [] } } });

    it('marks an intake notice due in a provisional year and a committed deadline by its event, in the queue and the watch', async () => {
      // Official through 2026; 2027 and 2028 counted on the statutory rule.
      h = projectionHarness({ calendar: createWorkCalendar() });
      const official = await open('D1', '2026-12-21');
      const intake = await open('D1', '2026-12-28');
      const committed = await open('D1', '2026-12-28');
      await h.append(committed.s, 'ApplicationAccepted', provisionally(accepted('2026-12-28', '2027-01-12')), '2026-12-28');
      const late = await open('D2', '2026-12-01', '2026-12-01', '2026-12-08');
      await h.runner.catchUp();

      const q = h.readModels.workQueue({ department: 'D1', today: '2026-12-29' });
      // 5 working days after 12-21 is 12-28; after 12-28 it is 2027-01-05 (New Year's Day off on the statutory rule).
      expect(q.open.map((e) => [e.applicationId, e.dueKind, e.dueOn, e.provisional, e.provisionalNote])).to.deep.equal([
        [official.id, 'intake-notice', '2026-12-28', false, null],
        [intake.id, 'intake-notice', '2027-01-05', true, NOTE_2027],
        [committed.id, 'committed', '2027-01-12', true, NOTE_2027],
      ]);
      expect(q.open[2]).to.include({ committedProvisional: true });

      // The committed deadline is due soon from 2027-01-08; D2's case is long overdue.
      let watch = h.readModels.overdueWatch({ today: '2027-01-08' });
      expect(watch.entries.map((e) => [e.applicationId, e.provisional])).to.deep.equal([
        [late.id, false],
        [committed.id, true],
      ]);
      expect(watch.departments).to.deep.equal([
        { department: 'D1', overdue: 0, dueSoon: 1, provisional: 1 },
        { department: 'D2', overdue: 1, dueSoon: 0, provisional: 0 },
      ]);
      expect(watch.provisionalNote).to.deep.equal(NOTE_2027);

      // A recomputation without the flag: the deadline is official now.
      await h.append(committed.s, 'DeadlineRecomputed', recomputed('2027-01-04', '2027-01-12'), '2027-01-04', 'system');
      await h.runner.catchUp();
      watch = h.readModels.overdueWatch({ today: '2027-01-08' });
      expect(watch.departments[0]).to.deep.equal({ department: 'D1', overdue: 0, dueSoon: 1, provisional: 0 });
      expect(watch.provisionalNote).to.equal(null);
      expect(watch.entries[1]).to.include({ provisional: false, committedProvisional: false, provisionalNote: null });
    });

    it('recounts intake due dates when the notice is imported; a committed deadline waits for its recomputation', async () => {
      const { calendar, switchTo } = switchableCalendar(createWorkCalendar());
      h = projectionHarness({ calendar });
      const intake = await open('D1', '2026-12-28');
      const committed = await open('D1', '2026-12-28');
      await h.append(committed.s, 'ApplicationAccepted', provisionally(accepted('2026-12-28', '2027-01-12')), '2026-12-28');
      const bundleId = randomUUID();
      const member = await open('D1', '2026-12-28', undefined, undefined, { bundleId });
      await h.runner.catchUp();
      expect(h.readModels.workQueue({ department: 'D1', today: '2026-12-29' }).bundles[0]).to.include({ nextDue: '2027-01-05', provisional: true });

      switchTo(createWorkCalendar({ overrides: [notice2027] }));
      await h.append('calendar', 'CalendarRevised', { version: calendar.version, note: '2027 notice' }, '2026-12-29', 'system');
      await h.runner.catchUp();
      const q = h.readModels.workQueue({ department: 'D1', today: '2026-12-29' });
      const byId = new Map(q.open.map((e) => [e.applicationId, e]));
      expect(byId.get(intake.id)).to.include({ dueOn: '2027-01-06', provisional: false, provisionalNote: null });
      expect(byId.get(member.id)).to.include({ dueOn: '2027-01-06', provisional: false });
      expect(q.bundles[0]).to.include({ nextDue: '2027-01-06', provisional: false });
      // Still flagged until its DeadlineRecomputed arrives: the note names the year of the date it waits on.
      expect(byId.get(committed.id)).to.deep.include({ dueOn: '2027-01-12', provisional: true, provisionalNote: NOTE_2027 });
    });
  });
});

/** Every date an entry shows: none may precede its submission. */
const DATE_FIELDS = ['receivedOn', 'acceptedOn', 'committedDeadline', 'dueOn', 'warnFrom'] as const;
const datesBefore = (e: WorkQueueEntry): string[] =>
  DATE_FIELDS.flatMap((f) => {
    const date = e[f];
    return date !== null && date < e.submittedOn ? [`${f} ${date}`] : [];
  });

const ZERO: TimeLimit = { value: 0, unit: 'working' };

describe('work queue: deemed acceptance, scopes and counts', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('shows a deemed-accepted 即办 bundle member overdue since receipt, says why, and dates nothing before its submission', async () => {
    h = projectionHarness();
    const calendar = defaultCalendar();
    const id = randomUUID();
    const s = `application-${id}`;
    // SB-002 in a YJS-01 bundle: committed limit 0, submitted Monday 2020-03-02; no one-time notice goes out.
    const data = submitted({ applicationId: id, department: 'D1', itemCode: 'SB-002', bundleId: randomUUID(), submittedOn: '2020-03-02', committedLimit: ZERO, statutoryLimit: ZERO });
    await h.append(s, 'ApplicationSubmitted', data, '2020-03-02');
    // 5 working days after receipt (03-09) have passed: accepted as of receipt, deadline the receipt day itself.
    const deemed = { ...computeDeadlines(calendar, '2020-03-02', ZERO, ZERO), acceptedOn: '2020-03-02', receivedOn: '2020-03-02', committedLimit: ZERO, statutoryLimit: ZERO };
    expect(deemed.committedDeadline).to.equal('2020-03-02');
    await h.append(s, 'DeemedAccepted', deemed, '2020-03-10', 'system', 'system');
    // A one-day item accepted on its submission day: the third-last working day before its deadline is the Friday before.
    const quick = await open('D1', '2020-03-02', '2020-03-02', '2020-03-03');
    await h.runner.catchUp();

    expect(warnFrom(calendar, '2020-03-02')).to.equal('2020-02-27');
    const q = h.readModels.workQueue({ department: 'D1', today: '2020-03-10' });
    const entry = q.open.find((e) => e.applicationId === id)!;
    expect(entry).to.deep.include({ section: 'processing', dueOn: '2020-03-02', warnFrom: '2020-03-02', overdue: true, dueSoon: false, deemedAccepted: true, acceptedOn: '2020-03-02' });
    expect(entry.overdueReason?.en).to.contain('Deemed accepted').and.contain('receipt on 2020-03-02');
    expect(entry.overdueReason?.zh).to.contain('视为受理');
    const other = q.open.find((e) => e.applicationId === quick.id)!;
    expect(other).to.deep.include({ warnFrom: '2020-03-02', deemedAccepted: false, overdue: true, overdueReason: { zh: '已超过承诺期限2020-03-03', en: 'Past the committed deadline 2020-03-03' } });
    for (const e of q.open) expect(datesBefore(e), e.applicationId).to.deep.equal([]);
    // Due soon from the day it came in, not overdue before it was.
    expect(h.readModels.workQueue({ department: 'D1', today: '2020-03-02' }).open.find((e) => e.applicationId === quick.id)).to.deep.include({ dueSoon: true, overdue: false, overdueReason: null });

    async function open(department: string, submittedOn: string, acceptedOn: string, deadline: string) {
      const other = randomUUID();
      await h.append(`application-${other}`, 'ApplicationSubmitted', submitted({ applicationId: other, department, submittedOn, committedLimit: { value: 1, unit: 'working' } }), submittedOn);
      await h.append(`application-${other}`, 'ApplicationAccepted', accepted(acceptedOn, deadline), acceptedOn);
      return { id: other };
    }
  });

  it('never warns before the submission, whatever the date, the limit and how the case was accepted (property)', () => {
    const calendar = defaultCalendar();
    const deps = { calendar, hashIdentity: (x: string) => x };
    const day = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2026, 9, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        fc.record({ value: fc.integer({ min: 0, max: 20 }), unit: fc.constantFrom('working' as const, 'natural' as const) }),
        // Accepted by a clerk after 0–4 working days, or deemed accepted (null) as of receipt.
        fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
        (submittedOn, limit, acceptAfter) => {
          const rows = new Map<string, WorkItemRow>();
          const store: WorkItemStore = {
            get: (rowId) => rows.get(rowId),
            put: (row) => void rows.set(row.applicationId, row),
            delete: (rowId) => void rows.delete(rowId),
            withDueDates: () => [...rows.values()].filter((r) => r.dueOn !== null),
          };
          const id = '00000000-0000-4000-8000-000000000001';
          const statutory: TimeLimit = { value: 20, unit: 'working' };
          const acceptedOn = acceptAfter === null ? submittedOn : calendar.addWorkdays(submittedOn, acceptAfter);
          const acceptance = { ...computeDeadlines(calendar, acceptedOn, limit, statutory), acceptedOn, committedLimit: limit, statutoryLimit: statutory };
          const events = [
            logEvent(id, 0, 'ApplicationSubmitted', submitted({ applicationId: id, submittedOn, committedLimit: limit, statutoryLimit: statutory })),
            acceptAfter === null
              ? logEvent(id, 1, 'DeemedAccepted', { ...acceptance, receivedOn: submittedOn })
              : logEvent(id, 1, 'ApplicationAccepted', acceptance),
          ];
          for (const event of events) {
            applyWorkQueue(event, store, deps);
            const row = rows.get(id)!;
            expect(row.warnFrom! >= submittedOn, `${event.type}: warnFrom ${String(row.warnFrom)} < ${submittedOn}`).to.equal(true);
            expect(datesBefore(toWorkQueueEntry(row, row.dueOn!, calendar))).to.deep.equal([]);
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(warnFromFor(calendar, '2020-03-03', '2020-03-02')).to.equal('2020-03-02');
    expect(warnFromFor(calendar, '2020-03-12', '2020-03-02')).to.equal('2020-03-10');
  });

  it("counts the scope's totals, not the page's, from the counts index; a hall scope counts the hall's", async () => {
    h = projectionHarness();
    const ids: string[] = [];
    const add = async (department: string, submittedOn: string, deadline?: string, hall?: string) => {
      const id = randomUUID();
      const s = `application-${id}`;
      ids.push(id);
      await h.append(s, 'ApplicationSubmitted', submitted({ applicationId: id, department, submittedOn }), submittedOn);
      if (deadline) await h.append(s, 'ApplicationAccepted', accepted(submittedOn, deadline), submittedOn);
      if (hall) await h.append(s, 'VisitRecorded', visited(submittedOn, hall, 'submit'), submittedOn);
      return s;
    };
    await add('D1', '2020-03-02', '2020-03-05', 'HALL-A'); // overdue on 03-10
    await add('D1', '2020-03-02', '2020-03-09'); // overdue
    await add('D1', '2020-03-02', '2020-03-11', 'HALL-A'); // due soon
    await add('D1', '2020-03-02', '2020-03-31'); // later
    await add('D1', '2020-03-09'); // intake, notice due 03-16
    const asked = await add('D1', '2020-03-03', undefined, 'HALL-A');
    await h.append(asked, 'SupplementRequested', supplementRequested('2020-03-04'), '2020-03-04');
    const pickup = await add('D1', '2020-03-02', '2020-03-20');
    await h.append(pickup, 'DecisionMade', decided('2020-03-04'), '2020-03-04');
    await h.append(pickup, 'ResultDispatched', dispatched('2020-03-05', 'pickup'), '2020-03-05');
    await add('D2', '2020-03-02', '2020-03-05', 'HALL-A');
    await h.runner.catchUp();

    const today = '2020-03-10';
    const page = h.readModels.workQueue({ department: 'D1', today, limit: 1 });
    expect(page).to.deep.include({ scope: 'department', hall: null });
    expect([page.open.length, page.waitingForApplicant.length]).to.deep.equal([1, 1]);
    expect(page.counts).to.deep.equal({ open: 5, overdue: 2, dueSoon: 1, waitingForApplicant: 2, bundles: 0 });
    // The same as counting the flags of every entry.
    const all = h.readModels.workQueue({ department: 'D1', today });
    expect(page.counts).to.deep.equal({
      open: all.open.length,
      overdue: all.open.filter((e) => e.overdue).length,
      dueSoon: all.open.filter((e) => e.dueSoon).length,
      waitingForApplicant: all.waitingForApplicant.length,
      bundles: all.bundles.length,
    });

    const hall = h.readModels.workQueue({ department: 'D1', hall: 'HALL-A', today, limit: 1 });
    expect(hall).to.deep.include({ scope: 'hall', hall: 'HALL-A' });
    expect(hall.open).to.have.length(1);
    expect(hall.counts).to.deep.equal({ open: 2, overdue: 1, dueSoon: 1, waitingForApplicant: 1, bundles: 0 });

    // Counted in the covering index, never from the documents.
    const table = workQueueTables(projectionStateStore(h.db).activeGeneration(WORK_QUEUE)!).items;
    for (const where of Object.values(SCOPE_WHERE)) {
      const plan = h.db.prepare(`EXPLAIN QUERY PLAN ${workQueueCountsSql(table, where)}`).all({ department: 'D1', hall: 'HALL-A', today }) as { detail: string }[];
      expect(plan.map((p) => p.detail).join('; ')).to.match(new RegExp(`COVERING INDEX ${table}_counts`));
    }
  });
});

function logEvent(applicationId: string, revision: number, type: string, data: unknown): LogEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: { actor: { role: 'system', id: 'test' }, channel: 'system', commandId: 'c', correlationId: 'c', causationId: 'c', occurredAt: '2020-01-01T09:00:00.000+08:00' },
    streamId: `application-${applicationId}`,
    revision,
    position: revision + 1,
  } as LogEvent;
}

import fc from 'fast-check';
import type { ActorRole, Channel, DeliveryMode, MaterialSource, TimeLimit } from '../../events/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';

/**
 * Random but legal histories for property tests: applications (some in bundles) that go through intake,
 * supplements, suspensions, extensions, calendar recomputations, decisions by staff or rule, dispatch,
 * visits, closing, ratings and review tickets, on dates across the 2020 holidays.
 */

export interface HistoryEvent {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  on: string;
  channel: Channel;
  role: ActorRole;
}

export interface ItemSpec {
  code: string;
  department: string;
  committed: TimeLimit;
  statutory: TimeLimit;
  fastTrack: boolean;
}

export const ITEMS: readonly ItemSpec[] = [
  { code: 'UNEMPLOYMENT', department: 'EMPLOYMENT', committed: { value: 3, unit: 'working' }, statutory: { value: 20, unit: 'working' }, fastTrack: true },
  { code: 'INJURY', department: 'INJURY', committed: { value: 30, unit: 'working' }, statutory: { value: 60, unit: 'natural' }, fastTrack: false },
  { code: 'CARD', department: 'CARD', committed: { value: 0, unit: 'working' }, statutory: { value: 0, unit: 'working' }, fastTrack: false },
  { code: 'PENSION', department: 'PENSION', committed: { value: 5, unit: 'working' }, statutory: { value: 15, unit: 'working' }, fastTrack: true },
  { code: 'ARBITRATION', department: 'LABOUR', committed: { value: 30, unit: 'natural' }, statutory: { value: 45, unit: 'natural' }, fastTrack: false },
  { code: 'TALENT', department: 'EMPLOYMENT', committed: { value: 1, unit: 'working' }, statutory: { value: 10, unit: 'working' }, fastTrack: true },
];

const CHANNELS: readonly Channel[] = ['provincial-portal', 'yueshengshi', 'fs12345', 'window', 'kiosk'];
const SOURCES: readonly MaterialSource[] = ['upload', 'e-licence', 'paper'];
const BUNDLE_CODES = ['RETIREMENT', 'UNEMPLOYED', 'HIRING'] as const;

const appSpec = fc.record({
  offset: fc.integer({ min: 0, max: 340 }),
  item: fc.integer({ min: 0, max: ITEMS.length - 1 }),
  channel: fc.constantFrom(...CHANNELS),
  materials: fc.array(fc.constantFrom(...SOURCES), { maxLength: 3 }),
  delivery: fc.constantFrom<DeliveryMode>('electronic', 'express', 'pickup'),
  preReview: fc.boolean(),
  supplement: fc.option(
    fc.record({
      after: fc.integer({ min: 0, max: 3 }),
      wait: fc.integer({ min: 0, max: 6 }),
      sources: fc.array(fc.constantFrom(...SOURCES), { minLength: 1, maxLength: 2 }),
      channel: fc.constantFrom(...CHANNELS),
      byApplicant: fc.boolean(),
    }),
    { freq: 3 },
  ),
  intake: fc.constantFrom('accept', 'accept', 'accept', 'accept', 'deemed', 'refuse', 'withdraw'),
  acceptAfter: fc.integer({ min: 0, max: 4 }),
  suspensions: fc.array(
    fc.record({ after: fc.integer({ min: 0, max: 6 }), length: fc.integer({ min: 0, max: 9 }), reason: fc.constantFrom('hearing', 'expert-review', 'applicant-supplement') }),
    { maxLength: 2 },
  ),
  extension: fc.option(fc.record({ after: fc.integer({ min: 0, max: 12 }), days: fc.integer({ min: 1, max: 10 }) }), { freq: 3 }),
  recompute: fc.option(fc.integer({ min: 0, max: 2 }), { freq: 4 }),
  stop: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'before-decision', 'withdraw', 'before-receipt'),
  decideAfter: fc.integer({ min: 0, max: 30 }),
  byRule: fc.boolean(),
  approved: fc.boolean(),
  receiveAfter: fc.integer({ min: 0, max: 6 }),
  visits: fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 3 }),
  rating: fc.option(
    fc.record({
      after: fc.integer({ min: 0, max: 10 }),
      level: fc.integer({ min: 1, max: 5 }),
      resolveAfter: fc.option(fc.integer({ min: 0, max: 35 })),
      appeal: fc.option(fc.boolean(), { freq: 3 }),
    }),
    { freq: 2 },
  ),
});
export type AppSpec = typeof appSpec extends fc.Arbitrary<infer T> ? T : never;

const bundleSpec = fc.record({
  offset: fc.integer({ min: 0, max: 320 }),
  code: fc.constantFrom(...BUNDLE_CODES),
  channel: fc.constantFrom(...CHANNELS),
  members: fc.array(appSpec, { minLength: 1, maxLength: 3 }),
  completeAfter: fc.integer({ min: 0, max: 3 }),
});

export const historySpec = fc.record({
  applications: fc.array(appSpec, { minLength: 1, maxLength: 60 }),
  bundles: fc.array(bundleSpec, { maxLength: 6 }),
});
export type HistorySpec = typeof historySpec extends fc.Arbitrary<infer T> ? T : never;

/** A deterministic uuid-shaped id from a counter, so shrunk histories stay readable. */
const uuidOf = (n: number, kind: number): string => `00000000-0000-4000-8${kind}00-${String(n).padStart(12, '0')}`;

const START = '2020-01-02';

function plusDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Turns a spec into events in the order of the log: by date, and within a date by when they were generated. */
export function buildHistory(spec: HistorySpec, calendar: WorkCalendar): HistoryEvent[] {
  const events: (HistoryEvent & { seq: number })[] = [];
  let seq = 0;
  let ids = 0;
  const emit = (streamId: string, type: string, on: string, data: Record<string, unknown>, channel: Channel = 'system', role: ActorRole = 'clerk') => {
    events.push({ streamId, type, on, data, channel, role, seq: seq++ });
  };

  /** One application's lifecycle; returns its conclusion for a bundle (date and outcome), or null if it stays open. */
  const application = (a: AppSpec, submittedOn: string, bundle?: { id: string }): { on: string; outcome: string } | null => {
    const id = uuidOf(++ids, 1);
    const s = `application-${id}`;
    const item = ITEMS[a.item]!;
    let day = submittedOn;
    const at = (n: number): string => (day = plusDays(day, n));
    emit(s, 'ApplicationSubmitted', day, {
      applicationId: id,
      itemCode: item.code,
      catalogVersion: 1,
      department: item.department,
      channel: a.channel,
      applicant: { id: `applicant-${ids % 7}`, kind: 'individual', name: '测试', idNumber: `4406011990${String(ids).padStart(8, '0')}` },
      form: {},
      materials: a.materials.map((source, i) => ({ code: `M${i}`, source })),
      delivery: { mode: a.delivery },
      submittedOn: day,
      ...(bundle ? { bundleId: bundle.id } : {}),
      committedLimit: item.committed,
      statutoryLimit: item.statutory,
      fastTrack: item.fastTrack,
    }, a.channel);
    const visitBase = day;
    const closeOn = (on: string, outcome: string) => emit(s, 'ApplicationClosed', on, { outcome, closedOn: on });
    // Visits fall anywhere from submission on, some after closing (which no longer count).
    const visits = () => {
      for (const v of a.visits) {
        const on = plusDays(visitBase, v);
        emit(s, 'VisitRecorded', on, { hall: `HALL-${v % 3}`, purpose: 'consult', visitedOn: on }, 'window');
      }
    };
    if (a.preReview) emit(s, 'PreReviewCompleted', day, { outcome: 'passed', reviewedOn: day }, 'system');
    let receivedOn = day;
    if (a.supplement) {
      const requestId = `req-${id}`;
      emit(s, 'SupplementRequested', at(a.supplement.after), { requestId, missing: [{ code: 'M9', reason: 'missing' }], requestedOn: day }, 'window');
      receivedOn = at(a.supplement.wait);
      emit(s, 'SupplementReceived', day, {
        requestId,
        materials: a.supplement.sources.map((source, i) => ({ code: `S${i}`, source })),
        receivedOn: day,
      }, a.supplement.channel, a.supplement.byApplicant ? 'applicant' : 'clerk');
    }
    if (a.intake === 'refuse' || a.intake === 'withdraw') {
      const on = at(a.acceptAfter);
      visits();
      if (a.intake === 'refuse') emit(s, 'IntakeRefused', on, { reason: 'not ours', refusedOn: on }, 'window');
      else emit(s, 'ApplicationWithdrawn', on, { reason: 'changed mind', withdrawnOn: on }, a.channel);
      closeOn(on, a.intake === 'refuse' ? 'refused' : 'withdrawn');
      return { on, outcome: a.intake === 'refuse' ? 'refused' : 'withdrawn' };
    }
    const acceptedOn = a.intake === 'deemed' ? receivedOn : at(a.acceptAfter);
    if (a.intake === 'deemed') at(5);
    const deadlineAfter = (extra: number): string =>
      item.committed.unit === 'working' ? calendar.addWorkdays(acceptedOn, item.committed.value + extra) : calendar.addNaturalDays(acceptedOn, item.committed.value + extra);
    let suspendedTotal = 0;
    let extensionTotal = 0;
    let deadline = deadlineAfter(0);
    const deadlines = () => ({ committedDeadline: deadline, statutoryDeadline: null, calendarVersion: calendar.version });
    const limits = { committedLimit: item.committed, statutoryLimit: item.statutory };
    if (a.intake === 'deemed') {
      emit(s, 'DeemedAccepted', day, { ...deadlines(), acceptedOn, receivedOn, ...limits });
    } else {
      emit(s, 'ApplicationAccepted', day, { ...deadlines(), acceptedOn, ...limits }, 'window');
    }
    for (const sus of a.suspensions) {
      const from = at(sus.after);
      emit(s, 'ClockSuspended', from, { reason: sus.reason, legalBasis: '第45条', suspendedOn: from });
      const to = at(sus.length);
      const workdays = calendar.workdaysBetween(from, to);
      suspendedTotal += workdays;
      deadline = deadlineAfter(suspendedTotal + extensionTotal);
      emit(s, 'ClockResumed', to, { ...deadlines(), resumedOn: to, suspendedWorkdays: workdays });
    }
    if (a.extension) {
      const on = plusDays(day, a.extension.after);
      // The write side refuses an extension after the deadline: a legal history has none.
      if (on <= deadline) {
        day = on;
        extensionTotal += a.extension.days;
        deadline = deadlineAfter(suspendedTotal + extensionTotal);
        emit(s, 'ExtensionGranted', on, { ...deadlines(), days: a.extension.days, approver: 'head', reason: 'complex', grantedOn: on });
      }
    }
    if (a.recompute !== null) {
      deadline = calendar.addWorkdays(deadline, a.recompute);
      emit(s, 'DeadlineRecomputed', day, { ...deadlines(), recomputedOn: day });
    }
    if (a.stop === 'before-decision') {
      visits();
      return null;
    }
    if (a.stop === 'withdraw') {
      const on = at(a.decideAfter % 5);
      visits();
      emit(s, 'ApplicationWithdrawn', on, { reason: 'no longer needed', withdrawnOn: on }, a.channel);
      closeOn(on, 'withdrawn');
      return { on, outcome: 'withdrawn' };
    }
    const decidedOn = at(a.decideAfter);
    const outcome = a.approved ? 'approved' : 'denied';
    emit(s, 'DecisionMade', decidedOn, { outcome, decidedBy: a.byRule ? 'rule' : 'staff', legalBasis: 'basis', decidedOn }, a.byRule ? 'system' : 'window');
    let closedOn: string | null = decidedOn;
    if (a.approved) {
      emit(s, 'ResultIssued', decidedOn, { documentType: 'certificate', documentNo: `DOC-${id}`, issuedOn: decidedOn });
      const dispatchOn = at(1);
      emit(s, 'ResultDispatched', dispatchOn, {
        mode: a.delivery,
        ...(a.delivery === 'express' ? { carrier: 'EMS', waybillNo: `EMS${ids}` } : {}),
        dispatchedOn: dispatchOn,
      });
      if (a.stop === 'before-receipt') closedOn = null;
      else {
        closedOn = at(a.receiveAfter);
        emit(s, 'ResultReceived', closedOn, { receivedOn: closedOn }, a.delivery === 'pickup' ? 'window' : 'system');
      }
    }
    visits();
    if (closedOn === null) return { on: decidedOn, outcome };
    closeOn(closedOn, outcome);
    if (a.rating) {
      const ratedOn = at(a.rating.after);
      emit(s, 'ApplicationRated', ratedOn, { level: a.rating.level, indicators: {}, tags: [], ratedOn }, a.channel);
      if (a.rating.level <= 2) {
        const ticketId = uuidOf(++ids, 2);
        const t = `review-${ticketId}`;
        const dueOn = calendar.addWorkdays(ratedOn, 15);
        emit(t, 'ReviewTicketOpened', ratedOn, { ticketId, applicationId: id, itemCode: item.code, department: item.department, level: a.rating.level, tags: ['slow'], openedOn: ratedOn, dueOn, dueWorkdays: 15 });
        let tday = ratedOn;
        if (a.rating.appeal !== null && !a.rating.appeal) {
          emit(t, 'ReviewAppealFiled', tday, { reason: 'wrong', filedOn: tday });
          emit(t, 'ReviewAppealDecided', tday, { upheld: true, note: 'upheld', decidedOn: tday });
        }
        if (a.rating.resolveAfter !== null) {
          tday = plusDays(tday, a.rating.resolveAfter);
          // As the review decider rules: within 15 working days of opening, a weekend after the due day included.
          emit(t, 'ReviewResolved', tday, { resolution: 'rectified', note: 'fixed', resolvedOn: tday, onTime: calendar.workdaysBetween(ratedOn, tday) <= 15 });
        }
        if (a.rating.appeal === true) {
          emit(t, 'ReviewAppealFiled', tday, { reason: 'wrong', filedOn: tday });
          emit(t, 'ReviewAppealDecided', tday, { upheld: ids % 2 === 0, note: 'decided', decidedOn: tday });
        }
      }
    }
    return { on: decidedOn, outcome };
  };

  for (const a of spec.applications) application(a, plusDays(START, a.offset));
  for (const b of spec.bundles) {
    const bundleId = uuidOf(++ids, 3);
    const bs = `bundle-${bundleId}`;
    const submittedOn = plusDays(START, b.offset);
    emit(bs, 'BundleSubmitted', submittedOn, {
      bundleId,
      bundleCode: b.code,
      catalogVersion: 1,
      channel: b.channel,
      applicant: { id: 'bundle-applicant', kind: 'individual', name: '测试' },
      form: {},
      materials: [],
      delivery: { mode: 'express' },
      submittedOn,
      members: b.members.map((_, i) => ({ itemCode: `MEMBER-${i}`, dependsOn: [] })),
    }, b.channel);
    let last: string | null = null;
    let open = false;
    b.members.forEach((m, i) => {
      const applicationId = uuidOf(ids + 1, 1);
      const concluded = application(m, submittedOn, { id: bundleId });
      emit(bs, 'BundleMemberOpened', submittedOn, { itemCode: `MEMBER-${i}`, applicationId, openedOn: submittedOn });
      if (!concluded) {
        open = true;
        return;
      }
      emit(bs, 'BundleMemberConcluded', concluded.on, { itemCode: `MEMBER-${i}`, applicationId, outcome: concluded.outcome, concludedOn: concluded.on });
      if (last === null || concluded.on > last) last = concluded.on;
    });
    if (!open && last !== null) {
      const completedOn = plusDays(last, b.completeAfter);
      emit(bs, 'BundleCompleted', completedOn, { outcome: 'complete', approved: [], notApproved: [], skipped: [], completedOn });
    }
  }
  return events.sort((x, y) => (x.on < y.on ? -1 : x.on > y.on ? 1 : x.seq - y.seq)).map(({ seq: _seq, ...e }) => e);
}

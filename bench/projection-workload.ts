import { randomUUID } from 'node:crypto';
import type { Channel, DeliveryMode, MaterialSource } from '../events/index.js';
import type { NewEvent } from '../infra/store/port.js';
import type { WorkCalendar } from '../services/calendar/index.js';
import type { Bundle, Catalog, ServiceItem } from '../services/catalog/index.js';

/**
 * A deterministic synthetic bureau for the projection benchmark: about 400 submissions a working day over
 * the built-in catalog's 97 items and 10 bundles, each application living its lifecycle over the following
 * weeks (supplements, suspensions, extensions, 秒批, express, visits, ratings, bad-review tickets), so
 * the log interleaves thousands of open applications as a real one does.
 */

export interface DayAppends {
  day: string;
  appends: { streamId: string; events: NewEvent[] }[];
}

/** mulberry32: small, fast, reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONLINE: readonly Channel[] = ['provincial-portal', 'yueshengshi', 'fs12345'];

export function benchWorkload(catalog: Catalog, calendar: WorkCalendar, options: { perDay?: number; seed?: number; start?: string } = {}) {
  const rnd = prng(options.seed ?? 2020);
  const perDay = options.perDay ?? 400;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number): boolean => rnd() < p;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pending = new Map<string, Map<string, NewEvent[]>>();
  const streamOrder = new Map<string, string[]>();

  const at = (day: string, streamId: string, type: string, data: unknown, channel: Channel = 'system', role: 'clerk' | 'applicant' | 'system' | 'rule-engine' = 'clerk') => {
    let streams = pending.get(day);
    if (!streams) {
      streams = new Map();
      pending.set(day, streams);
      streamOrder.set(day, []);
    }
    let list = streams.get(streamId);
    if (!list) {
      list = [];
      streams.set(streamId, list);
      streamOrder.get(day)!.push(streamId);
    }
    const id = randomUUID();
    list.push({
      type,
      data,
      metadata: { actor: { role, id: `${role}-${int(1, 40)}` }, channel, commandId: id, correlationId: id, causationId: id, occurredAt: `${day}T10:00:00.000+08:00` },
    });
  };

  const materials = (): { code: string; source: MaterialSource }[] =>
    Array.from({ length: int(1, 4) }, (_, i) => ({ code: `M${i + 1}`, source: rnd() < 0.5 ? 'e-licence' : rnd() < 0.7 ? 'upload' : 'paper' }));

  /** Schedules one application's whole life from its submission day; returns its id and conclusion day. */
  const application = (day0: string, item: ServiceItem, channel: Channel, bundleId?: string): { id: string; concludedOn: string; outcome: string } => {
    const id = randomUUID();
    const s = `application-${id}`;
    const delivery: DeliveryMode = pick(['electronic', 'express', 'express', 'pickup']);
    const applicantId = `ap-${int(1, 500_000)}`;
    at(day0, s, 'ApplicationSubmitted', {
      applicationId: id,
      itemCode: item.code,
      catalogVersion: 1,
      department: item.department,
      channel,
      applicant: { id: applicantId, kind: 'individual', name: '申请人', idNumber: `440601${int(1950, 2000)}0101${String(int(0, 9999)).padStart(4, '0')}` },
      form: { note: 'bench' },
      materials: materials(),
      delivery: { mode: delivery },
      submittedOn: day0,
      ...(bundleId ? { bundleId } : {}),
      committedLimit: item.committedLimit,
      statutoryLimit: item.statutoryLimit,
      fastTrack: item.fastTrack,
    }, channel, 'applicant');
    let day = day0;
    const later = (n: number): string => (day = calendar.addWorkdays(day, n));
    if (chance(0.15)) at(day0, s, 'VisitRecorded', { hall: `HALL-${int(1, 5)}`, purpose: 'consult', visitedOn: day0 }, 'window');
    if (chance(0.2)) {
      const requestId = randomUUID();
      at(later(1), s, 'SupplementRequested', { requestId, missing: [{ code: 'M9', reason: '缺少材料' }], requestedOn: day }, 'window');
      at(later(int(1, 3)), s, 'SupplementReceived', { requestId, materials: [{ code: 'M9', source: chance(0.5) ? 'upload' : 'paper' }], receivedOn: day }, pick([...ONLINE, 'window']), 'applicant');
    }
    if (chance(0.03)) {
      at(later(1), s, 'IntakeRefused', { reason: '不属于本机关职权范围', refusedOn: day }, 'window');
      at(day, s, 'ApplicationClosed', { outcome: 'refused', closedOn: day });
      return { id, concludedOn: day, outcome: 'refused' };
    }
    if (chance(0.02)) {
      at(later(1), s, 'ApplicationWithdrawn', { reason: '申请人撤回', withdrawnOn: day }, channel, 'applicant');
      at(day, s, 'ApplicationClosed', { outcome: 'withdrawn', closedOn: day });
      return { id, concludedOn: day, outcome: 'withdrawn' };
    }
    const acceptedOn = item.committedLimit.value === 0 ? day : later(int(0, 1));
    const limit = item.committedLimit;
    const deadlineAfter = (extra: number) =>
      limit.unit === 'working' ? calendar.addWorkdays(acceptedOn, limit.value + extra) : calendar.addNaturalDays(acceptedOn, limit.value + extra);
    let extra = 0;
    let deadline = deadlineAfter(0);
    const deadlines = () => ({ committedDeadline: deadline, statutoryDeadline: null, calendarVersion: calendar.version });
    at(acceptedOn, s, 'ApplicationAccepted', { ...deadlines(), acceptedOn, committedLimit: item.committedLimit, statutoryLimit: item.statutoryLimit }, 'window');
    if (limit.value > 0 && chance(0.1)) {
      const from = later(1);
      at(from, s, 'ClockSuspended', { reason: pick(['hearing', 'expert-review', 'applicant-supplement']), legalBasis: '行政许可法第45条', suspendedOn: from });
      const to = later(int(1, 5));
      const workdays = calendar.workdaysBetween(from, to);
      extra += workdays;
      deadline = deadlineAfter(extra);
      at(to, s, 'ClockResumed', { ...deadlines(), resumedOn: to, suspendedWorkdays: workdays });
    }
    if (limit.value > 0 && item.extensionDays > 0 && chance(0.04)) {
      extra += item.extensionDays;
      deadline = deadlineAfter(extra);
      at(day, s, 'ExtensionGranted', { ...deadlines(), days: item.extensionDays, approver: 'head', reason: '情况复杂', grantedOn: day });
    }
    const byRule = item.instantApproval !== undefined && chance(0.7);
    const decidedOn = limit.value === 0 || byRule ? day : later(int(0, Math.min(limit.value + 2, 25)));
    const approved = chance(0.9);
    at(decidedOn, s, 'DecisionMade', { outcome: approved ? 'approved' : 'denied', decidedBy: byRule ? 'rule' : 'staff', legalBasis: item.legalBasis, decidedOn }, byRule ? 'system' : 'window', byRule ? 'rule-engine' : 'clerk');
    let closedOn = decidedOn;
    if (approved) {
      at(decidedOn, s, 'ResultIssued', { documentType: 'certificate', documentNo: `DOC-${id.slice(0, 8)}`, issuedOn: decidedOn });
      const sent = later(1);
      at(sent, s, 'ResultDispatched', { mode: delivery, ...(delivery === 'express' ? { carrier: 'EMS', waybillNo: `EMS${int(1e9, 9e9)}` } : {}), dispatchedOn: sent });
      closedOn = later(int(1, 3));
      at(closedOn, s, 'ResultReceived', { receivedOn: closedOn }, delivery === 'pickup' ? 'window' : 'system');
    }
    at(closedOn, s, 'ApplicationClosed', { outcome: approved ? 'approved' : 'denied', closedOn });
    if (chance(0.6)) {
      const ratedOn = later(int(0, 2));
      const r = rnd();
      const level = r < 0.6 ? 5 : r < 0.85 ? 4 : r < 0.93 ? 3 : r < 0.97 ? 2 : 1;
      at(ratedOn, s, 'ApplicationRated', { level, indicators: { 整体满意度: level }, tags: [], ratedOn }, channel, 'applicant');
      if (level <= 2) {
        const ticketId = randomUUID();
        const t = `review-${ticketId}`;
        const dueOn = calendar.addWorkdays(ratedOn, 15);
        at(ratedOn, t, 'ReviewTicketOpened', { ticketId, applicationId: id, itemCode: item.code, department: item.department, level, tags: ['无理由超过法定办理时间'], openedOn: ratedOn, dueOn, dueWorkdays: 15 });
        at(later(1), t, 'ReviewCallbackMade', { note: '已回访', calledOn: day });
        const resolvedOn = later(int(1, 18));
        at(resolvedOn, t, 'ReviewResolved', { resolution: 'rectified', note: '已整改', resolvedOn, onTime: resolvedOn <= dueOn });
      }
    }
    return { id, concludedOn: decidedOn, outcome: approved ? 'approved' : 'denied' };
  };

  const bundle = (day0: string, b: Bundle): void => {
    const bundleId = randomUUID();
    const s = `bundle-${bundleId}`;
    const channel = pick(ONLINE);
    at(day0, s, 'BundleSubmitted', {
      bundleId,
      bundleCode: b.code,
      catalogVersion: 1,
      channel,
      applicant: { id: `ap-${int(1, 500_000)}`, kind: 'individual', name: '申请人' },
      form: {},
      materials: materials(),
      delivery: { mode: 'express' },
      submittedOn: day0,
      members: b.members.map((m) => ({ itemCode: m.itemCode, dependsOn: [...m.dependsOn] })),
    }, channel, 'applicant');
    let last = day0;
    for (const m of b.members) {
      const item = catalog.item(m.itemCode)!;
      const member = application(day0, item, channel, bundleId);
      at(day0, s, 'BundleMemberOpened', { itemCode: m.itemCode, applicationId: member.id, openedOn: day0 });
      at(member.concludedOn, s, 'BundleMemberConcluded', { itemCode: m.itemCode, applicationId: member.id, outcome: member.outcome, concludedOn: member.concludedOn });
      if (member.concludedOn > last) last = member.concludedOn;
    }
    at(last, s, 'BundleCompleted', { outcome: 'complete', approved: b.members.map((m) => m.itemCode), notApproved: [], skipped: [], completedOn: last });
  };

  const items = catalog.items;
  return function* days(start = options.start ?? '2020-01-02'): Generator<DayAppends, never, undefined> {
    let day = calendar.isWorkday(start) ? start : calendar.addWorkdays(start, 1);
    for (;;) {
      for (let i = 0; i < perDay; i++) {
        if (chance(0.03)) bundle(day, pick(catalog.bundles));
        else application(day, pick(items), chance(0.6) ? pick(ONLINE) : chance(0.75) ? 'window' : 'kiosk');
      }
      const streams = pending.get(day)!;
      const order = streamOrder.get(day)!;
      pending.delete(day);
      streamOrder.delete(day);
      yield { day, appends: order.map((streamId) => ({ streamId, events: streams.get(streamId)! })) };
      day = calendar.addWorkdays(day, 1);
    }
  };
}

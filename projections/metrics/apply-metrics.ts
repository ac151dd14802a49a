import { ONLINE_CHANNELS } from '../../events/index.js';
import type { EventMetadata } from '../../events/index.js';
import type { ProjectionDeps } from '../calendar-port.js';
import { eventIn, eventTypeSet } from '../event-set.js';
import { extensionSaves } from '../extension-rule.js';
import { applicationIdOf, bundleIdOf, monthOf, ticketIdOf } from '../log-event.js';
import type { LogEvent } from '../log-event.js';
import { applicationBuckets, bundleBuckets } from './buckets.js';
import { countsProvisionalDays, limitInWorkdays } from './limits.js';
import type { ApplicationFacts, MetricsStore } from './metric-facts.js';

export const METRICS_EVENTS = eventTypeSet([
  'ApplicationSubmitted',
  'SupplementReceived',
  'ApplicationAccepted',
  'DeemedAccepted',
  'ClockSuspended',
  'ClockResumed',
  'ExtensionGranted',
  'DeadlineRecomputed',
  'DecisionMade',
  'ResultDispatched',
  'ResultReceived',
  'VisitRecorded',
  'ApplicationClosed',
  'ApplicationRated',
  'BundleSubmitted',
  'BundleMemberConcluded',
  'BundleCompleted',
  'ReviewTicketOpened',
  'ReviewResolved',
  'ReviewAppealDecided',
]);

const one = (yes: boolean): number => (yes ? 1 : 0);

/** The applicant at a window handing in paper material (an implicit visit of §6). */
export function paperHandedInAtWindow(metadata: EventMetadata, materials: readonly { source: string }[]): boolean {
  return metadata.channel === 'window' && metadata.actor.role === 'applicant' && materials.some((m) => m.source === 'paper');
}

/** §6 turnaround: P = elapsed(accept, conclusion) − S, with a suspension still open at conclusion counted into S. */
export function processingWorkdays(facts: ApplicationFacts, concludedOn: string, deps: ProjectionDeps): number {
  const { calendar } = deps;
  const acceptedOn = facts.acceptedOn!;
  const openSuspension = facts.suspendedOn === null ? 0 : calendar.workdaysBetween(facts.suspendedOn, concludedOn);
  return calendar.workdaysBetween(acceptedOn, concludedOn) - facts.suspendedWorkdays - openSuspension;
}

function conclude(facts: ApplicationFacts, decidedOn: string, store: MetricsStore, deps: ProjectionDeps): void {
  const buckets = applicationBuckets(facts);
  const month = monthOf(decidedOn);
  const acceptedOn = facts.acceptedOn!;
  const p = processingWorkdays(facts, decidedOn, deps);
  const statutory = limitInWorkdays(facts.statutoryLimit, acceptedOn, deps.calendar);
  store.count(buckets, month, {
    concluded: 1,
    turnaroundSum: p,
    // §6 on-time rate: on or before the committed deadline in force.
    concludedOnTime: one(facts.committedDeadline !== null && decidedOn <= facts.committedDeadline),
    // §6 即办 share: concluded on the acceptance date.
    concludedSameDay: one(decidedOn === acceptedOn),
    // §6 realized speed-up: over applications with a statutory limit > 0.
    statutoryConcluded: one(statutory > 0),
    statutoryTurnaroundSum: statutory > 0 ? p : 0,
    statutoryLimitSum: statutory,
    // §6 fast-track hit rate: P ≤ committed limit, fast-track items only.
    fastTrackConcluded: one(facts.fastTrack),
    fastTrackHit: one(facts.fastTrack && p <= limitInWorkdays(facts.committedLimit, acceptedOn, deps.calendar)),
    provisionalFigures: one(countsProvisionalDays(acceptedOn, decidedOn, [facts.statutoryLimit, facts.committedLimit], deps.calendar)),
  });
  store.observe(buckets, month, 'turnaround', p);
  // §6 promised speed-up is per item: the items concluded in the bucket, with their limits.
  store.itemLimits(buckets, month, facts.itemCode, facts.statutoryLimit, facts.committedLimit);
}

/** Folds one event into the supervisors' metrics (metrics projection): every figure of DESIGN.md §6. */
export function applyMetrics(event: LogEvent, store: MetricsStore, deps: ProjectionDeps): void {
  if (!eventIn(METRICS_EVENTS, event)) return;
  switch (event.type) {
    case 'ApplicationSubmitted': {
      const d = event.data;
      const bundle = d.bundleId === undefined ? undefined : store.bundle(d.bundleId);
      const facts: ApplicationFacts = {
        applicationId: applicationIdOf(event.streamId),
        itemCode: d.itemCode,
        department: d.department,
        channel: d.channel,
        bundleCode: bundle?.bundleCode ?? null,
        submittedMonth: monthOf(d.submittedOn),
        zeroSubmission: d.materials.every((m) => m.source === 'e-licence'),
        acceptedOn: null,
        committedLimit: d.committedLimit,
        statutoryLimit: d.statutoryLimit,
        fastTrack: d.fastTrack,
        committedDeadline: null,
        suspendedWorkdays: 0,
        suspendedOn: null,
        decidedOn: null,
        // §6 visits: a submission at a window is an implicit visit.
        visits: one(d.channel === 'window'),
        lastDispatchMode: null,
        closedOn: null,
        ratedMonth: null,
        ratingLevel: null,
        ratingVoid: false,
      };
      store.putApplication(facts);
      // §6 online intake rate and zero-submission rate, by submission month.
      store.count(applicationBuckets(facts), facts.submittedMonth, {
        submitted: 1,
        submittedOnline: one(ONLINE_CHANNELS.includes(d.channel)),
        submittedZeroSubmission: one(facts.zeroSubmission),
      });
      return;
    }
    case 'BundleSubmitted':
      store.putBundle({
        bundleId: bundleIdOf(event.streamId),
        bundleCode: event.data.bundleCode,
        channel: event.data.channel,
        submittedOn: event.data.submittedOn,
        lastMemberConcludedOn: null,
        completedOn: null,
      });
      return;
    case 'BundleMemberConcluded': {
      const b = store.bundle(bundleIdOf(event.streamId));
      if (!b) return;
      if (b.lastMemberConcludedOn === null || event.data.concludedOn > b.lastMemberConcludedOn) {
        b.lastMemberConcludedOn = event.data.concludedOn;
      }
      store.putBundle(b);
      return;
    }
    case 'BundleCompleted': {
      const b = store.bundle(bundleIdOf(event.streamId));
      if (!b || b.completedOn !== null) return;
      b.completedOn = event.data.completedOn;
      store.putBundle(b);
      // §6 bundle turnaround: elapsed(bundle submission, last member's conclusion).
      const last = b.lastMemberConcludedOn ?? event.data.completedOn;
      const t = deps.calendar.workdaysBetween(b.submittedOn, last);
      const buckets = bundleBuckets(b);
      store.count(buckets, monthOf(last), { bundlesCompleted: 1, bundleTurnaroundSum: t, provisionalFigures: one(deps.calendar.isProvisional(last)) });
      store.observe(buckets, monthOf(last), 'bundle-turnaround', t);
      return;
    }
    case 'ReviewTicketOpened': {
      const d = event.data;
      const app = store.application(d.applicationId);
      store.putTicket({
        ticketId: ticketIdOf(event.streamId),
        applicationId: d.applicationId,
        dueOn: d.dueOn,
        buckets: applicationBuckets({
          itemCode: d.itemCode,
          department: d.department,
          channel: app?.channel ?? 'system',
          bundleCode: app?.bundleCode ?? null,
        }),
        resolvedMonth: null,
        resolvedOnTime: false,
        void: false,
      });
      return;
    }
    case 'ReviewResolved': {
      const t = store.ticket(ticketIdOf(event.streamId));
      if (!t || t.void || t.resolvedMonth !== null) return;
      t.resolvedMonth = monthOf(event.data.resolvedOn);
      // The review decider's verdict: resolved within the ticket's working days (elapsed(openedOn, resolvedOn) ≤ dueWorkdays).
      t.resolvedOnTime = event.data.onTime;
      store.putTicket(t);
      // §6 bad-review rectification on-time rate.
      store.count(t.buckets, t.resolvedMonth, { reviewsResolved: 1, reviewsResolvedOnTime: one(t.resolvedOnTime) });
      return;
    }
    case 'ReviewAppealDecided': {
      const t = store.ticket(ticketIdOf(event.streamId));
      if (!t || t.void || !event.data.upheld) return;
      // An upheld appeal (申诉复核) means the bad rating was wrongly filed: it leaves satisfaction and the ticket's count.
      t.void = true;
      store.putTicket(t);
      if (t.resolvedMonth !== null) {
        store.count(t.buckets, t.resolvedMonth, { reviewsResolved: -1, reviewsResolvedOnTime: -one(t.resolvedOnTime) });
      }
      const app = store.application(t.applicationId);
      if (app && app.ratedMonth !== null && !app.ratingVoid) {
        app.ratingVoid = true;
        store.putApplication(app);
        store.count(applicationBuckets(app), app.ratedMonth, { ratings: -1, ratingsGood: -one((app.ratingLevel ?? 0) >= 4) });
      }
      return;
    }
    default:
      break;
  }

  const facts = store.application(applicationIdOf(event.streamId));
  if (!facts) return;
  const buckets = applicationBuckets(facts);
  switch (event.type) {
    case 'SupplementReceived': {
      const materials = event.data.materials;
      if (facts.zeroSubmission && materials.some((m) => m.source !== 'e-licence')) {
        facts.zeroSubmission = false;
        store.count(buckets, facts.submittedMonth, { submittedZeroSubmission: -1 });
      }
      // §6 visits: paper brought to a window — when the applicant handed it in there themself. A clerk recording
      // paper says nothing of how it came (free express or in person): an in-person delivery is a VisitRecorded.
      if (facts.closedOn === null && paperHandedInAtWindow(event.metadata, materials)) facts.visits += 1;
      break;
    }
    case 'ApplicationAccepted':
    case 'DeemedAccepted':
      facts.acceptedOn = event.data.acceptedOn;
      facts.committedLimit = event.data.committedLimit;
      facts.statutoryLimit = event.data.statutoryLimit;
      facts.committedDeadline = event.data.committedDeadline;
      break;
    case 'ClockSuspended':
      facts.suspendedOn ??= event.data.suspendedOn;
      break;
    case 'ClockResumed':
      facts.suspendedWorkdays += event.data.suspendedWorkdays;
      facts.suspendedOn = null;
      facts.committedDeadline = event.data.committedDeadline;
      break;
    case 'ExtensionGranted':
      if (extensionSaves(event.data.grantedOn, facts.committedDeadline)) facts.committedDeadline = event.data.committedDeadline;
      break;
    case 'DeadlineRecomputed':
      facts.committedDeadline = event.data.committedDeadline;
      break;
    case 'DecisionMade': {
      if (facts.decidedOn !== null) return;
      facts.decidedOn = event.data.decidedOn;
      // §6 秒批 share, by the month of decision.
      store.count(buckets, monthOf(event.data.decidedOn), { decided: 1, decidedByRule: one(event.data.decidedBy === 'rule') });
      if (facts.acceptedOn !== null) conclude(facts, event.data.decidedOn, store, deps);
      facts.suspendedOn = null;
      break;
    }
    case 'ResultDispatched':
      facts.lastDispatchMode = event.data.mode;
      // §6 free-express dispatches.
      if (event.data.mode === 'express') store.count(buckets, monthOf(event.data.dispatchedOn), { expressDispatches: 1 });
      break;
    case 'ResultReceived':
      // §6 visits: a result picked up at a window.
      if (facts.closedOn === null && facts.lastDispatchMode === 'pickup') facts.visits += 1;
      break;
    case 'VisitRecorded':
      if (facts.closedOn === null) facts.visits += 1;
      break;
    case 'ApplicationClosed':
      if (facts.closedOn !== null) return;
      facts.closedOn = event.data.closedOn;
      // §6 zero-visit rate, by close month.
      store.count(buckets, monthOf(event.data.closedOn), { closed: 1, closedZeroVisit: one(facts.visits === 0) });
      break;
    case 'ApplicationRated':
      if (facts.ratedMonth !== null) return;
      facts.ratedMonth = monthOf(event.data.ratedOn);
      facts.ratingLevel = event.data.level;
      // §6 satisfaction: ratings ≥ 4 ÷ ratings.
      store.count(buckets, facts.ratedMonth, { ratings: 1, ratingsGood: one(event.data.level >= 4) });
      break;
    default:
      return;
  }
  store.putApplication(facts);
}

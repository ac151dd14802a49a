import { ONLINE_CHANNELS } from '../../events/index.js';
import { NOTICE_WINDOW_WORKDAYS } from '../../services/application/index.js';
import type { ApplicationCommand, ApplicationState } from '../../services/application/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import { asApplicant, asClerk } from './actors.js';
import type { Acting } from './actors.js';
import type { Moment } from './agenda.js';
import type { ApplicationCase, Step } from './cases.js';
import {
  DENIAL_REASONS,
  EXTENSION_REASONS,
  OVERDUE_SUPPLEMENT,
  REFUSAL_BASIS,
  REFUSAL_REASONS,
  SUPPLEMENT_REASONS,
  SUSPENSION_BASIS,
  SUSPENSION_DAYS,
  WITHDRAWAL_REASONS,
  resultDocument,
  waybill,
} from './course-texts.js';
import { supplementMaterials } from './forms.js';
import { rateCommand } from './ratings.js';
import type { Rng } from './rng.js';
import type { SimClock } from './sim-clock.js';

export interface CourseContext {
  calendar: WorkCalendar;
  clock: SimClock;
  rng: Rng;
}

/**
 * The next thing that happens to an application, given where it stands and the course drawn for it: the
 * clerk's pre-review, notice, acceptance or decision, the applicant's supplement, withdrawal or rating, the
 * dispatch and receipt of the result. Null when nothing more will happen (or not before the run ends).
 * Every command it returns is one the decider accepts in that state on that date; the seed stops on the
 * first that is refused, so a mistake here cannot write an illegal history.
 */
export function nextApplicationStep(kase: ApplicationCase, now: Moment, ctx: CourseContext): Step | null {
  const { clock, rng } = ctx;
  const s = kase.state;
  const today = clock.dateOf(now.day);
  const clerk = asClerk(kase.clerk);
  const applicant = asApplicant(kase.applicant, kase.channel);
  const step = (at: Moment | null, command: ApplicationCommand, by: Acting): Step | null => (at ? { at, aggregate: 'application', command, by } : null);
  const soon = (maxMinutes = 60): Moment | null => clock.laterThan(now, rng, maxMinutes);
  const after = (date: string, n: number): Moment | null => {
    const at = clock.workdayAfter(date, n, rng);
    return at && clock.notBefore(at, now, rng);
  };

  switch (s.status) {
    case 'submitted':
      return intakeStep(kase, now, ctx, { step, soon, after, today, clerk, applicant });
    case 'supplement-requested': {
      const pending = s.pendingSupplement!;
      if (kase.plan.supplementAbandoned) {
        return step(after(pending.requestedOn, rng.int(20, 30)), { type: 'refuseIntake', reason: OVERDUE_SUPPLEMENT, legalBasis: REFUSAL_BASIS }, clerk);
      }
      const atWindow = kase.channel === 'window';
      const materials = supplementMaterials(kase.item, pending.codes, atWindow, `${kase.id.slice(0, 8)}-${pending.requestId}`);
      return step(after(today, rng.int(1, 7)), { type: 'receiveSupplement', materials }, atWindow ? clerk : applicant);
    }
    case 'accepted':
      return processingStep(kase, now, ctx, { step, soon, after, today, clerk, applicant });
    case 'suspended': {
      const [min, max] = SUSPENSION_DAYS[s.suspension!.reason as keyof typeof SUSPENSION_DAYS];
      return step(after(s.suspension!.suspendedOn, rng.int(min, max)), { type: 'resumeClock' }, clerk);
    }
    case 'decided':
      return step(soon(90), { type: 'issueResult', ...resultDocument(kase.item, s.delivery!, kase.id, today) }, clerk);
    case 'issued':
      return dispatchStep(s, { step, soon, after, today, clerk, applicant }, rng);
    case 'dispatched': {
      if (!kase.plan.collect) return null;
      const mode = s.dispatch!.mode;
      // The clerk records receipt: the e-licence opened in the applicant's wallet, the courier's delivery scan, the pickup.
      if (mode === 'electronic') return step(soon(60), { type: 'recordReceipt' }, clerk);
      if (mode === 'express') return step(after(today, rng.int(1, 3)), { type: 'recordReceipt' }, clerk);
      const days = kase.channel === 'window' && s.committedLimit?.value === 0 ? 0 : rng.int(0, 8);
      return step(days === 0 ? soon(20) : after(today, days), { type: 'recordReceipt' }, clerk);
    }
    case 'closed': {
      if (!kase.plan.rate || s.rating || s.closure?.outcome === 'withdrawn') return null;
      const at = kase.channel === 'window' || kase.channel === 'kiosk' ? soon(10) : rng.chance(0.6) ? soon(180) : after(today, rng.int(1, 3));
      return step(at, rateCommand(s, rng), applicant);
    }
    case 'none':
      return null;
  }
}

interface Helpers {
  step: (at: Moment | null, command: ApplicationCommand, by: Acting) => Step | null;
  soon: (maxMinutes?: number) => Moment | null;
  after: (date: string, n: number) => Moment | null;
  today: string;
  clerk: Acting;
  applicant: Acting;
}

/** Materials a 一次性告知 names: one or two of those the applicant supplies (never an e-licence pull). */
function missingMaterials(kase: ApplicationCase, rng: Rng): { code: string; reason: string }[] {
  const candidates = kase.item.materials.filter((m) => m.source !== 'e-licence');
  const first = rng.pick(candidates);
  const chosen = candidates.length > 1 && rng.chance(0.3) ? [first, rng.pick(candidates.filter((m) => m !== first))] : [first];
  return chosen.map((m) => ({ code: m.code, reason: rng.pick(SUPPLEMENT_REASONS) }));
}

/** Before acceptance: pre-review, the one notice, refusal, withdrawal, 即办 on the spot, or acceptance (deemed when the clerk is late). */
function intakeStep(kase: ApplicationCase, now: Moment, ctx: CourseContext, h: Helpers): Step | null {
  const { clock, rng } = ctx;
  const { plan, state: s, item } = kase;
  const immediate = s.committedLimit!.value === 0;
  // Everything but deemed acceptance happens inside the 5-working-day notice window from receipt.
  const windowEnds = clock.plusWorkdays(s.receivedOn!, NOTICE_WINDOW_WORKDAYS);
  const intake = (n: number): Moment | null => {
    const at = h.after(h.today, n);
    if (at && windowEnds !== null && clock.dateOf(at.day) > windowEnds) return clock.onDate(windowEnds, now, rng);
    return at;
  };
  if (plan.preReview && !plan.done.has('pre-review') && !immediate && ONLINE_CHANNELS.includes(kase.channel)) {
    plan.done.add('pre-review');
    const outcome = plan.supplement && s.supplementRequests === 0 ? 'needs-supplement' : 'passed';
    return h.step(h.soon(240), { type: 'completePreReview', outcome }, h.clerk);
  }
  if (plan.supplement && s.supplementRequests === 0) {
    return h.step(intake(rng.int(0, 1)), { type: 'requestSupplement', missing: missingMaterials(kase, rng) }, h.clerk);
  }
  if (plan.refuse) {
    return h.step(intake(rng.int(0, 2)), { type: 'refuseIntake', reason: rng.pick(REFUSAL_REASONS), legalBasis: REFUSAL_BASIS }, h.clerk);
  }
  if (plan.withdraw === 'before-acceptance') {
    return h.step(intake(rng.int(0, 2)), { type: 'withdrawApplication', reason: rng.pick(WITHDRAWAL_REASONS) }, h.applicant);
  }
  if (immediate) {
    const at = plan.onTheSpotNextDay ? intake(1) : h.soon(30);
    const approved = !plan.deny;
    return h.step(
      at,
      approved
        ? { type: 'handleOnTheSpot', outcome: 'approved', legalBasis: item.legalBasis, result: resultDocument(item, s.delivery!, kase.id, at ? clock.dateOf(at.day) : h.today) }
        : { type: 'handleOnTheSpot', outcome: 'denied', legalBasis: item.legalBasis, reason: rng.pick(DENIAL_REASONS) },
      h.clerk,
    );
  }
  if (plan.deemedAcceptance) {
    return h.step(h.after(s.receivedOn!, NOTICE_WINDOW_WORKDAYS + 1), { type: 'checkDeemedAcceptance' }, h.clerk);
  }
  return h.step(intake(rng.int(0, 2)), { type: 'acceptApplication' }, h.clerk);
}

/** When the clock starts: how many working days of running clock the case takes, and where a suspension falls. */
function planClock(kase: ApplicationCase, ctx: CourseContext): void {
  const { calendar, clock, rng } = ctx;
  const { plan, state: s, item } = kase;
  const acceptedOn = s.acceptance!.acceptedOn;
  const budget = Math.max(0, calendar.workdaysBetween(acceptedOn, s.deadlines!.committedDeadline));
  let runDays: number;
  if (plan.extension) {
    // A case that needs the extension: it runs past the committed limit, within what the extension adds.
    const extra = item.statutoryLimit.unit === 'natural' ? Math.floor((item.extensionDays * 5) / 7) : item.extensionDays;
    runDays = budget + rng.int(1, Math.max(1, Math.min(extra, 6)));
  } else if (plan.late) {
    runDays = budget + rng.int(1, 4);
  } else {
    // Most cases finish well inside the committed limit: that is the bureau's realised speed-up.
    runDays = Math.min(budget, Math.round(budget * (0.15 + 0.85 * rng.next() ** 1.4)));
  }
  plan.runDays = runDays;
  plan.suspendAfter = plan.suspension ? rng.int(0, Math.max(0, runDays - 1)) : null;
  plan.decideOn = clock.plusWorkdays(acceptedOn, runDays);
}

/** While the clock runs: withdrawal, suspension, extension, then the decision. */
function processingStep(kase: ApplicationCase, now: Moment, ctx: CourseContext, h: Helpers): Step | null {
  const { calendar, clock, rng } = ctx;
  const { plan, state: s, item } = kase;
  if (plan.runDays === null) planClock(kase, ctx);
  const acceptedOn = s.acceptance!.acceptedOn;
  const runDays = plan.runDays!;
  if (plan.withdraw === 'while-processing' && !plan.done.has('withdraw')) {
    plan.done.add('withdraw');
    return h.step(h.after(acceptedOn, rng.int(0, runDays)), { type: 'withdrawApplication', reason: rng.pick(WITHDRAWAL_REASONS) }, h.applicant);
  }
  if (plan.suspension && !plan.done.has('suspend')) {
    plan.done.add('suspend');
    return h.step(h.after(acceptedOn, plan.suspendAfter!), { type: 'suspendClock', reason: plan.suspension, legalBasis: SUSPENSION_BASIS[plan.suspension] }, h.clerk);
  }
  if (plan.suspension && !plan.done.has('resume-planned')) {
    // Back from the suspension today: the running days left follow from here.
    plan.done.add('resume-planned');
    plan.decideOn = clock.plusWorkdays(h.today, runDays - plan.suspendAfter!);
  }
  const deadline = s.deadlines!.committedDeadline;
  if (plan.extension && !plan.done.has('extend')) {
    plan.done.add('extend');
    const left = item.extensionDays - s.extensionDays;
    if (left >= 1 && h.today <= deadline) {
      // Granted before the deadline passes (an extension granted late does not save the case).
      const room = Math.max(0, calendar.workdaysBetween(h.today, deadline) - 1);
      const on = clock.plusWorkdays(h.today, rng.int(0, Math.min(room, 3)));
      const days = Math.min(left, item.statutoryLimit.unit === 'natural' ? rng.int(10, 15) : rng.int(5, 10));
      const command: ApplicationCommand = { type: 'grantExtension', days, approver: `${item.department}-分管领导`, reason: rng.pick(EXTENSION_REASONS) };
      return h.step(on === null ? null : clock.onDate(on, now, rng), command, h.clerk);
    }
  }
  if (plan.decideOn === null) return null;
  const at = clock.workdayAfter(plan.decideOn, 0, rng);
  const command: ApplicationCommand = plan.deny
    ? { type: 'decideApplication', outcome: 'denied', legalBasis: item.legalBasis, reason: rng.pick(DENIAL_REASONS) }
    : { type: 'decideApplication', outcome: 'approved', legalBasis: item.legalBasis };
  return h.step(at && clock.notBefore(at, now, rng), command, h.clerk);
}

/** The result goes out the way the applicant chose: electronically at once, by free express or for pickup. */
function dispatchStep(s: ApplicationState, h: Helpers, rng: Rng): Step | null {
  const mode = s.delivery!.mode;
  if (mode === 'electronic') return h.step(h.soon(10), { type: 'dispatchResult', mode: 'electronic' }, h.clerk);
  if (mode === 'express') {
    const at = rng.chance(0.6) ? h.soon(120) : h.after(h.today, 1);
    return h.step(at, { type: 'dispatchResult', mode: 'express', ...waybill(rng) }, h.clerk);
  }
  return h.step(h.soon(30), { type: 'dispatchResult', mode: 'pickup' }, h.clerk);
}

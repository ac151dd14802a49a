import type { ReviewCommand } from '../../services/review/index.js';
import { SUPERVISOR, asClerk } from './actors.js';
import type { Acting } from './actors.js';
import type { Moment } from './agenda.js';
import type { CourseContext } from './application-course.js';
import type { ReviewCase, ReviewPlan, Step } from './cases.js';
import { APPEAL_REASON, CALLBACK_NOTES, EXPLAINED_NOTES, RECTIFIED_NOTES } from './course-texts.js';
import type { Rng } from './rng.js';
import { RATES } from './traffic-rates.js';

export function drawReviewPlan(rng: Rng): ReviewPlan {
  const appeal = rng.chance(RATES.reviewAppeal);
  return { appeal, upheld: appeal && rng.chance(RATES.reviewAppealUpheld), late: rng.chance(RATES.reviewLate), explained: rng.chance(RATES.reviewExplained) };
}

/**
 * A 差评工单's course: the unit calls the applicant back within days, sometimes appeals the rating (the
 * supervisor decides), and rectifies or explains, mostly within the due working days.
 */
export function nextReviewStep(kase: ReviewCase, now: Moment, ctx: CourseContext): Step | null {
  const { clock, rng, calendar } = ctx;
  const s = kase.state;
  if (s.status !== 'open') return null;
  const today = clock.dateOf(now.day);
  const clerk = asClerk(kase.clerk);
  const step = (at: Moment | null, command: ReviewCommand, by: Acting): Step | null => (at ? { at, aggregate: 'review', command, by } : null);
  const after = (date: string, n: number): Moment | null => {
    const at = clock.workdayAfter(date, n, rng);
    return at && clock.notBefore(at, now, rng);
  };
  const openedOn = s.openedOn!;
  if (s.callbacks === 0) return step(after(openedOn, rng.int(1, 3)), { type: 'recordCallback', note: rng.pick(CALLBACK_NOTES) }, clerk);
  if (kase.plan.appeal && s.appeal === 'none') return step(after(today, rng.int(1, 3)), { type: 'fileAppeal', reason: APPEAL_REASON }, clerk);
  if (s.appeal === 'pending') {
    const note = kase.plan.upheld ? '经复核，该评价与办件事实不符，予以撤销' : '经复核，维持原评价，请整改';
    return step(after(today, rng.int(2, 6)), { type: 'decideAppeal', upheld: kase.plan.upheld, note }, SUPERVISOR);
  }
  const resolution = kase.plan.explained ? 'explained' : 'rectified';
  const note = rng.pick(resolution === 'explained' ? EXPLAINED_NOTES : RECTIFIED_NOTES);
  const used = calendar.workdaysBetween(openedOn, today);
  const room = s.dueWorkdays - used;
  const at = kase.plan.late || room < 0 ? after(openedOn, s.dueWorkdays + rng.int(1, 8)) : after(today, rng.int(room > 0 ? 1 : 0, Math.max(room > 0 ? 1 : 0, Math.min(room, 6))));
  return step(at, { type: 'resolveReview', resolution, note }, clerk);
}

import type { TimeLimit } from '../../events/index.js';
import type { Counters } from './counters.js';
import { distribution } from './histogram.js';
import type { Distribution, Histogram } from './histogram.js';
import { promisedSpeedUp } from '../../services/catalog/item-facts.js';

export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator; null when nothing was counted. */
  rate: number | null;
}

export interface ItemLimits {
  itemCode: string;
  statutory: TimeLimit;
  committed: TimeLimit;
}

/** Every figure of DESIGN.md §6 for one bucket; each key is an entry of METRIC_DEFINITIONS. */
export interface MetricFigures {
  turnaround: Distribution;
  onTimeRate: Ratio;
  realizedSpeedUp: { concluded: number; turnaroundSum: number; statutoryLimitSum: number; rate: number | null };
  promisedSpeedUp: { items: number; rate: number | null };
  fastTrackHitRate: Ratio;
  sameDayShare: Ratio;
  instantApprovalShare: Ratio;
  zeroVisitRate: Ratio;
  onlineIntakeRate: Ratio;
  zeroSubmissionRate: Ratio;
  freeExpressDispatches: number;
  satisfaction: Ratio;
  rectificationOnTimeRate: Ratio;
  bundleTurnaround: Distribution;
}

export function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
}

/** The §6 figures from a bucket's summed counters, its histograms and the limits of its concluded items. */
export function metricFigures(
  c: Counters,
  turnaround: Histogram,
  bundleTurnaround: Histogram,
  items: readonly ItemLimits[],
): MetricFigures {
  // The catalog's per-item formula (services/catalog/item-facts.ts), over the items concluded in the bucket.
  const speedUps = items
    .map((i) => promisedSpeedUp({ statutoryLimit: i.statutory, committedLimit: i.committed }))
    .filter((s): s is number => s !== undefined);
  return {
    turnaround: distribution(turnaround, c.turnaroundSum),
    onTimeRate: ratio(c.concludedOnTime, c.concluded),
    realizedSpeedUp: {
      concluded: c.statutoryConcluded,
      turnaroundSum: c.statutoryTurnaroundSum,
      statutoryLimitSum: c.statutoryLimitSum,
      rate: c.statutoryLimitSum === 0 ? null : 1 - c.statutoryTurnaroundSum / c.statutoryLimitSum,
    },
    promisedSpeedUp: {
      items: speedUps.length,
      rate: speedUps.length === 0 ? null : speedUps.reduce((a, b) => a + b, 0) / speedUps.length,
    },
    fastTrackHitRate: ratio(c.fastTrackHit, c.fastTrackConcluded),
    sameDayShare: ratio(c.concludedSameDay, c.concluded),
    instantApprovalShare: ratio(c.decidedByRule, c.decided),
    zeroVisitRate: ratio(c.closedZeroVisit, c.closed),
    onlineIntakeRate: ratio(c.submittedOnline, c.submitted),
    zeroSubmissionRate: ratio(c.submittedZeroSubmission, c.submitted),
    freeExpressDispatches: c.expressDispatches,
    satisfaction: ratio(c.ratingsGood, c.ratings),
    rectificationOnTimeRate: ratio(c.reviewsResolvedOnTime, c.reviewsResolved),
    bundleTurnaround: distribution(bundleTurnaround, c.bundleTurnaroundSum),
  };
}

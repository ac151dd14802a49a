import type { TimeLimit } from '../../events/index.js';
import type { Counters } from './counters.js';
import { METRIC_FIGURES } from './definitions.js';
import type { FigureKind, MetricId } from './definitions.js';
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

/** §6 realized speed-up with the sums it is taken over. */
export interface RealizedSpeedUp {
  concluded: number;
  turnaroundSum: number;
  statutoryLimitSum: number;
  rate: number | null;
}

/** §6 promised speed-up: the mean over the items counted. */
export interface PromisedSpeedUp {
  items: number;
  rate: number | null;
}

/** The value of a figure of each kind (definitions.ts). */
export interface FigureShapes {
  ratio: Ratio;
  distribution: Distribution;
  count: number;
  'realized-speed-up': RealizedSpeedUp;
  'promised-speed-up': PromisedSpeedUp;
}

/** The value of a figure of kind K (refuses to compile while FigureShapes lacks a kind). */
export type FigureOf<K extends FigureKind> = FigureShapes[K];

/** Every figure of DESIGN.md §6 for one bucket: one per entry of METRIC_FIGURES, shaped by its kind. */
export type MetricFigures = { [F in (typeof METRIC_FIGURES)[number] as F['key']]: FigureOf<F['kind']> };

/** One figure of a bucket with its key and kind; a switch on `kind` types `value`. */
export type FigureEntry = { [K in FigureKind]: { key: MetricId; kind: K; value: FigureOf<K> } }[FigureKind];

/** The figures of a bucket in the order of METRIC_FIGURES. */
export function figureEntries(f: MetricFigures): FigureEntry[] {
  // The key's kind is the kind its entry declares: MetricFigures maps one to the other.
  return METRIC_FIGURES.map((d) => ({ key: d.key, kind: d.kind, value: f[d.key] }) as FigureEntry);
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

/**
 * The metric definitions of DESIGN.md §6, as implemented here. Each figure the metrics projection computes
 * names its entry; a monthly report carries FORMULA_VERSION so a published figure can be reproduced.
 * Change a definition, change the version.
 */
export const FORMULA_VERSION = 'design-6/v1';

/**
 * What a figure is: a ratio (numerator ÷ denominator), a distribution of working days (count, p50, p90,
 * mean), a count, or one of the two speed-ups (their sums or their items beside the rate). The kind gives the
 * figure's TypeScript shape (metric-figures.ts), its schema in the API document and its CSV lines.
 */
export type FigureKind = 'ratio' | 'distribution' | 'count' | 'realized-speed-up' | 'promised-speed-up';

export interface MetricFigureDefinition {
  /** The figure's key in a bucket's figures. */
  key: string;
  kind: FigureKind;
  zh: string;
  en: string;
  definition: string;
}

/**
 * The figures of a metrics bucket, in order: the one list the figures' type (MetricFigures), the API schema
 * (infra/http/routes/supervisor-views.ts), the report CSV's lines and the definitions below are made from.
 */
export const METRIC_FIGURES = [
  {
    key: 'turnaround',
    kind: 'distribution',
    zh: '办理时长 p50/p90/均值（工作日）',
    en: 'turnaround p50 / p90 / mean (working days)',
    definition:
      'P = elapsed(acceptance date, conclusion date) − S, S = suspended working days (ClockResumed.suspendedWorkdays, plus ' +
      'elapsed(suspendedOn, conclusion) for a suspension still open at conclusion). Concluded = an accepted application ' +
      'with a DecisionMade (办结); conclusion date = decidedOn; bucketed by the month of conclusion. p50/p90 by nearest ' +
      'rank (the smallest P whose cumulative count reaches ⌈q·n⌉) over exact per-bucket histograms of P.',
  },
  {
    key: 'onTimeRate',
    kind: 'ratio',
    zh: '按时办结率',
    en: 'on-time rate',
    definition:
      'concluded with decidedOn ≤ the committed deadline in force at conclusion (after suspensions, extensions and ' +
      'calendar recomputations; an extension granted after the deadline does not move it) ÷ concluded.',
  },
  {
    key: 'realizedSpeedUp',
    kind: 'realized-speed-up',
    zh: '实际提速率',
    en: 'realized speed-up',
    definition:
      '1 − ΣP ÷ Σ statutory limit, over concluded applications whose statutory limit is > 0; a natural-day limit counts ' +
      'as elapsed(accept, accept + limit calendar days rolled forward to a working day).',
  },
  {
    key: 'promisedSpeedUp',
    kind: 'promised-speed-up',
    zh: '承诺时限压缩率',
    en: 'promised speed-up',
    definition:
      '(statutory − committed) ÷ statutory per item (limits as the latest concluded application of the item in the ' +
      'bucket recorded them; items with statutory 0 left out; a working-day value counts 7/5 natural days when the ' +
      'two limits differ in unit), mean over the items concluded in the bucket.',
  },
  {
    key: 'fastTrackHitRate',
    kind: 'ratio',
    zh: '提速达标率',
    en: 'fast-track hit rate',
    definition: 'for fast-track (提速办) applications: concluded with P ≤ committed limit (in working days, as above) ÷ concluded.',
  },
  { key: 'sameDayShare', kind: 'ratio', zh: '即办件占比', en: '即办 share', definition: 'concluded with decidedOn = acceptance date ÷ concluded.' },
  {
    key: 'instantApprovalShare',
    kind: 'ratio',
    zh: '秒批占比',
    en: '秒批 share',
    definition: 'DecisionMade with decidedBy = rule ÷ DecisionMade, by the month of decision.',
  },
  {
    key: 'zeroVisitRate',
    kind: 'ratio',
    zh: '不见面率（零跑动率）',
    en: 'zero-visit rate',
    definition:
      'closed applications (ApplicationClosed, any outcome) with 0 visits before closing ÷ closed applications, by close ' +
      'month. Visits = VisitRecorded + implicit visits: submission through the window channel; paper material handed in ' +
      'at a window (a SupplementReceived with paper material that the applicant made through the window channel — a ' +
      'clerk recording paper does not say whether it came by free express or in person, so an in-person delivery ' +
      'recorded by a clerk counts through its VisitRecorded, purpose paper-materials); a result received after a ' +
      'window-pickup dispatch.',
  },
  {
    key: 'onlineIntakeRate',
    kind: 'ratio',
    zh: '网上办理率',
    en: 'online intake rate',
    definition: 'submitted through an online channel (provincial portal, 粤省事, 佛山12345) ÷ submitted, by submission month.',
  },
  {
    key: 'zeroSubmissionRate',
    kind: 'ratio',
    zh: '零提交率',
    en: 'zero-submission rate',
    definition:
      'applications whose every material (at submission and in every supplement) came from e-licences/shared data ÷ ' +
      'submitted, by submission month.',
  },
  {
    key: 'freeExpressDispatches',
    kind: 'count',
    zh: '免费快递寄递量',
    en: 'free-express dispatches',
    definition: 'ResultDispatched with mode express, by dispatch month.',
  },
  {
    key: 'satisfaction',
    kind: 'ratio',
    zh: '满意率（好差评）',
    en: 'satisfaction',
    definition: 'ratings ≥ 4 ÷ ratings, by rating month; a rating whose appeal (申诉复核) was upheld is removed.',
  },
  {
    key: 'rectificationOnTimeRate',
    kind: 'ratio',
    zh: '差评按时整改率',
    en: 'bad-review rectification on-time rate',
    definition:
      'review tickets resolved (rectified or explained) on time ÷ tickets resolved, by resolution month; on time as the ' +
      'ReviewResolved event records it: elapsed(openedOn, resolvedOn) ≤ the ticket\'s working days (default 15); ' +
      'tickets whose appeal was upheld are removed.',
  },
  {
    key: 'bundleTurnaround',
    kind: 'distribution',
    zh: '一件事办理时长',
    en: 'bundle turnaround',
    definition:
      'elapsed(bundle submission date, last member conclusion date) in working days for completed bundles; the last ' +
      'member conclusion is the latest BundleMemberConcluded.concludedOn (BundleCompleted.completedOn when no member ' +
      'concluded); bucketed by that month; p50/p90 by nearest rank as for turnaround.',
  },
] as const satisfies readonly MetricFigureDefinition[];

export type MetricId = (typeof METRIC_FIGURES)[number]['key'];

/** Each figure's definition by its key. */
export const METRIC_DEFINITIONS = Object.fromEntries(METRIC_FIGURES.map((f) => [f.key, f])) as {
  readonly [F in (typeof METRIC_FIGURES)[number] as F['key']]: F;
};

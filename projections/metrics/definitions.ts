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

/**
 * What a figure's number counts: working days on the legal clock (DESIGN.md §5: weekends and the State
 * Council's holidays excluded, 调休 days worked), a share between 0 and 1, or a plain count.
 */
export type FigureUnit = 'working-days' | 'ratio' | 'count';

/** Which date's month a figure is counted in: a range of months selects figures by it. */
export type FigureMonth = 'conclusion' | 'decision' | 'submission' | 'close' | 'rating' | 'resolution' | 'dispatch' | 'last-member-conclusion';

export interface MetricFigureDefinition {
  /** The figure's key in a bucket's figures. */
  key: string;
  kind: FigureKind;
  unit: FigureUnit;
  month: FigureMonth;
  zh: string;
  en: string;
  definition: string;
  /** How limits in other units are brought to the figure's unit, for the figures that compare limits. */
  conversion?: string;
}

/**
 * The figures of a metrics bucket, in order: the one list the figures' type (MetricFigures), the API schema
 * (infra/http/routes/supervisor-views.ts), the report CSV's lines and the definitions below are made from.
 */
export const METRIC_FIGURES = [
  {
    key: 'turnaround',
    kind: 'distribution',
    unit: 'working-days',
    month: 'conclusion',
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
    unit: 'ratio',
    month: 'conclusion',
    zh: '按时办结率',
    en: 'on-time rate',
    definition:
      'concluded with decidedOn ≤ the committed deadline in force at conclusion (after suspensions, extensions and ' +
      'calendar recomputations; an extension granted after the deadline does not move it) ÷ concluded.',
  },
  {
    key: 'realizedSpeedUp',
    kind: 'realized-speed-up',
    unit: 'ratio',
    month: 'conclusion',
    conversion:
      'A statutory limit in natural days counts as the working days from acceptance to its end date: acceptance + n calendar days, rolled forward to the next working day (民法典 Art 203). E.g. LD-003 (15 natural days) accepted on a Monday with no holiday in between counts as 11 working days; P is in working days already.',
    zh: '实际提速率',
    en: 'realized speed-up',
    definition:
      '1 − ΣP ÷ Σ statutory limit, over concluded applications whose statutory limit is > 0; a natural-day limit counts ' +
      'as elapsed(accept, accept + limit calendar days rolled forward to a working day).',
  },
  {
    key: 'promisedSpeedUp',
    kind: 'promised-speed-up',
    unit: 'ratio',
    month: 'conclusion',
    conversion:
      'When the statutory and committed limits are in different units, a working-day value counts as 7/5 natural days (five working days to a calendar week), so both are in natural days: ZN-006, 90 natural against 30 working, is (90 − 30 × 7/5) ÷ 90 = 0.533. Limits in the same unit are compared as they are.',
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
    unit: 'ratio',
    month: 'conclusion',
    conversion:
      "A committed limit in natural days counts as working days the same way as realizedSpeedUp's statutory limit.",
    zh: '提速达标率',
    en: 'fast-track hit rate',
    definition: 'for fast-track (提速办) applications: concluded with P ≤ committed limit (in working days, as above) ÷ concluded.',
  },
  {
    key: 'sameDayShare',
    kind: 'ratio',
    unit: 'ratio',
    month: 'conclusion',
    zh: '即办件占比',
    en: '即办 share',
    definition: 'concluded with decidedOn = acceptance date ÷ concluded.',
  },
  {
    key: 'instantApprovalShare',
    kind: 'ratio',
    unit: 'ratio',
    month: 'decision',
    zh: '秒批占比',
    en: '秒批 share',
    definition: 'DecisionMade with decidedBy = rule ÷ DecisionMade, by the month of decision.',
  },
  {
    key: 'zeroVisitRate',
    kind: 'ratio',
    unit: 'ratio',
    month: 'close',
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
    unit: 'ratio',
    month: 'submission',
    zh: '网上办理率',
    en: 'online intake rate',
    definition: 'submitted through an online channel (provincial portal, 粤省事, 佛山12345) ÷ submitted, by submission month.',
  },
  {
    key: 'zeroSubmissionRate',
    kind: 'ratio',
    unit: 'ratio',
    month: 'submission',
    zh: '零提交率',
    en: 'zero-submission rate',
    definition:
      'applications whose every material (at submission and in every supplement) came from e-licences/shared data ÷ ' +
      'submitted, by submission month.',
  },
  {
    key: 'freeExpressDispatches',
    kind: 'count',
    unit: 'count',
    month: 'dispatch',
    zh: '免费快递寄递量',
    en: 'free-express dispatches',
    definition: 'ResultDispatched with mode express, by dispatch month.',
  },
  {
    key: 'satisfaction',
    kind: 'ratio',
    unit: 'ratio',
    month: 'rating',
    zh: '满意率（好差评）',
    en: 'satisfaction',
    definition: 'ratings ≥ 4 ÷ ratings, by rating month; a rating whose appeal (申诉复核) was upheld is removed.',
  },
  {
    key: 'rectificationOnTimeRate',
    kind: 'ratio',
    unit: 'ratio',
    month: 'resolution',
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
    unit: 'working-days',
    month: 'last-member-conclusion',
    zh: '一件事办理时长',
    en: 'bundle turnaround',
    definition:
      'elapsed(bundle submission date, last member conclusion date) in working days for completed bundles; the last ' +
      'member conclusion is the latest BundleMemberConcluded.concludedOn (BundleCompleted.completedOn when no member ' +
      'concluded); bucketed by that month; p50/p90 by nearest rank as for turnaround.',
  },
] as const satisfies readonly MetricFigureDefinition[];

export type MetricId = (typeof METRIC_FIGURES)[number]['key'];

/**
 * Choices the definitions make where a reader could count otherwise, stated beside them so every figure can
 * be reproduced by hand from the case list and the catalog.
 */
export const METRIC_NOTES = [
  {
    zh: '自助终端（kiosk）受理不计入网上办理：申请人须到大厅使用终端。',
    en: 'Intake at a self-service kiosk is not online intake: the applicant came to the hall to use it.',
  },
  {
    zh: '网上申请时邮寄的纸质材料不计为跑动：免费快递寄递，申请人无需到场。',
    en: 'Paper material sent with an online submission is not a visit: it travels by free express, the applicant need not come in.',
  },
  {
    zh: '工作日按法定工作日历计算：周末和国务院公布的节假日不计，调休上班日计入；尚未公布的年份按法定节假日规则暂定。',
    en: 'Working days are counted on the legal calendar: weekends and the State Council holidays excluded, make-up working days (调休) counted; a year without its notice counts on the statutory rule, provisionally.',
  },
  {
    zh: '比率为分子÷分母（0 至 1），分母为 0 时为 null。',
    en: 'A ratio is numerator ÷ denominator (0 to 1), null when the denominator is 0.',
  },
] as const;

/** Each figure's definition by its key. */
export const METRIC_DEFINITIONS = Object.fromEntries(METRIC_FIGURES.map((f) => [f.key, f])) as {
  readonly [F in (typeof METRIC_FIGURES)[number] as F['key']]: F;
};

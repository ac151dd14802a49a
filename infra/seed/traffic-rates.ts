/**
 * The rates the generator draws each case's course from. Published Guangdong figures put on-time completion
 * above 99 %, satisfaction (好评率) near 99.9 % of ratings and the one-time notice (一次性告知) on a small share
 * of cases; the rest are the plausible orders of magnitude of a city bureau.
 */
export const RATES = {
  /** Online submissions of committed items that go through 网上预审 first. */
  preReview: 0.6,
  /** 一次性告知: a supplement notice, on items that list something beyond e-licences. */
  supplement: 0.08,
  /** Of supplement notices, those the applicant never answers: intake refused as overdue. */
  supplementAbandoned: 0.08,
  /** 不予受理 at intake. */
  intakeRefused: 0.008,
  /** The clerk lets the 5-working-day notice window pass: 视为受理 backdated to receipt. */
  deemedAcceptance: 0.004,
  /** Withdrawn by the applicant before acceptance / while processing. */
  withdrawBeforeAcceptance: 0.006,
  withdrawWhileProcessing: 0.006,
  /** 秒批 rules that do not hold on the submitted data (the case goes to a clerk). */
  instantApprovalDeclined: 0.07,
  /** Staff decisions that deny, by item type: licences and benefits are refused more often than services. */
  denied: { licence: 0.06, benefit: 0.035, confirmation: 0.03, other: 0.006 },
  /** 即办 items a clerk handles on the next working day rather than on the spot. */
  onTheSpotNextDay: 0.04,
  /** Accepted cases decided after the committed deadline. */
  late: 0.012,
  /** Clock suspensions, on items where the law provides one; a post-acceptance supplement elsewhere. */
  suspension: { provided: 0.18, otherwise: 0.01 },
  /** Extensions on items that allow them. */
  extension: 0.07,
  /** Dispatched results the applicant never collects within the run. */
  uncollected: 0.01,
  /** Concluded cases that are rated (好差评 prompts after each case). */
  rated: 0.62,
  /** Extra visits: paper brought to a hall for an online case; a consultation at a hall. */
  paperVisit: 0.3,
  consultVisit: 0.012,
  /** Review tickets: resolved after the due date; appealed by the unit; appeals upheld. */
  reviewLate: 0.05,
  reviewAppeal: 0.04,
  reviewAppealUpheld: 0.4,
  /** Of resolved tickets, those explained (the rating was groundless) rather than rectified. */
  reviewExplained: 0.3,
} as const;

/** Star levels 5…1 for a case that went well, and for one denied, refused or decided late. */
export const RATING_LEVELS = {
  good: [0.905, 0.08, 0.009, 0.0035, 0.0025],
  bad: [0.55, 0.2, 0.13, 0.07, 0.05],
} as const;

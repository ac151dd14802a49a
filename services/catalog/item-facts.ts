import type { TimeLimit } from '../../events/index.js';
import { ONLINE_CHANNELS } from '../../events/index.js';
import { ONLINE_CAPABLE_DEPTH } from './item-schema.js';
import type { ServiceItem } from './item-schema.js';

/**
 * Facts derived from one item, shared by the auditors' rules and the catalog figures so both read an
 * item the same way.
 */

/** 网上办理深度 codes 4 (互联网受理) and 5 (互联网办理): the stages that let an application be lodged online. */
const ONLINE_STAGE_MAX = 5;
/** Code 5 互联网办理 is full online handling (the Zhejiang "Ⅳ级"), which the auditors pair with zero visits. */
export const FULL_ONLINE_DEPTH = 5;

/**
 * 网上可办: the item reaches 互联网受理 or 互联网办理. Codes 6–8 (result feedback, e-licence feedback, other)
 * come after handling and do not make an item appliable online on their own.
 */
export function isOnlineCapable(item: Pick<ServiceItem, 'onlineDepth'>): boolean {
  return item.onlineDepth.some((d) => d >= ONLINE_CAPABLE_DEPTH && d <= ONLINE_STAGE_MAX);
}

export function isFullyOnline(item: Pick<ServiceItem, 'onlineDepth'>): boolean {
  return item.onlineDepth.includes(FULL_ONLINE_DEPTH);
}

export function offersOnlineChannel(item: Pick<ServiceItem, 'channels'>): boolean {
  return item.channels.some((c) => ONLINE_CHANNELS.includes(c));
}

/** 零跑动 capable: the 实施清单 requires no trip to the hall (到办事现场次数 = 0). */
export function isZeroVisitCapable(item: Pick<ServiceItem, 'onSiteVisits'>): boolean {
  return item.onSiteVisits === 0;
}

/** 零提交 capable: every required material can be pulled from e-licences or shared data. */
export function isZeroSubmissionCapable(item: Pick<ServiceItem, 'materials'>): boolean {
  return item.materials.every((m) => !m.required || m.source === 'e-licence');
}

/**
 * A limit in nominal natural days, used only to compare or average limits of different units:
 * a working week of 5 days spans 7 calendar days. The legal clock (services/calendar) computes real
 * deadlines with the holiday calendar; this is for catalog-level comparisons, where no start date exists.
 */
export function nominalNaturalDays(limit: TimeLimit): number {
  return limit.unit === 'natural' ? limit.value : (limit.value * 7) / 5;
}

/** a ≤ b: exact when both limits share a unit, in nominal natural days otherwise. */
export function limitAtMost(a: TimeLimit, b: TimeLimit): boolean {
  return a.unit === b.unit ? a.value <= b.value : nominalNaturalDays(a) <= nominalNaturalDays(b);
}

/** a < b, read like limitAtMost. */
export function limitBelow(a: TimeLimit, b: TimeLimit): boolean {
  return a.unit === b.unit ? a.value < b.value : nominalNaturalDays(a) < nominalNaturalDays(b);
}

/**
 * 承诺时限压缩率 (DESIGN.md §6): (statutory − committed) ÷ statutory, or undefined when the law sets no
 * limit (statutory 0), which leaves the item out of the mean. Mixed units compare in nominal natural days.
 */
export function promisedSpeedUp(item: Pick<ServiceItem, 'statutoryLimit' | 'committedLimit'>): number | undefined {
  const { statutoryLimit: s, committedLimit: c } = item;
  if (s.value === 0) return undefined;
  if (s.unit === c.unit) return (s.value - c.value) / s.value;
  const sn = nominalNaturalDays(s);
  return (sn - nominalNaturalDays(c)) / sn;
}

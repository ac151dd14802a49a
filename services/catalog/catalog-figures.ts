import type { Bundle, ServiceItem } from './item-schema.js';
import {
  isFullyOnline,
  isOnlineCapable,
  isZeroSubmissionCapable,
  isZeroVisitCapable,
  promisedSpeedUp,
} from './item-facts.js';

/** The catalog rates of DESIGN.md §6, as the README and the supervisors' dashboard report them. */
export interface CatalogFigures {
  items: number;
  /** 网上可办: online depth reaches 互联网受理 (code 4) or 互联网办理 (5). */
  onlineCapable: number;
  /** 全程网办: depth 互联网办理 (5). */
  fullyOnline: number;
  /** 零跑动 capable: 到办事现场次数 = 0. */
  zeroVisitCapable: number;
  /** 零提交 capable: every required material comes from e-licences or shared data. */
  zeroSubmissionCapable: number;
  /** Items carrying a 秒批 rule. */
  instantApproval: number;
  expressSupported: number;
  bundles: number;
  fastTrack: number;
  /** 即办件: committed limit 0. */
  immediateItems: number;
  /** Items with a statutory limit > 0, the ones the promised speed-up averages over. */
  itemsWithStatutoryLimit: number;
  /**
   * 承诺时限压缩率: mean over items with statutory > 0 of (statutory − committed) ÷ statutory. Limits of the
   * same unit compare as they are; mixed units (e.g. a natural-day statutory limit with a working-day
   * commitment) compare in nominal natural days, 5 working days = 7 natural days (item-facts.ts).
   */
  meanPromisedSpeedUp: number;
  /** The same mean over the fast-track (提速办) items only. */
  meanFastTrackSpeedUp: number;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

const speedUps = (items: readonly ServiceItem[]): number[] =>
  items.map(promisedSpeedUp).filter((s): s is number => s !== undefined);

export function catalogFigures(catalog: { items: readonly ServiceItem[]; bundles: readonly Bundle[] }): CatalogFigures {
  const { items } = catalog;
  const count = (p: (i: ServiceItem) => boolean): number => items.filter(p).length;
  const all = speedUps(items);
  return {
    items: items.length,
    onlineCapable: count(isOnlineCapable),
    fullyOnline: count(isFullyOnline),
    zeroVisitCapable: count(isZeroVisitCapable),
    zeroSubmissionCapable: count(isZeroSubmissionCapable),
    instantApproval: count((i) => i.instantApproval !== undefined),
    expressSupported: count((i) => i.expressSupported),
    bundles: catalog.bundles.length,
    fastTrack: count((i) => i.fastTrack),
    immediateItems: count((i) => i.committedLimit.value === 0),
    itemsWithStatutoryLimit: all.length,
    meanPromisedSpeedUp: mean(all),
    meanFastTrackSpeedUp: mean(speedUps(items.filter((i) => i.fastTrack))),
  };
}

import type { WorkCalendar } from '../../services/calendar/index.js';
import type { Bundle, Catalog, ServiceItem } from '../../services/catalog/item-schema.js';
import { BUNDLE_MEMBER_SHARE, BUNDLE_WEIGHTS, DEFAULT_ITEM_WEIGHT, ITEM_WEIGHTS, apportion } from './item-frequency.js';
import type { Rng } from './rng.js';
import { weightedSampler } from './rng.js';
import { dayWeights, seasonOf } from './seasonality.js';
import type { SeasonProfile } from './seasonality.js';

/** What is submitted in the year: how many of each item and bundle, spread over the working days. */
export interface TrafficPlan {
  /** The year's working days, in order. */
  workdays: readonly string[];
  /** Standalone applications per item, bundles per bundle code. */
  itemCounts: ReadonlyMap<string, number>;
  bundleCounts: ReadonlyMap<string, number>;
  /** Item applications in all, bundle members included (members a bundle skips are not opened). */
  plannedApplications: number;
  /** The submissions of one working day (index into workdays), in a random order. */
  submissionsOn(dayIndex: number, rng: Rng): Submission[];
}

export type Submission = { kind: 'item'; item: ServiceItem } | { kind: 'bundle'; bundle: Bundle };

/** The working days of a year, by the legal calendar: weekends and public holidays left out, 调休 days in. */
export function workdaysOf(calendar: WorkCalendar, year: number): string[] {
  const days: string[] = [];
  let date = `${year}-01-01`;
  if (!calendar.isWorkday(date)) date = calendar.nextWorkday(date);
  while (date.startsWith(String(year))) {
    days.push(date);
    const next = calendar.nextWorkday(date);
    date = next;
  }
  return days;
}

/**
 * Apportions `applications` over the catalog by frequency and over the year by season: bundles take
 * BUNDLE_MEMBER_SHARE of the applications (as members), standalone items the rest. In a run of a couple of
 * thousand or more every item and bundle appears at least once.
 */
export function planTraffic(catalog: Catalog, calendar: WorkCalendar, year: number, applications: number, rng: Rng): TrafficPlan {
  const workdays = workdaysOf(calendar, year);
  const floor = applications >= 2_000 ? 1 : 0;
  const bundles = catalog.bundles;
  const bundleWeights = bundles.map((b) => BUNDLE_WEIGHTS[b.code] ?? 1);
  const totalBundleWeight = bundleWeights.reduce((a, b) => a + b, 0);
  const meanMembers = bundles.reduce((sum, b, i) => sum + b.members.length * bundleWeights[i]!, 0) / (totalBundleWeight || 1);
  const bundleTotal = bundles.length === 0 ? 0 : Math.round((applications * BUNDLE_MEMBER_SHARE) / meanMembers);
  const perBundle = apportion(bundleWeights, bundleTotal, floor);
  const memberSlots = perBundle.reduce((sum, n, i) => sum + n * bundles[i]!.members.length, 0);
  const items = catalog.items;
  const perItem = apportion(
    items.map((i) => ITEM_WEIGHTS[i.code] ?? DEFAULT_ITEM_WEIGHT),
    Math.max(0, applications - memberSlots),
    floor,
  );

  // Which submissions fall on which day: keys 0…items-1 are items, then bundles.
  const keys: Submission[] = [...items.map((item): Submission => ({ kind: 'item', item })), ...bundles.map((bundle): Submission => ({ kind: 'bundle', bundle }))];
  const counts = [...perItem, ...perBundle];
  const samplers = new Map<SeasonProfile, (r: Rng) => number>();
  const samplerFor = (code: string): ((r: Rng) => number) => {
    const profile = seasonOf(code);
    let sampler = samplers.get(profile);
    if (!sampler) {
      sampler = weightedSampler(dayWeights(workdays, profile));
      samplers.set(profile, sampler);
    }
    return sampler;
  };
  const perDay = new Uint32Array(workdays.length * keys.length);
  keys.forEach((key, k) => {
    const sampler = samplerFor(key.kind === 'item' ? key.item.code : key.bundle.code);
    for (let n = 0; n < counts[k]!; n++) perDay[sampler(rng) * keys.length + k]! += 1;
  });

  return {
    workdays,
    itemCounts: new Map(items.map((i, k) => [i.code, perItem[k]!])),
    bundleCounts: new Map(bundles.map((b, k) => [b.code, perBundle[k]!])),
    plannedApplications: perItem.reduce((a, b) => a + b, 0) + memberSlots,
    submissionsOn(dayIndex, dayRng) {
      const list: Submission[] = [];
      for (let k = 0; k < keys.length; k++) {
        for (let n = perDay[dayIndex * keys.length + k]!; n > 0; n--) list.push(keys[k]!);
      }
      for (let i = list.length - 1; i > 0; i--) {
        const j = dayRng.int(0, i);
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      return list;
    },
  };
}

/** The dimensions a metric is broken down by (DESIGN.md §6: per item, bundle, department, channel; all = the bureau). */
export const DIMENSIONS = ['all', 'item', 'bundle', 'department', 'channel'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface BucketKey {
  dimension: Dimension;
  key: string;
}

export const ALL_KEY = '*';

/** An application counts in the bureau total, its item, department, channel, and its bundle's code if a member. */
export function applicationBuckets(a: {
  itemCode: string;
  department: string;
  channel: string;
  bundleCode: string | null;
}): BucketKey[] {
  const buckets: BucketKey[] = [
    { dimension: 'all', key: ALL_KEY },
    { dimension: 'item', key: a.itemCode },
    { dimension: 'department', key: a.department },
    { dimension: 'channel', key: a.channel },
  ];
  if (a.bundleCode !== null) buckets.push({ dimension: 'bundle', key: a.bundleCode });
  return buckets;
}

/** A bundle counts in the bureau total, its bundle code and its channel (its members span departments). */
export function bundleBuckets(b: { bundleCode: string; channel: string }): BucketKey[] {
  return [
    { dimension: 'all', key: ALL_KEY },
    { dimension: 'bundle', key: b.bundleCode },
    { dimension: 'channel', key: b.channel },
  ];
}

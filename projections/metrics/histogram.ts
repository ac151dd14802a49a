/** A histogram of integer working-day values: value → count. Exact, and additive across buckets and months. */
export type Histogram = Map<number, number>;

export interface Distribution {
  count: number;
  p50: number | null;
  p90: number | null;
  mean: number | null;
}

/**
 * Nearest-rank percentile: the smallest value whose cumulative count reaches ⌈q·n⌉ (q in (0, 1]).
 * Exact because the histogram holds every observation.
 */
export function percentile(histogram: Histogram, q: number): number | null {
  let n = 0;
  for (const count of histogram.values()) n += count;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const value of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(value)!;
    if (seen >= rank) return value;
  }
  return null;
}

/** p50, p90 and the mean (sum ÷ count, the sum kept beside the histogram). */
export function distribution(histogram: Histogram, sum: number): Distribution {
  let count = 0;
  for (const c of histogram.values()) count += c;
  return {
    count,
    p50: percentile(histogram, 0.5),
    p90: percentile(histogram, 0.9),
    mean: count === 0 ? null : sum / count,
  };
}

export function addToHistogram(into: Histogram, value: number, count: number): void {
  const next = (into.get(value) ?? 0) + count;
  if (next === 0) into.delete(value);
  else into.set(value, next);
}

/**
 * The additive counters each metric bucket keeps. Every §6 ratio is a quotient of two of them, so a bucket
 * over many months is the sum of its month rows: a query costs the same at any volume.
 */
export const COUNTER_NAMES = [
  'submitted',
  'submittedOnline',
  'submittedZeroSubmission',
  'decided',
  'decidedByRule',
  'concluded',
  'concludedOnTime',
  'concludedSameDay',
  'turnaroundSum',
  'statutoryConcluded',
  'statutoryTurnaroundSum',
  'statutoryLimitSum',
  'fastTrackConcluded',
  'fastTrackHit',
  'closed',
  'closedZeroVisit',
  'expressDispatches',
  'ratings',
  'ratingsGood',
  'reviewsResolved',
  'reviewsResolvedOnTime',
  'bundlesCompleted',
  'bundleTurnaroundSum',
  // Figures above that counted a day of a provisional calendar year (no State Council notice yet): the metrics
  // answer says so, and the recount after the notice's import brings it back to 0.
  'provisionalFigures',
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;
export type CounterDeltas = Partial<Counters>;

export function emptyCounters(): Counters {
  const c = {} as Counters;
  for (const name of COUNTER_NAMES) c[name] = 0;
  return c;
}

export function addCounters(into: Counters, deltas: CounterDeltas): Counters {
  for (const name of COUNTER_NAMES) into[name] += deltas[name] ?? 0;
  return into;
}

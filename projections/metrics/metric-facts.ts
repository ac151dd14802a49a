import type { Channel, DeliveryMode, TimeLimit } from '../../events/index.js';
import type { BucketKey } from './buckets.js';
import type { CounterDeltas } from './counters.js';

/** What the metrics projection remembers of one application between its events. */
export interface ApplicationFacts {
  applicationId: string;
  itemCode: string;
  department: string;
  channel: Channel;
  /** The bundle code, fixed at submission so every count of the application lands in the same buckets. */
  bundleCode: string | null;
  submittedMonth: string;
  zeroSubmission: boolean;
  acceptedOn: string | null;
  committedLimit: TimeLimit;
  statutoryLimit: TimeLimit;
  fastTrack: boolean;
  committedDeadline: string | null;
  /** S so far: the suspended working days of finished suspensions. */
  suspendedWorkdays: number;
  /** The start of a suspension not yet resumed. */
  suspendedOn: string | null;
  decidedOn: string | null;
  visits: number;
  lastDispatchMode: DeliveryMode | null;
  closedOn: string | null;
  ratedMonth: string | null;
  ratingLevel: number | null;
  ratingVoid: boolean;
}

export interface BundleFacts {
  bundleId: string;
  bundleCode: string;
  channel: Channel;
  submittedOn: string;
  lastMemberConcludedOn: string | null;
  completedOn: string | null;
}

export interface TicketFacts {
  ticketId: string;
  applicationId: string;
  dueOn: string;
  buckets: BucketKey[];
  resolvedMonth: string | null;
  resolvedOnTime: boolean;
  void: boolean;
}

export type HistogramKind = 'turnaround' | 'bundle-turnaround';

/** The narrow read-model port of the metrics projection: per-entity facts and additive bucket updates. */
export interface MetricsStore {
  application(applicationId: string): ApplicationFacts | undefined;
  putApplication(facts: ApplicationFacts): void;
  bundle(bundleId: string): BundleFacts | undefined;
  putBundle(facts: BundleFacts): void;
  ticket(ticketId: string): TicketFacts | undefined;
  putTicket(facts: TicketFacts): void;
  /** Adds the deltas to the counters of each bucket for the month. */
  count(buckets: readonly BucketKey[], month: string, deltas: CounterDeltas): void;
  /** Adds one observation of `value` to the histogram of each bucket for the month. */
  observe(buckets: readonly BucketKey[], month: string, kind: HistogramKind, value: number): void;
  /** Records the item's limits in each bucket for the month (the latest recording wins). */
  itemLimits(buckets: readonly BucketKey[], month: string, itemCode: string, statutory: TimeLimit, committed: TimeLimit): void;
}

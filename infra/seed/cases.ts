import type { Actor, Applicant, Channel, SuspensionReason } from '../../events/index.js';
import type { ApplicationCommand, ApplicationState } from '../../services/application/index.js';
import type { BundleState } from '../../services/bundle/index.js';
import type { ServiceItem } from '../../services/catalog/item-schema.js';
import type { ReviewCommand, ReviewState } from '../../services/review/index.js';
import type { Acting, Hall } from './actors.js';
import type { Moment } from './agenda.js';

/**
 * A stream the simulation writes: its state as the decider folds it and the revision of its last event. Only
 * the agenda's steps (and an open bundle's entry) hold a case: once nothing more will happen to it, it is garbage.
 */
export interface StreamCase<S> {
  streamId: string;
  state: S;
  revision: number | null;
}

/** How one application's course will run, drawn when it is submitted (its 命运, revealed step by step). */
export interface ApplicationPlan {
  preReview: boolean;
  supplement: boolean;
  supplementAbandoned: boolean;
  refuse: boolean;
  deemedAcceptance: boolean;
  withdraw: 'no' | 'before-acceptance' | 'while-processing';
  deny: boolean;
  onTheSpotNextDay: boolean;
  suspension: SuspensionReason | null;
  extension: boolean;
  late: boolean;
  collect: boolean;
  rate: boolean;
  /** Set when the clock starts: working days of running clock until the decision, and where they stand. */
  runDays: number | null;
  suspendAfter: number | null;
  decideOn: string | null;
  /** Steps taken once each. */
  done: Set<'pre-review' | 'suspend' | 'resume-planned' | 'extend' | 'withdraw'>;
}

export interface ApplicationCase extends StreamCase<ApplicationState> {
  kind: 'application';
  id: string;
  item: ServiceItem;
  applicant: Applicant;
  /** The channel the application came in on (a bundle member's is its bundle's). */
  channel: Exclude<Channel, 'system'>;
  correlationId: string;
  clerk: Actor;
  hall: Hall;
  plan: ApplicationPlan;
}

export interface BundleCase extends StreamCase<BundleState> {
  kind: 'bundle';
  id: string;
}

export interface ReviewPlan {
  appeal: boolean;
  upheld: boolean;
  late: boolean;
  explained: boolean;
}

export interface ReviewCase extends StreamCase<ReviewState> {
  kind: 'review';
  id: string;
  clerk: Actor;
  /** The rated application's: a ticket's follow-up belongs to the same case. */
  correlationId: string;
  plan: ReviewPlan;
}

export type SeedCase = ApplicationCase | BundleCase | ReviewCase;

/** A command a case will be sent at a moment, by someone. */
export type Step =
  | { at: Moment; aggregate: 'application'; command: ApplicationCommand; by: Acting }
  | { at: Moment; aggregate: 'review'; command: ReviewCommand; by: Acting };

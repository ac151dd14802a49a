import { applicationEvents, bundleEvents, reviewEvents } from '../../events/index.js';
import { applicationDecider } from '../../services/application/index.js';
import type { ApplicationCommand, ApplicationDeps, ApplicationState } from '../../services/application/index.js';
import { bundleDecider } from '../../services/bundle/index.js';
import type { BundleCommand, BundleDeps, BundleState } from '../../services/bundle/index.js';
import type { Catalog } from '../../services/catalog/item-schema.js';
import type { Decider, PendingEvent } from '../../services/decider.js';
import { reviewDecider } from '../../services/review/index.js';
import type { ReviewCommand, ReviewDeps, ReviewState } from '../../services/review/index.js';
import type { DeciderCalendar } from '../../services/application/index.js';

/** The aggregates commands are handled for; the stream of one is `<aggregate>-<uuid>`. */
export type AggregateName = 'application' | 'bundle' | 'review';

export interface CommandOf {
  application: ApplicationCommand;
  bundle: BundleCommand;
  review: ReviewCommand;
}

export interface StateOf {
  application: ApplicationState;
  bundle: BundleState;
  review: ReviewState;
}

/** What deciders may be given: the catalog in force, the calendar, the review period. */
export interface DeciderEnvironment {
  catalog: Catalog;
  calendar: DeciderCalendar;
  reviewDueWorkdays: number;
}

export interface AggregateSpec {
  decider: Decider<{ type: string }, unknown, PendingEvent, unknown>;
  eventTypes: ReadonlySet<string>;
  deps(env: DeciderEnvironment): unknown;
  /** The id a creating command names, which must be the stream's; null for other commands. */
  createdId(command: { type: string }): string | null;
}

const typesOf = (definitions: readonly { type: string }[]): ReadonlySet<string> => new Set(definitions.map((d) => d.type));

// The deciders are typed per aggregate; the handler works on any, so each is seen through the common shape here.
const loosely = <C, S, E extends PendingEvent, D>(decider: Decider<C, S, E, D>): AggregateSpec['decider'] =>
  decider as unknown as AggregateSpec['decider'];

export const aggregates: Record<AggregateName, AggregateSpec> = {
  application: {
    decider: loosely(applicationDecider),
    eventTypes: typesOf(applicationEvents),
    deps: (env): ApplicationDeps => ({ catalog: env.catalog, calendar: env.calendar }),
    createdId: (c) => (c.type === 'submitApplication' ? (c as ApplicationCommand & { type: 'submitApplication' }).applicationId : null),
  },
  bundle: {
    decider: loosely(bundleDecider),
    eventTypes: typesOf(bundleEvents),
    deps: (env): BundleDeps => ({ catalog: env.catalog }),
    createdId: (c) => (c.type === 'submitBundle' ? (c as BundleCommand & { type: 'submitBundle' }).bundleId : null),
  },
  review: {
    decider: loosely(reviewDecider),
    eventTypes: typesOf(reviewEvents),
    deps: (env): ReviewDeps => ({ calendar: env.calendar, dueWorkdays: env.reviewDueWorkdays }),
    createdId: (c) => (c.type === 'openReviewTicket' ? (c as ReviewCommand & { type: 'openReviewTicket' }).ticketId : null),
  },
};

export function streamIdOf(aggregate: AggregateName, id: string): string {
  return `${aggregate}-${id}`;
}

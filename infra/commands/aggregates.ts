import { applicationEvents, bundleEvents, isStreamOf, reviewEvents, CalendarRevised, CatalogVersionPublished, ReportPublished } from '../../events/index.js';
import type { StreamKind } from '../../events/index.js';
import { applicationDecider } from '../../services/application/index.js';
import type { ApplicationCommand, ApplicationDeps, ApplicationState } from '../../services/application/index.js';
import { bundleDecider } from '../../services/bundle/index.js';
import type { BundleCommand, BundleDeps, BundleState } from '../../services/bundle/index.js';
import { calendarDecider } from '../../services/calendar/index.js';
import type { CalendarCommand, CalendarStreamState } from '../../services/calendar/index.js';
import { catalogDecider } from '../../services/catalog/index.js';
import type { CatalogCommand, CatalogStreamState } from '../../services/catalog/index.js';
import type { Catalog } from '../../services/catalog/item-schema.js';
import type { Decider, PendingEvent } from '../../services/decider.js';
import { reportDecider } from '../../services/report/index.js';
import type { ReportCommand, ReportStreamState } from '../../services/report/index.js';
import { reviewDecider } from '../../services/review/index.js';
import type { ReviewCommand, ReviewDeps, ReviewState } from '../../services/review/index.js';
import type { DeciderCalendar } from '../../services/application/index.js';

export { streamIdOf } from '../../events/index.js';

/**
 * What commands are handled for, each on its streams (events/streams.ts): the case aggregates
 * (`<name>-<uuid>`), the month's report (`report-YYYY-MM`), and the single `catalog` and `calendar` streams.
 */
export type AggregateName = StreamKind;

/** The aggregates of a case (办件, 一件事, 整改 ticket): what the API's routes and the process managers act on. */
export type CaseAggregate = 'application' | 'bundle' | 'review';

export interface CommandOf {
  application: ApplicationCommand;
  bundle: BundleCommand;
  review: ReviewCommand;
  catalog: CatalogCommand;
  calendar: CalendarCommand;
  report: ReportCommand;
}

export interface StateOf {
  application: ApplicationState;
  bundle: BundleState;
  review: ReviewState;
  catalog: CatalogStreamState;
  calendar: CalendarStreamState;
  report: ReportStreamState;
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
  /** The decider's dependencies, taken from the environment (a decider that needs none reads nothing of it). */
  deps(env: DeciderEnvironment): unknown;
  /** The id a creating command names, which must be the stream's; null for other commands. */
  createdId(command: { type: string }): string | null;
}

const typesOf = (definitions: readonly { type: string }[]): ReadonlySet<string> => new Set(definitions.map((d) => d.type));

// The deciders are typed per aggregate; the handler works on any, so each is seen through the common shape here.
const loosely = <C, S, E extends PendingEvent, D>(decider: Decider<C, S, E, D>): AggregateSpec['decider'] =>
  decider as unknown as AggregateSpec['decider'];

const notCreating = (): null => null;
const nothing = (): undefined => undefined;

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
  catalog: { decider: loosely(catalogDecider), eventTypes: typesOf([CatalogVersionPublished]), deps: nothing, createdId: notCreating },
  calendar: { decider: loosely(calendarDecider), eventTypes: typesOf([CalendarRevised]), deps: nothing, createdId: notCreating },
  report: { decider: loosely(reportDecider), eventTypes: typesOf([ReportPublished]), deps: nothing, createdId: notCreating },
};

/** Whether `streamId` is a stream of `aggregate`. */
export const isStreamOfAggregate = (aggregate: AggregateName, streamId: string): boolean => isStreamOf(aggregate, streamId);

import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import { ALL_PROJECTIONS } from '../../infra/read-models/all-projections.js';
import { applicationStatusSql } from '../../infra/read-models/application-status-sql.js';
import { bundleProgressSql } from '../../infra/read-models/bundle-progress-sql.js';
import { catalogRatesSql } from '../../infra/read-models/catalog-rates-sql.js';
import { metricsSql } from '../../infra/read-models/metrics-sql.js';
import { workQueueSql } from '../../infra/read-models/work-queue-sql.js';
import { APPLICATION_STATUS_EVENTS } from '../../projections/application-status/apply-status.js';
import { BUNDLE_PROGRESS_EVENTS } from '../../projections/bundle-progress/apply-bundle-progress.js';
import { CATALOG_RATES_EVENTS } from '../../projections/catalog-rates.js';
import { eventIn, eventTypeSet } from '../../projections/event-set.js';
import type { EventType, LogEventOf } from '../../projections/event-set.js';
import type { LogEvent } from '../../projections/log-event.js';
import { METRICS_EVENTS } from '../../projections/metrics/apply-metrics.js';
import { WORK_QUEUE_EVENTS } from '../../projections/work-queue/apply-work-queue.js';

// The type-level half of this file is checked by `tsc --noEmit` (CI's type-check covers tests): each
// `@ts-expect-error` below fails the type-check as an unused directive if the line it marks ever compiles.

/** A fold shaped like the projections': guard on the set, then a switch over what the guard lets through. */
function workQueueLike(event: LogEvent): string {
  if (!eventIn(WORK_QUEUE_EVENTS, event)) return 'skipped';
  switch (event.type) {
    case 'ApplicationSubmitted':
      // Narrowed to the event itself, not only its type name: its data is typed.
      return event.data.itemCode;
    // @ts-expect-error TS2678: ApplicationRated is not in WORK_QUEUE_EVENTS, so the runner never hands it over.
    case 'ApplicationRated':
      return 'unreachable';
    default:
      return event.type;
  }
}

function metricsLike(event: LogEvent): void {
  if (!eventIn(METRICS_EVENTS, event)) return;
  switch (event.type) {
    case 'ReviewResolved':
      return;
    // @ts-expect-error TS2678: the metrics read no PreReviewCompleted.
    case 'PreReviewCompleted':
      return;
    default:
  }
}

function bundleLike(event: LogEvent): void {
  if (!eventIn(BUNDLE_PROGRESS_EVENTS, event)) return;
  // @ts-expect-error TS2367: a bundle fold comparing with an application event compares with nothing.
  if (event.type === 'ApplicationClosed') return;
}

function catalogLike(event: LogEvent): number {
  if (!eventIn(CATALOG_RATES_EVENTS, event)) return 0;
  const published: LogEventOf<'CatalogVersionPublished'> = event;
  return published.revision;
}

function statusLike(event: LogEvent): void {
  if (!eventIn(APPLICATION_STATUS_EVENTS, event)) return;
  switch (event.type) {
    case 'DeadlineRecomputed':
      return;
    // @ts-expect-error TS2678: the status page reads application events only.
    case 'BundleCompleted':
      return;
    default:
  }
}

describe('projection event sets', () => {
  it('refuse, at compile time, a misspelt or unregistered event type', () => {
    // @ts-expect-error TS2820: not a registered event type (ApplicationSubmitted is).
    const misspelt = eventTypeSet(['ApplicationSubmitted', 'ApplicationSubmited']);
    // @ts-expect-error TS2322: a type no event definition declares.
    const unknown = eventTypeSet(['ApplicationArchived']);
    // The tuple form, for a list kept apart from its set.
    // @ts-expect-error TS2322: the same check through `satisfies`.
    const tuple = ['BundleCompleted', 'BundleCompletd'] as const satisfies readonly EventType[];
    expect(misspelt.size + unknown.size + tuple.length).to.equal(5);
  });

  it('narrow a fold to its own types (type-level checks above; here the folds run)', () => {
    const closed = { type: 'ApplicationClosed' } as LogEvent;
    expect(workQueueLike({ type: 'ApplicationRated' } as LogEvent)).to.equal('skipped');
    expect(workQueueLike({ type: 'ApplicationSubmitted', data: { itemCode: 'X1' } } as LogEvent)).to.equal('X1');
    expect(workQueueLike(closed)).to.equal('ApplicationClosed');
    expect(() => metricsLike(closed)).not.to.throw();
    expect(() => bundleLike(closed)).not.to.throw();
    expect(catalogLike(closed)).to.equal(0);
    expect(() => statusLike(closed)).not.to.throw();
  });

  it('name only registered event types, in every projection the runner keeps', () => {
    const registered = new Set(eventRegistry.types());
    expect(ALL_PROJECTIONS).to.have.length.greaterThan(0);
    for (const projection of ALL_PROJECTIONS) {
      expect(projection.events.size, projection.name).to.be.greaterThan(0);
      for (const type of projection.events) expect(registered.has(type), `${projection.name}: ${type}`).to.equal(true);
    }
  });

  it('are the sets the runner routes by (each SQL projection wires its fold’s own set)', () => {
    expect(applicationStatusSql.events).to.equal(APPLICATION_STATUS_EVENTS);
    expect(workQueueSql.events).to.equal(WORK_QUEUE_EVENTS);
    expect(bundleProgressSql.events).to.equal(BUNDLE_PROGRESS_EVENTS);
    expect(metricsSql.events).to.equal(METRICS_EVENTS);
    expect(catalogRatesSql.events).to.equal(CATALOG_RATES_EVENTS);
    // A plain Set: the runner's and the folds' look-ups stay Set look-ups.
    for (const projection of ALL_PROJECTIONS) expect(projection.events).to.be.instanceOf(Set);
  });
});

import type { ReadModelDb } from './sql-database.js';
import type { WorkdayCalendar } from '../../projections/calendar-port.js';
import { bundleQueries } from './bundle-queries.js';
import { catalogRatesQueries } from './catalog-rates-queries.js';
import { metricsQueries } from './metrics-queries.js';
import { reviewTicketQueries } from './review-tickets-queries.js';
import { statusQueries } from './status-queries.js';
import { workQueueQueries } from './work-queue-queries.js';

/** Every read-model query over one read-model database, against the active generation of each projection. */
export function createReadModels(db: ReadModelDb, options: { calendar: WorkdayCalendar }) {
  const status = statusQueries(db, options.calendar);
  const queue = workQueueQueries(db, options.calendar);
  const reviews = reviewTicketQueries(db, options.calendar);
  return {
    ...status,
    ...queue,
    ...bundleQueries(db, status.statusRow),
    ...metricsQueries(db),
    ...catalogRatesQueries(db),
    ...reviews,
    /** 跟踪督导: the applications' watch, with the review tickets' beside it (their own counts and list). */
    overdueWatch: (query: Parameters<typeof queue.overdueWatch>[0]) => ({ ...queue.overdueWatch(query), reviews: reviews.reviewWatch(query) }),
  };
}

export type ReadModels = ReturnType<typeof createReadModels>;

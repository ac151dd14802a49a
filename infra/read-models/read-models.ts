import type Database from 'better-sqlite3';
import type { WorkdayCalendar } from '../../projections/calendar-port.js';
import { bundleQueries } from './bundle-queries.js';
import { catalogRatesQueries } from './catalog-rates-queries.js';
import { metricsQueries } from './metrics-queries.js';
import { statusQueries } from './status-queries.js';
import { workQueueQueries } from './work-queue-queries.js';

/** Every read-model query over one read-model database, against the active generation of each projection. */
export function createReadModels(db: Database.Database, options: { calendar: WorkdayCalendar }) {
  const status = statusQueries(db, options.calendar);
  return {
    ...status,
    ...workQueueQueries(db, options.calendar),
    ...bundleQueries(db, status.statusRow),
    ...metricsQueries(db),
    ...catalogRatesQueries(db),
  };
}

export type ReadModels = ReturnType<typeof createReadModels>;

import { applicationStatusSql } from './application-status-sql.js';
import { bundleProgressSql } from './bundle-progress-sql.js';
import { catalogRatesSql } from './catalog-rates-sql.js';
import { metricsSql } from './metrics-sql.js';
import { reviewTicketsSql } from './review-tickets-sql.js';
import type { SqlProjection } from './sql-projection.js';
import { workQueueSql } from './work-queue-sql.js';

/** Every read model the runner keeps, by name. */
export const ALL_PROJECTIONS: readonly SqlProjection[] = [applicationStatusSql, workQueueSql, bundleProgressSql, metricsSql, catalogRatesSql, reviewTicketsSql];

export function projectionNamed(name: string): SqlProjection {
  const p = ALL_PROJECTIONS.find((x) => x.name === name);
  if (!p) throw new Error(`unknown projection ${name}; known: ${ALL_PROJECTIONS.map((x) => x.name).join(', ')}`);
  return p;
}

import { randomUUID } from 'node:crypto';
import type { Actor } from '../../events/index.js';
import { toShanghaiInstant } from '../../events/index.js';
import { buildMonthlyReport } from '../../projections/report/monthly-report.js';
import type { MonthlyReport } from '../../projections/report/monthly-report.js';
import type { ReadModels } from '../read-models/read-models.js';
import { StreamNotFoundError } from '../store/errors.js';
import type { AppendResult, EventStore } from '../store/port.js';
import type { ProjectionRunner } from './runner.js';

export const reportStream = (month: string): string => `report-${month}`;

export interface PublishReportOptions {
  store: EventStore;
  runner: Pick<ProjectionRunner, 'waitForPosition'>;
  readModels: ReadModels;
  /** YYYY-MM. */
  month: string;
  /** The date of the overdue snapshot (today, YYYY-MM-DD). */
  asOf: string;
  publishedBy: Actor;
  /** A second publication of the same month is refused unless this is set (it appends a revision). */
  revise?: boolean;
  /** How long to wait for the projections to reach the log's head. */
  timeoutMs?: number;
}

/**
 * 定期通报: freezes the month's metrics, as the read models hold them once caught up with the log, into a
 * ReportPublished event with the formula version, on stream report-YYYY-MM.
 */
export async function publishMonthlyReport(options: PublishReportOptions): Promise<{ report: MonthlyReport; append: AppendResult }> {
  const { store, readModels, month } = options;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`month must be YYYY-MM: ${month}`);
  const head = await store.headPosition();
  if (!(await options.runner.waitForPosition(head, options.timeoutMs ?? 30_000))) {
    throw new Error(`the projections did not reach position ${head} in time; the report was not published`);
  }
  const report = buildMonthlyReport({
    month,
    asOfPosition: head,
    asOf: options.asOf,
    // The frozen report keeps the shape it was published with: no provisional-days mark.
    metrics: (dimension) => readModels.metrics({ dimension, from: month, to: month }).map(({ includesProvisionalDays: _, ...row }) => row),
    overdue: readModels.overdueWatch({ today: options.asOf }).departments,
    catalog: readModels.catalogRates(),
  });
  const id = randomUUID();
  const append = await options.store.append(
    reportStream(month),
    [
      {
        type: 'ReportPublished',
        data: { month, formulaVersion: report.formulaVersion, metrics: report },
        metadata: {
          actor: options.publishedBy,
          channel: 'system',
          commandId: id,
          correlationId: id,
          causationId: id,
          occurredAt: toShanghaiInstant(),
        },
      },
    ],
    { expectedVersion: options.revise ? 'stream_exists' : 'no_stream' },
  );
  return { report, append };
}

/** The latest published report of a month, as it was frozen, or null. */
export async function readMonthlyReport(store: EventStore, month: string): Promise<MonthlyReport | null> {
  try {
    const events = await store.readStream(reportStream(month));
    const last = events.filter((e) => e.type === 'ReportPublished').at(-1);
    if (!last) return null;
    return (last.data as { metrics: MonthlyReport }).metrics;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return null;
    throw error;
  }
}

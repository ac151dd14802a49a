import { randomUUID } from 'node:crypto';
import type { Actor } from '../../events/index.js';
import { reportStream } from '../../events/index.js';
import { buildMonthlyReport } from '../../projections/report/monthly-report.js';
import type { MonthlyReport } from '../../projections/report/monthly-report.js';
import type { CommandHandler, CommandResult } from '../commands/index.js';
import { toolMeta } from '../commands/tool-meta.js';
import type { ReadModels } from '../read-models/read-models.js';
import type { EventStore } from '../store/port.js';
import type { ProjectionRunner } from './runner.js';

export { reportStream } from '../../events/index.js';

/** The read models did not reach the log's head in time: nothing was published. */
export class ReadModelsBehindError extends Error {
  readonly code = 'READ_MODELS_BEHIND';
  constructor(readonly position: number) {
    super(`the projections did not reach position ${position} in time; the report was not published`);
    this.name = 'ReadModelsBehindError';
  }
}

export interface PublishReportOptions {
  store: EventStore;
  /** The write path: the report decider refuses a second publication that is not a revision. */
  commands: CommandHandler;
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
export async function publishMonthlyReport(options: PublishReportOptions): Promise<{ report: MonthlyReport; append: CommandResult<'report'> }> {
  const { store, readModels, month } = options;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`month must be YYYY-MM: ${month}`);
  const head = await store.headPosition();
  if (!(await options.runner.waitForPosition(head, options.timeoutMs ?? 30_000))) {
    throw new ReadModelsBehindError(head);
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
  const append = await options.commands.handle(
    'report',
    reportStream(month),
    { type: 'publishReport', report: { month, formulaVersion: report.formulaVersion, metrics: report }, revise: options.revise ?? false },
    toolMeta(options.publishedBy, randomUUID()),
  );
  return { report, append };
}

/** The latest published report of a month, as it was frozen, or null. */
export async function readMonthlyReport(store: EventStore, month: string): Promise<MonthlyReport | null> {
  const last = (await store.readStream(reportStream(month))).filter((e) => e.type === 'ReportPublished').at(-1);
  return last ? (last.data as { metrics: MonthlyReport }).metrics : null;
}

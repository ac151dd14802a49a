import type { MonthlyReport } from '../../projections/report/monthly-report.js';
import type { CommandHandler } from '../commands/index.js';
import type { PublishedReport, ReportDesk } from './ports.js';
import { ReadModelsBehindError, publishMonthlyReport, reportStream } from '../projections/monthly-report.js';
import type { ProjectionRunner } from '../projections/runner.js';
import type { ReadModels } from '../read-models/read-models.js';
import type { EventStore, RecordedEvent } from '../store/port.js';

/** A report of a month that has not begun: nothing to freeze yet. */
export class ReportMonthNotBegunError extends Error {
  readonly code = 'REPORT_MONTH_NOT_BEGUN';
  constructor(readonly month: string) {
    super(`${month} is after this month.`);
    this.name = 'ReportMonthNotBegunError';
  }
}

export interface ReportDeskOptions {
  store: EventStore;
  commands: CommandHandler;
  runner: Pick<ProjectionRunner, 'waitForPosition'>;
  readModels: ReadModels;
  today: () => string;
  /** The first month a report can be about (the calendar's first covered month). */
  firstMonth: string;
  /** How long publishing waits for the read models to reach the head of the log. */
  timeoutMs: number;
}

const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

function asPublished(event: RecordedEvent): PublishedReport {
  const data = event.data as { month: string; metrics: MonthlyReport };
  return {
    month: data.month,
    revision: event.revision,
    position: event.position,
    publishedAt: event.metadata.occurredAt,
    publishedBy: event.metadata.actor,
    report: data.metrics,
  };
}

/**
 * 定期通报 over the report streams (report-YYYY-MM) that infra/projections/monthly-report.ts writes. The
 * list walks the months from the calendar's first to this one, one primary-key look-up each: there is no
 * read model of published reports (yet), and a hundred look-ups cost less than a scan of the log.
 */
export function createReportDesk(options: ReportDeskOptions): ReportDesk {
  const { store } = options;

  async function lastPublished(month: string): Promise<PublishedReport | null> {
    const event = (await store.readStream(reportStream(month))).filter((e) => e.type === 'ReportPublished').at(-1);
    return event ? asPublished(event) : null;
  }

  return {
    async publish(month, by, revise) {
      if (month > options.today().slice(0, 7)) throw new ReportMonthNotBegunError(month);
      const head = await store.headPosition();
      if (!(await options.runner.waitForPosition(head, options.timeoutMs))) throw new ReadModelsBehindError(head);
      await publishMonthlyReport({ store, commands: options.commands, runner: options.runner, readModels: options.readModels, month, asOf: options.today(), publishedBy: by, revise, timeoutMs: options.timeoutMs });
      const published = await lastPublished(month);
      if (!published) throw new Error(`report ${month} was appended but cannot be read back`);
      return published;
    },
    read: lastPublished,
    async list() {
      const last = options.today().slice(0, 7);
      const entries: Omit<PublishedReport, 'report'>[] = [];
      for (let month = options.firstMonth; month <= last; month = nextMonth(month)) {
        if ((await store.streamRevision(reportStream(month))) === null) continue;
        const published = await lastPublished(month);
        if (published) entries.push({ month: published.month, revision: published.revision, position: published.position, publishedAt: published.publishedAt, publishedBy: published.publishedBy });
      }
      return entries;
    },
  };
}

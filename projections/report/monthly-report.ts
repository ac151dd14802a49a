import type { CatalogRates } from '../catalog-rates.js';
import type { Dimension } from '../metrics/buckets.js';
import { FORMULA_VERSION } from '../metrics/definitions.js';
import type { MetricFigures } from '../metrics/metric-figures.js';

/** 定期通报: one month's figures, frozen into a ReportPublished event (stream report-YYYY-MM). */
export interface MonthlyReport {
  month: string;
  formulaVersion: string;
  /** The log position the figures were computed at: replaying the log to it reproduces them. */
  asOfPosition: number;
  /** The date the overdue snapshot was taken on. */
  asOf: string;
  bureau: MetricFigures | null;
  sections: Record<Exclude<Dimension, 'all'>, { key: string; figures: MetricFigures }[]>;
  /** 跟踪督导 at publication: open applications overdue or due soon, per department. */
  overdue: { department: string; overdue: number; dueSoon: number }[];
  catalog: CatalogRates | null;
}

export interface ReportInputs {
  month: string;
  asOfPosition: number;
  asOf: string;
  metrics(dimension: Dimension): { key: string; figures: MetricFigures }[];
  overdue: { department: string; overdue: number; dueSoon: number }[];
  catalog: CatalogRates | null;
}

export function buildMonthlyReport(input: ReportInputs): MonthlyReport {
  return {
    month: input.month,
    formulaVersion: FORMULA_VERSION,
    asOfPosition: input.asOfPosition,
    asOf: input.asOf,
    bureau: input.metrics('all')[0]?.figures ?? null,
    sections: {
      department: input.metrics('department'),
      item: input.metrics('item'),
      channel: input.metrics('channel'),
      bundle: input.metrics('bundle'),
    },
    // Only the counts the report has always frozen: the watch carries more (e.g. provisional due dates),
    // and a published report's shape does not follow it.
    overdue: input.overdue.map(({ department, overdue, dueSoon }) => ({ department, overdue, dueSoon })),
    catalog: input.catalog,
  };
}

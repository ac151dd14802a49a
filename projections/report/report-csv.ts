import { figureEntries } from '../metrics/metric-figures.js';
import type { FigureEntry, MetricFigures } from '../metrics/metric-figures.js';
import type { MonthlyReport } from './monthly-report.js';

const HEADER = ['month', 'formula_version', 'dimension', 'key', 'metric', 'numerator', 'denominator', 'value'];

type Cell = string | number | null;

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A figure's lines (metric, numerator, denominator, value), by its kind. */
function linesOf(e: FigureEntry): Cell[][] {
  switch (e.kind) {
    case 'ratio':
      return [[e.key, e.value.numerator, e.value.denominator, e.value.rate]];
    case 'distribution':
      return [
        [`${e.key}.count`, null, null, e.value.count],
        [`${e.key}.p50`, null, null, e.value.p50],
        [`${e.key}.p90`, null, null, e.value.p90],
        [`${e.key}.mean`, null, null, e.value.mean],
      ];
    case 'count':
      return [[e.key, null, null, e.value]];
    case 'realized-speed-up':
      return [[e.key, e.value.turnaroundSum, e.value.statutoryLimitSum, e.value.rate]];
    case 'promised-speed-up':
      return [[e.key, null, e.value.items, e.value.rate]];
  }
}

/**
 * One line per figure, in the order of METRIC_FIGURES: ratios with their numerator and denominator,
 * distributions as count/p50/p90/mean.
 */
function figureLines(f: MetricFigures): Cell[][] {
  return figureEntries(f).flatMap(linesOf);
}

/** The report as CSV (RFC 4180 quoting), one row per dimension, key and figure. */
export function reportToCsv(report: MonthlyReport): string {
  const rows: Cell[][] = [HEADER];
  const prefix = [report.month, report.formulaVersion];
  if (report.bureau) for (const line of figureLines(report.bureau)) rows.push([...prefix, 'all', '*', ...line]);
  for (const [dimension, entries] of Object.entries(report.sections)) {
    for (const e of entries) for (const line of figureLines(e.figures)) rows.push([...prefix, dimension, e.key, ...line]);
  }
  for (const o of report.overdue) {
    rows.push([...prefix, 'department', o.department, 'overdue.open', null, null, o.overdue]);
    rows.push([...prefix, 'department', o.department, 'overdue.dueSoon', null, null, o.dueSoon]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

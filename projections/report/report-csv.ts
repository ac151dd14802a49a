import type { Distribution } from '../metrics/histogram.js';
import type { MetricFigures, Ratio } from '../metrics/metric-figures.js';
import type { MonthlyReport } from './monthly-report.js';

const HEADER = ['month', 'formula_version', 'dimension', 'key', 'metric', 'numerator', 'denominator', 'value'];

type Cell = string | number | null;

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line per figure: ratios with their numerator and denominator, distributions as count/p50/p90/mean. */
function figureLines(f: MetricFigures): Cell[][] {
  const r = (name: string, x: Ratio): Cell[] => [name, x.numerator, x.denominator, x.rate];
  const d = (name: string, x: Distribution): Cell[][] => [
    [`${name}.count`, null, null, x.count],
    [`${name}.p50`, null, null, x.p50],
    [`${name}.p90`, null, null, x.p90],
    [`${name}.mean`, null, null, x.mean],
  ];
  return [
    ...d('turnaround', f.turnaround),
    r('onTimeRate', f.onTimeRate),
    ['realizedSpeedUp', f.realizedSpeedUp.turnaroundSum, f.realizedSpeedUp.statutoryLimitSum, f.realizedSpeedUp.rate],
    ['promisedSpeedUp', null, f.promisedSpeedUp.items, f.promisedSpeedUp.rate],
    r('fastTrackHitRate', f.fastTrackHitRate),
    r('sameDayShare', f.sameDayShare),
    r('instantApprovalShare', f.instantApprovalShare),
    r('zeroVisitRate', f.zeroVisitRate),
    r('onlineIntakeRate', f.onlineIntakeRate),
    r('zeroSubmissionRate', f.zeroSubmissionRate),
    ['freeExpressDispatches', null, null, f.freeExpressDispatches],
    r('satisfaction', f.satisfaction),
    r('rectificationOnTimeRate', f.rectificationOnTimeRate),
    ...d('bundleTurnaround', f.bundleTurnaround),
  ];
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

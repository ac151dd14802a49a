import { expect } from 'chai';
import type { z } from 'zod';
import { MetricFigures as MetricFiguresSchema } from '../../infra/http/routes/supervisor-views.js';
import { emptyCounters } from '../../projections/metrics/counters.js';
import { METRIC_DEFINITIONS, METRIC_FIGURES } from '../../projections/metrics/definitions.js';
import type { MetricId } from '../../projections/metrics/definitions.js';
import { figureEntries, metricFigures } from '../../projections/metrics/metric-figures.js';
import type { MetricFigures } from '../../projections/metrics/metric-figures.js';
import type { MonthlyReport } from '../../projections/report/monthly-report.js';
import { reportToCsv } from '../../projections/report/report-csv.js';

// Type level (checked by `tsc --noEmit`): the API schema's output is the projection's MetricFigures, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaIsTheType: Same<z.output<typeof MetricFiguresSchema>, MetricFigures> = true;
const keysAreTheIds: Same<keyof MetricFigures, MetricId> = true;

const figures = (): MetricFigures => metricFigures(emptyCounters(), new Map([[3, 2]]), new Map(), []);

describe('metric figures: one definition', () => {
  it('lists each figure once, with its names and definition text', () => {
    expect(schemaIsTheType && keysAreTheIds).to.equal(true);
    const keys = METRIC_FIGURES.map((f) => f.key);
    expect(new Set(keys).size).to.equal(keys.length);
    for (const f of METRIC_FIGURES) {
      expect(f.zh, f.key).to.not.equal('');
      expect(f.en, f.key).to.not.equal('');
      expect(f.definition, f.key).to.not.equal('');
      expect(METRIC_DEFINITIONS[f.key]).to.equal(f);
    }
    expect(Object.keys(METRIC_DEFINITIONS)).to.deep.equal(keys);
  });

  it('gives the figures, the API schema and the CSV lines in the list’s order', () => {
    const keys = METRIC_FIGURES.map((f) => f.key);
    expect(Object.keys(figures())).to.deep.equal(keys);
    expect(Object.keys(MetricFiguresSchema.shape)).to.deep.equal(keys);
    expect(figureEntries(figures()).map((e) => [e.key, e.kind])).to.deep.equal(METRIC_FIGURES.map((f) => [f.key, f.kind]));
  });

  it('describes each figure of the API schema by its definition', () => {
    for (const f of METRIC_FIGURES) {
      const description = MetricFiguresSchema.shape[f.key].meta()?.description ?? '';
      expect(description, f.key).to.include(f.zh).and.to.include(f.definition);
    }
  });

  it('keeps the report CSV’s metric lines as they were', () => {
    const report: MonthlyReport = {
      month: '2026-03',
      formulaVersion: 'v',
      asOfPosition: 1,
      asOf: '2026-04-01',
      bureau: figures(),
      sections: { department: [], item: [], channel: [], bundle: [] },
      overdue: [],
      catalog: null,
    };
    const lines = reportToCsv(report).split('\r\n').slice(1, -1);
    expect(lines.map((l) => l.split(',')[4])).to.deep.equal([
      'turnaround.count', 'turnaround.p50', 'turnaround.p90', 'turnaround.mean',
      'onTimeRate', 'realizedSpeedUp', 'promisedSpeedUp', 'fastTrackHitRate', 'sameDayShare', 'instantApprovalShare',
      'zeroVisitRate', 'onlineIntakeRate', 'zeroSubmissionRate', 'freeExpressDispatches', 'satisfaction',
      'rectificationOnTimeRate',
      'bundleTurnaround.count', 'bundleTurnaround.p50', 'bundleTurnaround.p90', 'bundleTurnaround.mean',
    ]);
    expect(lines.slice(0, 7)).to.deep.equal([
      '2026-03,v,all,*,turnaround.count,,,2',
      '2026-03,v,all,*,turnaround.p50,,,3',
      '2026-03,v,all,*,turnaround.p90,,,3',
      '2026-03,v,all,*,turnaround.mean,,,0',
      '2026-03,v,all,*,onTimeRate,0,0,',
      '2026-03,v,all,*,realizedSpeedUp,0,0,',
      '2026-03,v,all,*,promisedSpeedUp,,0,',
    ]);
    expect(lines[13]).to.equal('2026-03,v,all,*,freeExpressDispatches,,,0');
  });
});

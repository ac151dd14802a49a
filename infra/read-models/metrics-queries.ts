import type Database from 'better-sqlite3';
import type { DayUnit } from '../../events/index.js';
import type { Dimension } from '../../projections/metrics/buckets.js';
import { addCounters, COUNTER_NAMES, emptyCounters } from '../../projections/metrics/counters.js';
import type { Counters } from '../../projections/metrics/counters.js';
import { addToHistogram } from '../../projections/metrics/histogram.js';
import type { Histogram } from '../../projections/metrics/histogram.js';
import { metricFigures } from '../../projections/metrics/metric-figures.js';
import type { ItemLimits, MetricFigures } from '../../projections/metrics/metric-figures.js';
import { activeStatements } from './active-tables.js';
import { counterColumn, METRICS, metricsTables } from './metrics-sql.js';

export interface MetricsQuery {
  dimension: Dimension;
  /** One key of the dimension (an item code, department, channel, bundle code; '*' for all); all keys when left out. */
  key?: string;
  /** First month, YYYY-MM, inclusive. */
  from?: string;
  /** Last month, YYYY-MM, inclusive. */
  to?: string;
  /** One row per key and month instead of one per key over the whole range. */
  byMonth?: boolean;
}

export interface MetricsRow {
  dimension: Dimension;
  key: string;
  /** The month of the row when byMonth, else null (the figures cover from … to). */
  month: string | null;
  figures: MetricFigures;
}

interface Group {
  key: string;
  month: string | null;
  counters: Counters;
  turnaround: Histogram;
  bundleTurnaround: Histogram;
  items: Map<string, ItemLimits>;
}

interface LimitsRow {
  key: string;
  month: string;
  itemCode: string;
  sv: number;
  su: DayUnit;
  cv: number;
  cu: DayUnit;
}

/**
 * The supervisors' metrics: sums of month rows and merged histograms, so the cost is set by the number of
 * keys and months asked for, never by the number of applications behind them.
 */
export function metricsQueries(db: Database.Database) {
  const statements = activeStatements(db, METRICS, (g) => {
    const t = metricsTables(g);
    const where = 'dim = ? AND (? IS NULL OR key = ?) AND month >= ? AND month <= ?';
    const columns = COUNTER_NAMES.map((n) => `${counterColumn(n)} AS ${n}`).join(', ');
    type Args = [string, string | null, string | null, string, string];
    return {
      counts: db.prepare<Args, Counters & { key: string; month: string }>(`SELECT key, month, ${columns} FROM ${t.counts} WHERE ${where}`),
      hist: db.prepare<Args, { key: string; month: string; kind: string; value: number; n: number }>(
        `SELECT key, month, kind, value, n FROM ${t.hist} WHERE ${where}`,
      ),
      limits: db.prepare<Args, LimitsRow>(
        `SELECT key, month, item_code AS itemCode, statutory_value AS sv, statutory_unit AS su, committed_value AS cv,
                committed_unit AS cu FROM ${t.itemLimits} WHERE ${where} ORDER BY month`,
      ),
    };
  });

  return {
    metrics(query: MetricsQuery): MetricsRow[] {
      const s = statements();
      if (!s) return [];
      const key = query.key ?? null;
      const args = [query.dimension, key, key, query.from ?? '0000-00', query.to ?? '9999-99'] as const;
      const groups = new Map<string, Group>();
      const group = (k: string, month: string): Group => {
        const m = query.byMonth ? month : null;
        const id = `${k}\u0001${m ?? ''}`;
        let g = groups.get(id);
        if (!g) {
          g = { key: k, month: m, counters: emptyCounters(), turnaround: new Map(), bundleTurnaround: new Map(), items: new Map() };
          groups.set(id, g);
        }
        return g;
      };
      for (const row of s.counts.all(...args)) addCounters(group(row.key, row.month).counters, row);
      for (const row of s.hist.all(...args)) {
        const g = group(row.key, row.month);
        addToHistogram(row.kind === 'turnaround' ? g.turnaround : g.bundleTurnaround, row.value, row.n);
      }
      // Ordered by month: an item's latest recorded limits win.
      for (const row of s.limits.all(...args)) {
        group(row.key, row.month).items.set(row.itemCode, {
          itemCode: row.itemCode,
          statutory: { value: row.sv, unit: row.su },
          committed: { value: row.cv, unit: row.cu },
        });
      }
      // A bucket whose counts all cancelled out (a rating and its upheld appeal) holds nothing to show.
      const empty = (g: Group): boolean => COUNTER_NAMES.every((n) => g.counters[n] === 0) && g.turnaround.size === 0 && g.bundleTurnaround.size === 0;
      return [...groups.values()]
        .filter((g) => !empty(g))
        .sort((a, b) => a.key.localeCompare(b.key) || (a.month ?? '').localeCompare(b.month ?? ''))
        .map((g) => ({
          dimension: query.dimension,
          key: g.key,
          month: g.month,
          figures: metricFigures(g.counters, g.turnaround, g.bundleTurnaround, [...g.items.values()]),
        }));
    },
  };
}

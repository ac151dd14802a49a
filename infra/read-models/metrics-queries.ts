import { isPostgres } from './sql-database.js';
import type { ReadModelDb, SqlStatement } from './sql-database.js';
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
  /** Some of the figures counted a day of a provisional calendar year: they are recounted when its notice arrives. */
  includesProvisionalDays: boolean;
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
  month: string | null;
  itemCode: string;
  sv: number;
  su: DayUnit;
  cv: number;
  cu: DayUnit;
}

/** dim, key, from, to for one key; dim, from, to for every key (better-sqlite3 binds the values given). */
type Args = string[];

/**
 * The statements of one table, in four shapes: one key or every key of the dimension (a separate statement,
 * so that a key is an equality on the primary key's second column and the search touches that key's rows
 * only), and summed over the range or kept per month. Summing in SQL hands JavaScript one row per key
 * (and histogram value) instead of one per month.
 */
interface Shapes<R> {
  key: { summed: SqlStatement<Args, R>; byMonth: SqlStatement<Args, R> };
  all: { summed: SqlStatement<Args, R>; byMonth: SqlStatement<Args, R> };
}

/**
 * The supervisors' metrics: sums of month rows and merged histograms, so the cost is set by the number of
 * keys and months asked for, never by the number of applications behind them.
 */
export function metricsQueries(db: ReadModelDb) {
  const statements = activeStatements(db, METRICS, (g) => {
    const t = metricsTables(g);
    const shapes = <R>(sql: (where: string, month: string, groupBy: (cols: string) => string) => string): Shapes<R> => {
      const make = (withKey: boolean, byMonth: boolean): SqlStatement<Args, R> =>
        db.prepare<Args, R>(
          sql(
            `dim = ?${withKey ? ' AND key = ?' : ''} AND month >= ? AND month <= ?`,
            byMonth ? 'month' : 'NULL AS month',
            (cols) => `GROUP BY key${byMonth ? ', month' : ''}${cols ? `, ${cols}` : ''}`,
          ),
        );
      return { key: { summed: make(true, false), byMonth: make(true, true) }, all: { summed: make(false, false), byMonth: make(false, true) } };
    };
    const sums = COUNTER_NAMES.map((n) => `SUM(${counterColumn(n)}) AS ${n}`).join(', ');
    return {
      counts: shapes<Counters & { key: string; month: string | null }>((where, month, groupBy) => `SELECT key, ${month}, ${sums} FROM ${t.counts} WHERE ${where} ${groupBy('')}`),
      hist: shapes<{ key: string; month: string | null; kind: string; value: number; n: number }>(
        (where, month, groupBy) => `SELECT key, ${month}, kind, value, SUM(n) AS n FROM ${t.hist} WHERE ${where} ${groupBy('kind, value')}`,
      ),
      // An item's latest recorded limits in the group win: SQLite takes the bare columns of a MAX() aggregate
      // from the row holding the maximum, so each (key, item) yields the row of its last month in the range;
      // PostgreSQL has no bare columns, and says the same with DISTINCT ON, latest month first.
      limits: shapes<LimitsRow>((where, month, groupBy) => {
        const columns = `statutory_value AS sv, statutory_unit AS su, committed_value AS cv, committed_unit AS cu`;
        if (!isPostgres(db)) {
          return `SELECT key, ${month}, item_code AS itemCode, MAX(month) AS latest, ${columns} FROM ${t.itemLimits} WHERE ${where} ${groupBy('item_code')}`;
        }
        const group = groupBy('item_code').replace(/^GROUP BY /, '');
        return `SELECT DISTINCT ON (${group}) key, ${month}, item_code AS itemCode, ${columns} FROM ${t.itemLimits}
                 WHERE ${where} ORDER BY ${group}, ${t.itemLimits}.month DESC`;
      }),
    };
  });

  // One read transaction for the generation look-up and the three statements: they see the same committed
  // state (a live batch committing between them would leave counts and histograms from different positions),
  // and the WAL read lock is taken once instead of four times.
  const read = db.transaction((query: MetricsQuery): MetricsRow[] => {
    const s = statements();
    if (!s) return [];
    const range = [query.from ?? '0000-00', query.to ?? '9999-99'] as const;
    const args: Args = query.key === undefined ? [query.dimension, ...range] : [query.dimension, query.key, ...range];
    const shape = query.key === undefined ? 'all' : 'key';
    const variant = query.byMonth ? 'byMonth' : 'summed';
    const groups = new Map<string, Group>();
    const group = (k: string, month: string | null): Group => {
      const id = `${k}\u0001${month ?? ''}`;
      let g = groups.get(id);
      if (!g) {
        g = { key: k, month, counters: emptyCounters(), turnaround: new Map(), bundleTurnaround: new Map(), items: new Map() };
        groups.set(id, g);
      }
      return g;
    };
    for (const row of s.counts[shape][variant].all(...args)) addCounters(group(row.key, row.month).counters, row);
    for (const row of s.hist[shape][variant].all(...args)) {
      const g = group(row.key, row.month);
      addToHistogram(row.kind === 'turnaround' ? g.turnaround : g.bundleTurnaround, row.value, row.n);
    }
    for (const row of s.limits[shape][variant].all(...args)) {
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
        includesProvisionalDays: g.counters.provisionalFigures > 0,
      }));
  });

  return {
    metrics(query: MetricsQuery): MetricsRow[] {
      return read(query);
    },
  };
}

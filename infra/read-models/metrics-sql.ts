import { isPostgres } from './sql-database.js';
import type { ReadModelDb } from './sql-database.js';
import type { TimeLimit } from '../../events/index.js';
import { applyMetrics, METRICS_EVENTS } from '../../projections/metrics/apply-metrics.js';
import type { BucketKey } from '../../projections/metrics/buckets.js';
import { COUNTER_NAMES } from '../../projections/metrics/counters.js';
import type { CounterDeltas, CounterName } from '../../projections/metrics/counters.js';
import type { ApplicationFacts, BundleFacts, HistogramKind, MetricsStore, TicketFacts } from '../../projections/metrics/metric-facts.js';
import { batchDocTable, docTableDdl } from './batch-doc-table.js';
import { columnArrays, unnestRows } from './postgres-bulk.js';
import type { BulkType } from './postgres-bulk.js';
import { tableName } from './projection-state.js';
import { sessionOf } from './sql-projection.js';
import type { SqlProjection } from './sql-projection.js';

export const METRICS = 'metrics';

export const metricsTables = (g: number) => ({
  counts: tableName('metric_counts', g),
  hist: tableName('metric_hist', g),
  itemLimits: tableName('metric_item_limits', g),
  apps: tableName('metric_app', g),
  bundles: tableName('metric_bundle', g),
  tickets: tableName('metric_ticket', g),
});

/** snake_case column of a counter name. */
export const counterColumn = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const COUNTER_INDEX = Object.fromEntries(COUNTER_NAMES.map((n, i) => [n, i])) as Record<CounterName, number>;

/** What a batch adds to one (dimension, key, month) bucket; written once at flush. */
interface BucketMonth {
  counts: number[] | undefined;
  /** kind → value → observations. */
  hist: Map<HistogramKind, Map<number, number>> | undefined;
  /** item code → [statutory, committed]: the latest recording wins. */
  limits: Map<string, [TimeLimit, TimeLimit]> | undefined;
}

/**
 * The batch's bucket updates, as dimension → key → month maps: a count touches five buckets, and nested
 * look-ups of the strings the events carry cost less than building and hashing a joined key for each.
 */
function bucketAccumulator() {
  const dims = new Map<string, Map<string, Map<string, BucketMonth>>>();
  let size = 0;
  const at = (b: BucketKey, month: string): BucketMonth => {
    let keys = dims.get(b.dimension);
    if (!keys) dims.set(b.dimension, (keys = new Map<string, Map<string, BucketMonth>>()));
    let months = keys.get(b.key);
    if (!months) keys.set(b.key, (months = new Map<string, BucketMonth>()));
    let cell = months.get(month);
    if (!cell) {
      months.set(month, (cell = { counts: undefined, hist: undefined, limits: undefined }));
      size += 1;
    }
    return cell;
  };
  return {
    at,
    *cells(): Generator<[dim: string, key: string, month: string, cell: BucketMonth]> {
      for (const [dim, keys] of dims) for (const [key, months] of keys) for (const [month, cell] of months) yield [dim, key, month, cell];
    },
    /** Cells held: a dimension's key and month each. */
    size: () => size,
    clear: () => {
      dims.clear();
      size = 0;
    },
  };
}

export const metricsSql: SqlProjection = {
  name: METRICS,
  version: 2,
  basis: (deps) => deps.calendar.version,
  replayCost: 335,
  tables: ['metric_counts', 'metric_hist', 'metric_item_limits', 'metric_app', 'metric_bundle', 'metric_ticket'],
  events: METRICS_EVENTS,
  createTables(db, g) {
    const t = metricsTables(g);
    const counters = COUNTER_NAMES.map((n) => `${counterColumn(n)} INTEGER NOT NULL DEFAULT 0`).join(',\n        ');
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${t.counts} (
        dim   TEXT NOT NULL,
        key   TEXT NOT NULL,
        month TEXT NOT NULL,
        ${counters},
        PRIMARY KEY (dim, key, month)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS ${t.hist} (
        dim   TEXT    NOT NULL,
        key   TEXT    NOT NULL,
        month TEXT    NOT NULL,
        kind  TEXT    NOT NULL,
        value INTEGER NOT NULL,
        n     INTEGER NOT NULL,
        PRIMARY KEY (dim, key, month, kind, value)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS ${t.itemLimits} (
        dim             TEXT    NOT NULL,
        key             TEXT    NOT NULL,
        month           TEXT    NOT NULL,
        item_code       TEXT    NOT NULL,
        statutory_value INTEGER NOT NULL,
        statutory_unit  TEXT    NOT NULL,
        committed_value INTEGER NOT NULL,
        committed_unit  TEXT    NOT NULL,
        PRIMARY KEY (dim, key, month, item_code)
      ) WITHOUT ROWID;
      ${docTableDdl(t.apps)}
      ${docTableDdl(t.bundles)}
      ${docTableDdl(t.tickets)}
    `);
  },
  open(db: ReadModelDb, g, deps) {
    const t = metricsTables(g);
    const apps = batchDocTable<ApplicationFacts>(db, t.apps, (r) => r.applicationId);
    const bundles = batchDocTable<BundleFacts>(db, t.bundles, (r) => r.bundleId);
    const tickets = batchDocTable<TicketFacts>(db, t.tickets, (r) => r.ticketId);
    const columns = COUNTER_NAMES.map(counterColumn);
    const addCounts = db.prepare(
      `INSERT INTO ${t.counts} (dim, key, month, ${columns.join(', ')}) VALUES (?, ?, ?, ${columns.map(() => '?').join(', ')})
       ON CONFLICT (dim, key, month) DO UPDATE SET ${columns.map((c) => `${c} = ${t.counts}.${c} + excluded.${c}`).join(', ')}`,
    );
    const addHist = db.prepare(
      `INSERT INTO ${t.hist} (dim, key, month, kind, value, n) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (dim, key, month, kind, value) DO UPDATE SET n = ${t.hist}.n + excluded.n`,
    );
    // The columns named with their table, and ON CONFLICT rather than INSERT OR REPLACE: the same SQL on PostgreSQL.
    const putLimits = db.prepare(
      `INSERT INTO ${t.itemLimits}
       (dim, key, month, item_code, statutory_value, statutory_unit, committed_value, committed_unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (dim, key, month, item_code) DO UPDATE SET statutory_value = excluded.statutory_value,
         statutory_unit = excluded.statutory_unit, committed_value = excluded.committed_value, committed_unit = excluded.committed_unit`,
    );

    // In-batch accumulators: a batch of thousands of events touches a few hundred bucket rows, each written once.
    const buckets = bucketAccumulator();

    const store: MetricsStore = {
      application: (id) => apps.get(id),
      putApplication: (f) => apps.put(f),
      bundle: (id) => bundles.get(id),
      putBundle: (f) => bundles.put(f),
      ticket: (id) => tickets.get(id),
      putTicket: (f) => tickets.put(f),
      count(keys: readonly BucketKey[], month: string, deltas: CounterDeltas) {
        for (const b of keys) {
          const cell = buckets.at(b, month);
          const acc = (cell.counts ??= new Array<number>(COUNTER_NAMES.length).fill(0));
          for (const name in deltas) acc[COUNTER_INDEX[name as CounterName]]! += deltas[name as CounterName]!;
        }
      },
      observe(keys: readonly BucketKey[], month: string, kind: HistogramKind, value: number) {
        for (const b of keys) {
          const cell = buckets.at(b, month);
          cell.hist ??= new Map();
          let values = cell.hist.get(kind);
          if (!values) cell.hist.set(kind, (values = new Map<number, number>()));
          values.set(value, (values.get(value) ?? 0) + 1);
        }
      },
      itemLimits(keys, month, itemCode, statutory, committed) {
        for (const b of keys) (buckets.at(b, month).limits ??= new Map()).set(itemCode, [statutory, committed]);
      },
    };

    const tables = sessionOf([apps, bundles, tickets]);
    const bulk = isPostgres(db) ? bulkStatements(db, t) : undefined;
    return {
      apply: (event) => applyMetrics(event, store, deps),
      committed: tables.committed,
      cachedRows: () => tables.cachedRows() + buckets.size(),
      prefetch: tables.prefetch,
      flush() {
        tables.flush();
        if (bulk) bulk.flush(buckets.cells());
        else {
          for (const [dim, key, month, cell] of buckets.cells()) {
            if (cell.counts) addCounts.run(dim, key, month, ...cell.counts);
            for (const [kind, values] of cell.hist ?? []) for (const [value, n] of values) addHist.run(dim, key, month, kind, value, n);
            for (const [item, [st, c]] of cell.limits ?? []) putLimits.run(dim, key, month, item, st.value, st.unit, c.value, c.unit);
          }
        }
        buckets.clear();
      },
      discard() {
        tables.discard();
        buckets.clear();
      },
    };
  },
};

/**
 * PostgreSQL: a flush's buckets in three statements (counts, histogram values, item limits) instead of one
 * per bucket, each a round trip there (postgres-bulk.ts). The same sums as the statements above.
 */
function bulkStatements(db: ReadModelDb, t: ReturnType<typeof metricsTables>) {
  const columns = COUNTER_NAMES.map(counterColumn);
  const addCounts = db.prepare(
    `INSERT INTO ${t.counts} (dim, key, month, ${columns.join(', ')}) ${unnestRows(['text', 'text', 'text', ...columns.map((): BulkType => 'bigint')])}
     ON CONFLICT (dim, key, month) DO UPDATE SET ${columns.map((c) => `${c} = ${t.counts}.${c} + excluded.${c}`).join(', ')}`,
  );
  const addHist = db.prepare(
    `INSERT INTO ${t.hist} (dim, key, month, kind, value, n) ${unnestRows(['text', 'text', 'text', 'text', 'bigint', 'bigint'])}
     ON CONFLICT (dim, key, month, kind, value) DO UPDATE SET n = ${t.hist}.n + excluded.n`,
  );
  const putLimits = db.prepare(
    `INSERT INTO ${t.itemLimits} (dim, key, month, item_code, statutory_value, statutory_unit, committed_value, committed_unit)
     ${unnestRows(['text', 'text', 'text', 'text', 'bigint', 'text', 'bigint', 'text'])}
     ON CONFLICT (dim, key, month, item_code) DO UPDATE SET statutory_value = excluded.statutory_value,
       statutory_unit = excluded.statutory_unit, committed_value = excluded.committed_value, committed_unit = excluded.committed_unit`,
  );
  return {
    flush(cells: Iterable<[dim: string, key: string, month: string, cell: BucketMonth]>) {
      const counts = columnArrays(3 + columns.length);
      const hist = columnArrays(6);
      const limits = columnArrays(8);
      const push = (arrays: unknown[][], ...values: unknown[]) => values.forEach((v, i) => arrays[i]!.push(v));
      for (const [dim, key, month, cell] of cells) {
        if (cell.counts) push(counts, dim, key, month, ...cell.counts);
        for (const [kind, values] of cell.hist ?? []) for (const [value, n] of values) push(hist, dim, key, month, kind, value, n);
        for (const [item, [st, c]] of cell.limits ?? []) push(limits, dim, key, month, item, st.value, st.unit, c.value, c.unit);
      }
      if (counts[0]!.length > 0) addCounts.run(...counts);
      if (hist[0]!.length > 0) addHist.run(...hist);
      if (limits[0]!.length > 0) putLimits.run(...limits);
    },
  };
}

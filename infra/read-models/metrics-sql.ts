import type Database from 'better-sqlite3';
import type { TimeLimit } from '../../events/index.js';
import { applyMetrics, METRICS_EVENTS } from '../../projections/metrics/apply-metrics.js';
import type { BucketKey } from '../../projections/metrics/buckets.js';
import { COUNTER_NAMES } from '../../projections/metrics/counters.js';
import type { CounterDeltas, CounterName } from '../../projections/metrics/counters.js';
import type { ApplicationFacts, BundleFacts, HistogramKind, MetricsStore, TicketFacts } from '../../projections/metrics/metric-facts.js';
import { batchDocTable, docTableDdl } from './batch-doc-table.js';
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

const SEP = '\u0001';
const COUNTER_INDEX = Object.fromEntries(COUNTER_NAMES.map((n, i) => [n, i])) as Record<CounterName, number>;

export const metricsSql: SqlProjection = {
  name: METRICS,
  version: 1,
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
  open(db: Database.Database, g, deps) {
    const t = metricsTables(g);
    const apps = batchDocTable<ApplicationFacts>(db, t.apps, (r) => r.applicationId);
    const bundles = batchDocTable<BundleFacts>(db, t.bundles, (r) => r.bundleId);
    const tickets = batchDocTable<TicketFacts>(db, t.tickets, (r) => r.ticketId);
    const columns = COUNTER_NAMES.map(counterColumn);
    const addCounts = db.prepare(
      `INSERT INTO ${t.counts} (dim, key, month, ${columns.join(', ')}) VALUES (?, ?, ?, ${columns.map(() => '?').join(', ')})
       ON CONFLICT (dim, key, month) DO UPDATE SET ${columns.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
    );
    const addHist = db.prepare(
      `INSERT INTO ${t.hist} (dim, key, month, kind, value, n) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (dim, key, month, kind, value) DO UPDATE SET n = n + excluded.n`,
    );
    const putLimits = db.prepare(
      `INSERT OR REPLACE INTO ${t.itemLimits}
       (dim, key, month, item_code, statutory_value, statutory_unit, committed_value, committed_unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );

    // In-batch accumulators: a batch of thousands of events touches a few hundred bucket rows, each written once.
    const counts = new Map<string, number[]>();
    const hist = new Map<string, number>();
    const limits = new Map<string, [TimeLimit, TimeLimit]>();

    const store: MetricsStore = {
      application: (id) => apps.get(id),
      putApplication: (f) => apps.put(f),
      bundle: (id) => bundles.get(id),
      putBundle: (f) => bundles.put(f),
      ticket: (id) => tickets.get(id),
      putTicket: (f) => tickets.put(f),
      count(buckets: readonly BucketKey[], month: string, deltas: CounterDeltas) {
        for (const b of buckets) {
          const key = b.dimension + SEP + b.key + SEP + month;
          let acc = counts.get(key);
          if (!acc) {
            acc = new Array<number>(COUNTER_NAMES.length).fill(0);
            counts.set(key, acc);
          }
          for (const name in deltas) acc[COUNTER_INDEX[name as CounterName]]! += deltas[name as CounterName]!;
        }
      },
      observe(buckets: readonly BucketKey[], month: string, kind: HistogramKind, value: number) {
        for (const b of buckets) {
          const key = b.dimension + SEP + b.key + SEP + month + SEP + kind + SEP + value;
          hist.set(key, (hist.get(key) ?? 0) + 1);
        }
      },
      itemLimits(buckets, month, itemCode, statutory, committed) {
        for (const b of buckets) limits.set(b.dimension + SEP + b.key + SEP + month + SEP + itemCode, [statutory, committed]);
      },
    };

    const tables = sessionOf([apps, bundles, tickets]);
    const forgetBuckets = (): void => {
      counts.clear();
      hist.clear();
      limits.clear();
    };
    return {
      apply: (event) => applyMetrics(event, store, deps),
      committed: tables.committed,
      flush() {
        tables.flush();
        for (const [key, acc] of counts) addCounts.run(...key.split(SEP), ...acc);
        for (const [key, n] of hist) {
          const [dim, k, month, kind, value] = key.split(SEP) as [string, string, string, string, string];
          addHist.run(dim, k, month, kind, Number(value), n);
        }
        for (const [key, [s, c]] of limits) addLimitsRow(putLimits, key, s, c);
        forgetBuckets();
      },
      discard() {
        tables.discard();
        forgetBuckets();
      },
    };
  },
};

function addLimitsRow(statement: Database.Statement, key: string, s: TimeLimit, c: TimeLimit): void {
  const [dim, k, month, item] = key.split(SEP) as [string, string, string, string];
  statement.run(dim, k, month, item, s.value, s.unit, c.value, c.unit);
}

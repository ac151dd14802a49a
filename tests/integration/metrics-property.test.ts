import { expect } from 'chai';
import fc from 'fast-check';
import { eventRegistry } from '../../events/index.js';
import type { DayUnit } from '../../events/index.js';
import { openReadModelDb } from '../../infra/read-models/read-model-db.js';
import type { ReadModelDb } from '../../infra/read-models/sql-database.js';
import type { ReadModels } from '../../infra/read-models/read-models.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import type { EventStore } from '../../infra/store/port.js';
import { DIMENSIONS } from '../../projections/metrics/buckets.js';
import type { Dimension } from '../../projections/metrics/buckets.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import { describePostgres } from '../support/postgres-harness.js';
import { postgresReadModelDatabase } from '../support/postgres-read-models.js';
import { meta, projectionHarness } from '../support/projection-harness.js';
import { dumpReadModels } from '../support/read-model-dump.js';
import { buildHistory, historySpec } from '../support/random-history.js';
import type { HistoryEvent } from '../support/random-history.js';

/*
 * Every §6 metric, recomputed by brute force from the raw events of a random legal history, written here
 * without the projection's code: per application, walk its stream; per bucket, keep plain lists and derive
 * each figure from them at the end (sorting for percentiles).
 */

const calendar = defaultCalendar();
const ONLINE = new Set(['provincial-portal', 'yueshengshi', 'fs12345']);

interface Obs {
  submitted: { online: boolean; zeroSubmission: boolean }[];
  decided: { byRule: boolean }[];
  concluded: { p: number; onTime: boolean; sameDay: boolean; statutoryWd: number; fastTrack: boolean; hit: boolean; item: string; limits: [number, DayUnit, number, DayUnit] }[];
  closed: { zeroVisit: boolean }[];
  express: number;
  ratings: number[];
  resolved: boolean[];
  bundles: number[];
  /** Figures that read a day of a provisional calendar year. */
  provisional: number;
}

const emptyObs = (): Obs => ({ submitted: [], decided: [], concluded: [], closed: [], express: 0, ratings: [], resolved: [], bundles: [], provisional: 0 });

/** A natural-day limit's end date, else null: the only limit that reads the calendar. */
const naturalEnd = (limit: { value: number; unit: DayUnit }, acceptedOn: string): string | null =>
  limit.unit === 'natural' && limit.value > 0 ? calendar.addNaturalDays(acceptedOn, limit.value) : null;

type D = Record<string, unknown>;

/** Working days of a limit from the acceptance date, natural days through the calendar's own roll-forward. */
function limitWd(value: number, unit: DayUnit, acceptedOn: string): number {
  if (value === 0 || unit === 'working') return value;
  return calendar.workdaysBetween(acceptedOn, calendar.addNaturalDays(acceptedOn, value));
}

function bruteForce(events: readonly HistoryEvent[]): Map<string, Obs> {
  const buckets = new Map<string, Obs>();
  const obs = (dim: string, key: string, month: string): Obs => {
    const id = `${dim}|${key}|${month}`;
    let o = buckets.get(id);
    if (!o) buckets.set(id, (o = emptyObs()));
    return o;
  };
  const byStream = new Map<string, HistoryEvent[]>();
  for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  const bundleCode = new Map<string, string>();
  for (const e of events) if (e.type === 'BundleSubmitted') bundleCode.set(e.data.bundleId as string, e.data.bundleCode as string);
  const appKeys = new Map<string, { item: string; dept: string; channel: string; bundle: string | null }>();
  for (const e of events) {
    if (e.type !== 'ApplicationSubmitted') continue;
    const d = e.data;
    appKeys.set(d.applicationId as string, {
      item: d.itemCode as string,
      dept: d.department as string,
      channel: d.channel as string,
      bundle: d.bundleId ? (bundleCode.get(d.bundleId as string) ?? null) : null,
    });
  }
  const appealed = new Set<string>();
  for (const [stream, list] of byStream) {
    if (!stream.startsWith('review-')) continue;
    if (list.some((e) => e.type === 'ReviewAppealDecided' && e.data.upheld === true)) appealed.add(list[0]!.data.applicationId as string);
  }
  const each = (k: { item: string; dept: string; channel: string; bundle: string | null }, month: string, f: (o: Obs) => void) => {
    f(obs('all', '*', month));
    f(obs('item', k.item, month));
    f(obs('department', k.dept, month));
    f(obs('channel', k.channel, month));
    if (k.bundle !== null) f(obs('bundle', k.bundle, month));
  };

  for (const [stream, list] of byStream) {
    if (stream.startsWith('application-')) {
      const sub = list[0]!.data;
      const id = sub.applicationId as string;
      const k = appKeys.get(id)!;
      const materials = [...(sub.materials as { source: string }[])];
      for (const e of list) if (e.type === 'SupplementReceived') materials.push(...(e.data.materials as { source: string }[]));
      each(k, (sub.submittedOn as string).slice(0, 7), (o) =>
        o.submitted.push({ online: ONLINE.has(sub.channel as string), zeroSubmission: materials.every((m) => m.source === 'e-licence') }),
      );
      let acceptedOn: string | null = null;
      let limits: D = {};
      let deadline: string | null = null;
      let suspended = 0;
      let visits = sub.channel === 'window' ? 1 : 0;
      let lastMode: string | null = null;
      let isClosed = false;
      for (const e of list) {
        const d = e.data;
        if (!isClosed) {
          if (e.type === 'VisitRecorded') visits++;
          const paper = (d.materials as { source: string }[] | undefined)?.some((m) => m.source === 'paper');
          if (e.type === 'SupplementReceived' && e.channel === 'window' && e.role === 'applicant' && paper) visits++;
          if (e.type === 'ResultReceived' && lastMode === 'pickup') visits++;
        }
        switch (e.type) {
          case 'ApplicationAccepted':
          case 'DeemedAccepted':
            acceptedOn = d.acceptedOn as string;
            limits = d;
            deadline = d.committedDeadline as string;
            break;
          case 'ClockResumed':
            suspended += d.suspendedWorkdays as number;
            deadline = d.committedDeadline as string;
            break;
          case 'ExtensionGranted':
            if (deadline === null || (d.grantedOn as string) <= deadline) deadline = d.committedDeadline as string;
            break;
          case 'DeadlineRecomputed':
            deadline = d.committedDeadline as string;
            break;
          case 'DecisionMade': {
            const on = d.decidedOn as string;
            each(k, on.slice(0, 7), (o) => o.decided.push({ byRule: d.decidedBy === 'rule' }));
            if (acceptedOn === null) break;
            const acc: string = acceptedOn;
            const p = calendar.workdaysBetween(acc, on) - suspended;
            const st = limits.statutoryLimit as { value: number; unit: DayUnit };
            const cm = limits.committedLimit as { value: number; unit: DayUnit };
            const statutoryWd = limitWd(st.value, st.unit, acc);
            const fastTrack = sub.fastTrack as boolean;
            const provisional = [on, naturalEnd(st, acc), naturalEnd(cm, acc)].some((date) => date !== null && calendar.isProvisional(date));
            if (provisional) each(k, on.slice(0, 7), (o) => o.provisional++);
            each(k, on.slice(0, 7), (o) =>
              o.concluded.push({
                p,
                onTime: deadline !== null && on <= deadline,
                sameDay: on === acc,
                statutoryWd,
                fastTrack,
                hit: fastTrack && p <= limitWd(cm.value, cm.unit, acc),
                item: k.item,
                limits: [st.value, st.unit, cm.value, cm.unit],
              }),
            );
            break;
          }
          case 'ResultDispatched':
            lastMode = d.mode as string;
            if (d.mode === 'express') each(k, (d.dispatchedOn as string).slice(0, 7), (o) => o.express++);
            break;
          case 'ApplicationClosed':
            if (!isClosed) each(k, (d.closedOn as string).slice(0, 7), (o) => o.closed.push({ zeroVisit: visits === 0 }));
            isClosed = true;
            break;
          case 'ApplicationRated':
            if (!appealed.has(id)) each(k, (d.ratedOn as string).slice(0, 7), (o) => o.ratings.push(d.level as number));
            break;
          default:
        }
      }
    } else if (stream.startsWith('review-')) {
      const opened = list[0]!.data;
      const resolved = list.find((e) => e.type === 'ReviewResolved');
      const upheld = list.some((e) => e.type === 'ReviewAppealDecided' && e.data.upheld === true);
      if (!resolved || upheld) continue;
      const app = appKeys.get(opened.applicationId as string)!;
      const k = { item: opened.itemCode as string, dept: opened.department as string, channel: app.channel, bundle: app.bundle };
      const on = resolved.data.resolvedOn as string;
      const onTime = calendar.workdaysBetween(opened.openedOn as string, on) <= (opened.dueWorkdays as number);
      each(k, on.slice(0, 7), (o) => o.resolved.push(onTime));
    } else if (stream.startsWith('bundle-')) {
      const sub = list[0]!.data;
      const done = list.find((e) => e.type === 'BundleCompleted');
      if (!done) continue;
      const concl = list.filter((e) => e.type === 'BundleMemberConcluded').map((e) => e.data.concludedOn as string).sort();
      const last = concl.at(-1) ?? (done.data.completedOn as string);
      const t = calendar.workdaysBetween(sub.submittedOn as string, last);
      const month = last.slice(0, 7);
      for (const [dim, key] of [['all', '*'], ['bundle', sub.bundleCode as string], ['channel', sub.channel as string]] as const) {
        obs(dim, key, month).bundles.push(t);
        if (calendar.isProvisional(last)) obs(dim, key, month).provisional++;
      }
    }
  }
  return buckets;
}

function merge(list: readonly Obs[]): Obs {
  const m = emptyObs();
  for (const o of list) {
    m.submitted.push(...o.submitted);
    m.decided.push(...o.decided);
    m.concluded.push(...o.concluded);
    m.closed.push(...o.closed);
    m.express += o.express;
    m.ratings.push(...o.ratings);
    m.resolved.push(...o.resolved);
    m.bundles.push(...o.bundles);
    m.provisional += o.provisional;
  }
  return m;
}

const frac = (n: number, d: number) => ({ numerator: n, denominator: d, rate: d === 0 ? null : n / d });
const count = <T>(xs: readonly T[], p: (x: T) => boolean) => xs.filter(p).length;
function dist(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number) => (sorted.length === 0 ? null : sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!);
  const sum = values.reduce((a, b) => a + b, 0);
  return { count: values.length, p50: rank(0.5), p90: rank(0.9), mean: values.length === 0 ? null : sum / values.length };
}

function figures(o: Obs) {
  const withStatutory = o.concluded.filter((c) => c.statutoryWd > 0);
  const sumP = withStatutory.reduce((a, c) => a + c.p, 0);
  const sumS = withStatutory.reduce((a, c) => a + c.statutoryWd, 0);
  const items = new Map(o.concluded.map((c) => [c.item, c.limits]));
  const promised = [...items.values()]
    .filter(([sv]) => sv > 0)
    .map(([sv, su, cv, cu]) => {
      const nat = (v: number, u: DayUnit) => (u === 'natural' ? v : (v * 7) / 5);
      return su === cu ? (sv - cv) / sv : (nat(sv, su) - nat(cv, cu)) / nat(sv, su);
    });
  const ft = o.concluded.filter((c) => c.fastTrack);
  return {
    turnaround: dist(o.concluded.map((c) => c.p)),
    onTimeRate: frac(count(o.concluded, (c) => c.onTime), o.concluded.length),
    realizedSpeedUp: { concluded: withStatutory.length, turnaroundSum: sumP, statutoryLimitSum: sumS, rate: sumS === 0 ? null : 1 - sumP / sumS },
    promisedSpeedUp: { items: promised.length, rate: promised.length === 0 ? null : promised.reduce((a, b) => a + b, 0) / promised.length },
    fastTrackHitRate: frac(count(ft, (c) => c.hit), ft.length),
    sameDayShare: frac(count(o.concluded, (c) => c.sameDay), o.concluded.length),
    instantApprovalShare: frac(count(o.decided, (d) => d.byRule), o.decided.length),
    zeroVisitRate: frac(count(o.closed, (c) => c.zeroVisit), o.closed.length),
    onlineIntakeRate: frac(count(o.submitted, (s) => s.online), o.submitted.length),
    zeroSubmissionRate: frac(count(o.submitted, (s) => s.zeroSubmission), o.submitted.length),
    freeExpressDispatches: o.express,
    satisfaction: frac(count(o.ratings, (r) => r >= 4), o.ratings.length),
    rectificationOnTimeRate: frac(count(o.resolved, (r) => r), o.resolved.length),
    bundleTurnaround: dist(o.bundles),
  };
}

/** Floats to 12 places: sums of per-item ratios may be added in another order. */
const settle = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e12) / 1e12 : v)));

function expected(buckets: Map<string, Obs>, dimension: Dimension, byMonth: boolean, from = '0000-00', to = '9999-99') {
  const groups = new Map<string, Obs[]>();
  for (const [id, o] of buckets) {
    const [dim, key, month] = id.split('|') as [string, string, string];
    if (dim !== dimension || month < from || month > to) continue;
    const g = byMonth ? `${key}|${month}` : `${key}|`;
    groups.set(g, [...(groups.get(g) ?? []), o]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([g, list]) => {
      const [key, month] = g.split('|') as [string, string];
      const merged = merge(list);
      return { dimension, key, month: byMonth ? month : null, figures: figures(merged), includesProvisionalDays: merged.provisional > 0 };
    });
}

function checkMetrics(readModels: ReadModels, buckets: Map<string, Obs>, range: [string, string]): void {
  for (const dimension of DIMENSIONS) {
    for (const byMonth of [true, false]) {
      const actual = readModels.metrics({ dimension, byMonth });
      const sortKey = (r: { key: string; month: string | null }) => `${r.key}|${r.month ?? ''}`;
      actual.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
      expect(settle(actual), `${dimension} byMonth=${String(byMonth)}`).to.deep.equal(settle(expected(buckets, dimension, byMonth)));
    }
    const [from, to] = range;
    const ranged = readModels.metrics({ dimension, from, to }).sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(settle(ranged), `${dimension} ${from}…${to}`).to.deep.equal(settle(expected(buckets, dimension, false, from, to)));
  }
}

async function appendAll(store: EventStore, events: readonly HistoryEvent[]): Promise<void> {
  for (const e of events) {
    await store.append(e.streamId, [{ type: e.type, data: e.data, metadata: meta(e.on, e.channel, e.role) }], { expectedVersion: 'any' });
  }
}

const month = fc.integer({ min: 1, max: 12 }).map((m) => `2020-${String(m).padStart(2, '0')}`);

/** Where the read models of a case live: the incremental ones, and those rebuilt in one go to compare with. */
interface ReadModelBackend {
  name: string;
  runs: number;
  /** Fresh read-model databases for one case (undefined: the harness opens its own in memory). */
  open(): Promise<{ incremental: ReadModelDb; rebuilt: ReadModelDb | undefined }>;
}

function metricsProperty(backend: () => ReadModelBackend): void {
  it('holds for random legal histories across the 2020 holidays', async () => {
    const where = backend();
    await fc.assert(
      fc.asyncProperty(historySpec, fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 2, maxLength: 4 }), fc.integer({ min: 3, max: 60 }), fc.integer({ min: 1, max: 200 }), month, month, async (spec, cuts, batchSize, commitEvery, m1, m2) => {
        const events = buildHistory(spec, calendar);
        const store = createSqliteStore({ path: ':memory:', registry: eventRegistry });
        const { incremental: db, rebuilt: rebuiltDb } = await where.open();
        try {
          // Incrementally: the log arrives in chunks, a small batch size, a restart from the checkpoint mid-way.
          const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
          let done = 0;
          let runner = projectionHarness({ store, db, batchSize, commitEvery });
          for (const [i, point] of [...points, events.length].entries()) {
            await appendAll(store, events.slice(done, point));
            done = Math.max(done, point);
            await runner.runner.catchUp();
            if (i === 0) runner = projectionHarness({ store, db, batchSize: batchSize + 7, commitEvery: commitEvery * 3 });
          }
          const incremental = runner;
          checkMetrics(incremental.readModels, bruteForce(events), m1 <= m2 ? [m1, m2] : [m2, m1]);

          // A full rebuild in one go reaches exactly the same tables.
          const rebuilt = projectionHarness({ store, batchSize: 100_000, ...(rebuiltDb ? { db: rebuiltDb } : {}) });
          await rebuilt.runner.catchUp();
          expect(dumpReadModels(db)).to.deep.equal(dumpReadModels(rebuilt.db));
          await rebuilt.close();
        } finally {
          await store.close();
          db.close();
          rebuiltDb?.close();
        }
      }),
      { numRuns: where.runs, seed: Number(process.env.PROPERTY_SEED ?? 20201001) },
    );
  });
}

describe('metrics property: projections equal a brute-force recomputation, and incremental equals rebuild', function () {
  this.timeout(60_000);
  metricsProperty(() => ({ name: 'sqlite', runs: 150, open: () => Promise.resolve({ incremental: openReadModelDb(':memory:'), rebuilt: undefined }) }));
});

// The same property with the read models on PostgreSQL: fewer cases, each costs round trips to the server.
await describePostgres('metrics property on PostgreSQL read models', function (this: Mocha.Suite) {
  this.timeout(240_000);
  let incremental: Awaited<ReturnType<typeof postgresReadModelDatabase>>;
  let rebuilt: typeof incremental;
  before(async () => {
    incremental = await postgresReadModelDatabase();
    rebuilt = await postgresReadModelDatabase();
  });
  after(async () => {
    await incremental?.drop();
    await rebuilt?.drop();
  });
  metricsProperty(() => ({
    name: 'postgres',
    runs: Number(process.env.PG_PROPERTY_RUNS ?? 20),
    async open() {
      await Promise.all([incremental.empty(), rebuilt.empty()]);
      return { incremental: incremental.open(), rebuilt: rebuilt.open() };
    },
  }));
});

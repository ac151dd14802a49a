// Append throughput of the SQLite event store beside the raw better-sqlite3 ceiling (issue 2, item 7).
// Run: npm run bench:append. Progress goes to stderr, the table to stdout.
// `npm run bench:append -- 1024` (or `single`, `256 1024`, …) measures only the modes named.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { eventRegistry } from '../events/index.js';
import { openSqliteDatabase } from '../infra/store/sqlite-schema.js';
import { createSqliteStore } from '../infra/store/sqlite-store.js';
import { commitOrder, toRawRow, workload } from './append-workload.js';
import type { BenchAppend, RawRow } from './append-workload.js';

const ROUNDS = 5;
const SINGLE_EVENTS = 2_000;
const GROUP_EVENTS = 15_360;
/** Appends in flight = appends per transaction; 256 is the store's default maxBatch. */
const GROUP_SIZES = [64, 256, 1024];

const dir = mkdtempSync(join(tmpdir(), 'hrss-bench-'));
let files = 0;
const freshFile = (): string => join(dir, `bench-${++files}.db`);

let lastProgress = 0;
function progress(label: string, done: number, total: number): void {
  const now = Date.now();
  if (done < total && now - lastProgress < 100) return;
  lastProgress = now;
  process.stderr.write(`\r  ${label}: ${done}/${total} events${' '.repeat(10)}${done === total ? '\n' : ''}`);
}

function rawInserter(db: Database.Database): (row: RawRow) => void {
  const event = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const command = db.prepare('INSERT INTO commands (command_id, stream_id, next_revision, position) VALUES (?, ?, ?, ?)');
  return (r) => {
    const { lastInsertRowid } = event.run(r.streamId, r.revision, r.eventId, r.type, r.schemaVersion, r.data, r.metadata);
    command.run(r.commandId, r.streamId, r.revision, lastInsertRowid);
  };
}

/** Collects the garbage of the previous run, so no side pays for the other's (needs --expose-gc). */
function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Raw better-sqlite3: the same rows, the same schema and pragmas, `perTransaction` rows per transaction.
 * `toRow` runs inside the timed loop: identity for the ceiling proper (rows serialized in advance), or the
 * JSON serialization of the events for a raw writer that starts, like the store, from event objects.
 */
function rawRun<T>(label: string, items: readonly T[], toRow: (item: T) => RawRow, perTransaction: number): number {
  const db = openSqliteDatabase(freshFile(), 'FULL');
  const insert = rawInserter(db);
  const batch = db.transaction((slice: readonly T[]) => {
    for (const item of slice) insert(toRow(item));
  });
  settle();
  const started = performance.now();
  for (let i = 0; i < items.length; i += perTransaction) {
    batch.immediate(items.slice(i, i + perTransaction));
    progress(label, Math.min(i + perTransaction, items.length), items.length);
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return seconds;
}

/** The store: each lane awaits its appends one after the other; lanes run concurrently. */
async function storeRun(label: string, lanes: BenchAppend[][], maxBatch: number): Promise<number> {
  const store = createSqliteStore({
    path: freshFile(),
    registry: eventRegistry,
    groupCommit: maxBatch > 1 ? { maxBatch, maxDelayMs: 0 } : false,
  });
  const total = lanes.reduce((n, l) => n + l.length, 0);
  let done = 0;
  settle();
  const started = performance.now();
  await Promise.all(
    lanes.map(async (lane) => {
      for (const a of lane) {
        await store.append(a.streamId, [a.event], { expectedVersion: a.expectedVersion, commandId: a.commandId });
        if ((++done & 255) === 0 || done === total) progress(label, done, total);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return seconds;
}

interface Row {
  mode: string;
  events: number;
  rate: number;
  rawRate: number;
  rawJsonRate: number;
  target: number;
}

/** `lanes` appenders at once, and as many rows per transaction on the raw side (1 = single appends). */
async function measure(mode: string, events: number, lanes: number, target: number): Promise<Row> {
  process.stderr.write(`${mode}\n`);
  let storeSeconds = 0;
  let rawSeconds = 0;
  let rawJsonSeconds = 0;
  // Rounds alternate which side goes first, so disk and CPU drift hit both alike.
  for (let round = 1; round <= ROUNDS; round++) {
    const appends = workload(events, lanes);
    // The same rows in the same order: index pages touched per transaction depend on it.
    const ordered = commitOrder(appends);
    const rows = ordered.map(toRawRow);
    const raw = (): void => {
      rawSeconds += rawRun(`round ${round}/${ROUNDS} raw       `, rows, (row) => row, lanes);
      rawJsonSeconds += rawRun(`round ${round}/${ROUNDS} raw + JSON`, ordered, toRawRow, lanes);
    };
    if (round % 2 === 1) raw();
    storeSeconds += await storeRun(`round ${round}/${ROUNDS} store     `, appends, lanes);
    if (round % 2 === 0) raw();
  }
  const total = events * ROUNDS;
  return { mode, events: total, rate: total / storeSeconds, rawRate: total / rawSeconds, rawJsonRate: total / rawJsonSeconds, target };
}

function table(rows: readonly Row[]): string {
  const head = ['mode', 'events', 'events/s', 'raw events/s', 'ratio', 'target', 'raw+JSON events/s', 'ratio'];
  const rate = (r: number): string => Math.round(r).toLocaleString('en');
  const body = rows.map((r) => [
    r.mode,
    String(r.events),
    rate(r.rate),
    rate(r.rawRate),
    (r.rate / r.rawRate).toFixed(3),
    `≥ ${r.target.toFixed(2)} ${r.rate / r.rawRate >= r.target ? 'met' : 'MISSED'}`,
    rate(r.rawJsonRate),
    (r.rate / r.rawJsonRate).toFixed(3),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

const only = process.argv.slice(2);
const wanted = (mode: string): boolean => only.length === 0 || only.includes(mode);

try {
  const rows: Row[] = [];
  if (wanted('single')) rows.push(await measure('single (FULL, 1 txn/event)', SINGLE_EVENTS, 1, 0.7));
  for (const size of GROUP_SIZES.filter((s) => wanted(String(s)))) rows.push(await measure(`group commit (${size} in flight, ${size}/txn)`, GROUP_EVENTS, size, 0.8));
  process.stdout.write(`\n${table(rows)}\n`);
  process.stdout.write(
    `\nSQLite file under ${tmpdir()}, WAL, synchronous=FULL, ${ROUNDS} rounds per mode, store and raw alternating.\n` +
      'One event per append; streams live the 8-event life of an application. Every side writes the same rows\n' +
      '(event row + command-id row) in the same order. raw: the ceiling, rows serialized before the clock starts;\n' +
      'raw+JSON: a raw writer that serializes the event objects itself. The store also validates every event\n' +
      '(zod), checks expected version and command id, and acknowledges each append through a promise.\n',
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { eventRegistry } from '../events/index.js';
import { createIdentityHasher } from '../infra/read-models/identity-hash.js';
import { openReadModelDb } from '../infra/read-models/read-model-db.js';
import { createReadModels } from '../infra/read-models/read-models.js';
import { DEFAULT_BATCH_SIZE } from '../infra/projections/build-generation.js';
import { DEFAULT_COMMIT_EVERY } from '../infra/projections/commit-budget.js';
import { createProjectionRunner } from '../infra/projections/runner.js';
import { liveCalendar } from '../infra/application/live-calendar.js';
import { threadHelper } from '../infra/composition/projection-helper-thread.js';
import { createSqliteStore } from '../infra/store/sqlite-store.js';
import { defaultCalendar } from '../services/calendar/index.js';
import { loadBuiltinCatalog } from '../services/catalog/index.js';
import { benchWorkload } from './projection-workload.js';

/*
 * Projection benchmark (issue 5): generates a synthetic log into a SQLite event store file, then, each in a
 * fresh process so peak RSS is the phase's own, reads the whole log with readAll (the ceiling: the runner
 * reads through it) and replays it into every projection, on one thread and then with a helper thread taking
 * part of the projections (`rebuild --threads 2`). Two log sizes show whether speed and memory stay flat as
 * the log grows.
 *
 *   npm run bench:projections                      # 0.5 M and 2 M events, 1 and 2 threads
 *   npm run bench:projections -- --sizes 100000    # a quick look
 *   npm run bench:projections -- --threads 1       # one thread only
 *   npm run bench:projections -- --flags none      # V8's default heap sizing
 *   npm run bench:projections -- --threads 1 --calendar live,direct,live,direct   # the price of following notices
 *
 * The read and replay processes run with the V8 heap flags of `npm run rebuild` (package.json), read from
 * there so the figures are those of a real rebuild; --flags none or --flags "--max-old-space-size=…" to compare.
 */

const self = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

interface PhaseResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  peakRssMb: number;
  extra?: Record<string, unknown>;
}

/** Peak RSS: the kernel's high-water mark (maxRSS, KiB) and our own samples, whichever is higher. */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.resourceUsage().maxRSS * 1024) / MB;
  };
}

function bar(label: string, total: number) {
  const b = new cliProgress.SingleBar(
    { format: `${label.padEnd(22)} {bar} {percentage}% | {value}/{total} | {rate} ev/s | ETA {eta_formatted}`, etaBuffer: 20, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  b.start(total, 0, { rate: 0 });
  return b;
}

async function generate(eventsPath: string, target: number): Promise<PhaseResult> {
  const peak = rssSampler();
  const store = createSqliteStore({ path: eventsPath, registry: eventRegistry, synchronous: 'NORMAL', groupCommit: { maxBatch: 1024, maxDelayMs: 0 } });
  const days = benchWorkload(loadBuiltinCatalog(), defaultCalendar())();
  const progress = bar('generating events', target);
  const started = performance.now();
  let written = 0;
  let lastDay = '';
  while (written < target) {
    const { day, appends } = days.next().value;
    lastDay = day;
    for (let i = 0; i < appends.length; i += 2048) {
      const chunk = appends.slice(i, i + 2048);
      await Promise.all(chunk.map((a) => store.append(a.streamId, a.events, { expectedVersion: 'any' })));
      for (const a of chunk) written += a.events.length;
    }
    progress.update(Math.min(written, target), { rate: Math.round(written / ((performance.now() - started) / 1000)) });
  }
  progress.stop();
  const seconds = (performance.now() - started) / 1000;
  const head = await store.headPosition();
  await store.close();
  return { events: head, seconds, eventsPerSecond: head / seconds, peakRssMb: peak(), extra: { lastDay } };
}

async function readAllRate(eventsPath: string, batch: number): Promise<PhaseResult> {
  const peak = rssSampler();
  const store = createSqliteStore({ path: eventsPath, registry: eventRegistry });
  const head = await store.headPosition();
  const progress = bar('readAll (ceiling)', head);
  const started = performance.now();
  let after = 0;
  for (;;) {
    const events = await store.readAll({ after, limit: batch });
    if (events.length === 0) break;
    after = events[events.length - 1]!.position;
    progress.update(after, { rate: Math.round(after / ((performance.now() - started) / 1000)) });
  }
  progress.stop();
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return { events: after, seconds, eventsPerSecond: after / seconds, peakRssMb: peak() };
}

const IDENTITY_KEY = 'bench-identity-key-0123456789';

/** `live`: the calendar as serve and rebuild hand it to the projections (following notices); `direct`: the bare one. */
type CalendarMode = 'live' | 'direct';

async function replay(eventsPath: string, readModelsPath: string, batch: number, commitEvery: number, threads: number, mode: CalendarMode): Promise<PhaseResult> {
  const peak = rssSampler();
  for (const suffix of ['', '-wal', '-shm']) rmSync(readModelsPath + suffix, { force: true });
  const store = createSqliteStore({ path: eventsPath, registry: eventRegistry });
  const db = openReadModelDb(readModelsPath);
  const inForce = defaultCalendar();
  const calendar = mode === 'live' ? liveCalendar(() => inForce) : inForce;
  // With two threads a helper thread applies part of the projections, as `rebuild` and `serve` do.
  const helper = threads > 1 ? threadHelper({ eventsPath, readModelsPath, identityKey: IDENTITY_KEY, calendarDir: null, calendarVersion: calendar.version }) : undefined;
  const runner = createProjectionRunner({
    store,
    db,
    batchSize: batch,
    commitEvery,
    deps: { calendar, hashIdentity: createIdentityHasher(IDENTITY_KEY) },
    ...(helper ? { helper } : {}),
  });
  const head = await store.headPosition();
  const progress = bar(`replay, ${threads} thread${threads > 1 ? 's' : ''}`, head);
  const started = performance.now();
  const tick = setInterval(() => {
    const at = Math.min(...Object.values(runner.checkpoints()));
    progress.update(at, { rate: Math.round(at / ((performance.now() - started) / 1000)) });
  }, 250);
  // catchUp yields to the event loop between batches, so the progress and RSS timers keep sampling.
  const reached = await runner.catchUp();
  clearInterval(tick);
  progress.update(reached);
  progress.stop();
  const seconds = (performance.now() - started) / 1000;
  // One dashboard query, to show it is answered from the month rows whatever the log size.
  const readModels = createReadModels(db, { calendar });
  const q0 = performance.now();
  const all = readModels.metrics({ dimension: 'department' });
  const queryMs = performance.now() - q0;
  const bureau = readModels.metrics({ dimension: 'all' })[0]?.figures;
  await store.close();
  db.close();
  return {
    events: reached,
    seconds,
    eventsPerSecond: reached / seconds,
    peakRssMb: peak(),
    extra: { departmentQueryMs: Number(queryMs.toFixed(1)), departments: all.length, concluded: bureau?.turnaround.count, p50: bureau?.turnaround.p50, p90: bureau?.turnaround.p90 },
  };
}

/** The V8 heap flags (--max-…) the `rebuild` script of package.json starts node with. */
function rebuildFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(dirname(self), '..', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.rebuild;
  if (!script) throw new Error('package.json has no rebuild script to take the heap flags from');
  return script.split(/\s+/).filter((word) => word.startsWith('--max-'));
}

function nodeFlags(option: string): string[] {
  if (option === 'rebuild') return rebuildFlags();
  if (option === 'none') return [];
  return option.split(/\s+/).filter(Boolean);
}

function runPhase(args: string[], flags: readonly string[]): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', self, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`phase ${args[0]} exited with ${code}`));
      const line = out.trim().split('\n').at(-1) ?? '';
      resolve(JSON.parse(line) as PhaseResult);
    });
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      sizes: { type: 'string', default: '500000,2000000' },
      dir: { type: 'string', default: 'data/bench' },
      // The runner's defaults: what serve and rebuild use.
      batch: { type: 'string', default: String(DEFAULT_BATCH_SIZE) },
      commit: { type: 'string', default: String(DEFAULT_COMMIT_EVERY) },
      // V8 grows its heap lazily far past what is live; the rebuild script tells it the budget.
      flags: { type: 'string', default: 'rebuild' },
      fresh: { type: 'boolean', default: false },
      // Replays on one thread, and with a helper thread taking part of the projections (a second core).
      threads: { type: 'string', default: '1,2' },
      events: { type: 'string' },
      'read-models': { type: 'string' },
      count: { type: 'string' },
      // The calendar handed to the projections: `live,direct` alternates the two to price the indirection.
      calendar: { type: 'string', default: 'live' },
    },
  });
  const batch = Number(values.batch);
  const commitEvery = Number(values.commit);
  const flags = nodeFlags(values.flags);
  const phase = positionals[0];
  if (phase) {
    const result =
      phase === 'generate'
        ? await generate(values.events!, Number(values.count))
        : phase === 'readall'
          ? await readAllRate(values.events!, batch)
          : await replay(values.events!, values['read-models']!, batch, commitEvery, Number(values.threads), values.calendar as CalendarMode);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }

  mkdirSync(values.dir, { recursive: true });
  const sizes = values.sizes.split(',').map(Number);
  const rows: string[] = [];
  for (const size of sizes) {
    const eventsPath = join(values.dir, `events-${size}.db`);
    if (values.fresh || !existsSync(eventsPath)) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(eventsPath + suffix, { force: true });
      const g = await runPhase(['generate', '--events', eventsPath, '--count', String(size)], []);
      process.stderr.write(`generated ${g.events} events in ${g.seconds.toFixed(1)} s (${Math.round(g.eventsPerSecond)} ev/s appended, up to ${String(g.extra?.lastDay)})\n`);
    }
    const read = await runPhase(['readall', '--events', eventsPath, '--batch', String(batch)], flags);
    const modes = values.calendar.split(',').map((m) => {
      if (m !== 'live' && m !== 'direct') throw new Error(`--calendar takes live and/or direct, got ${m}`);
      return m;
    });
    for (const threads of values.threads.split(',').map(Number)) for (const mode of modes) {
      const play = await runPhase([
        'replay', '--events', eventsPath, '--read-models', join(values.dir, `read-models-${size}.db`),
        '--batch', String(batch), '--commit', String(commitEvery), '--threads', String(threads), '--calendar', mode,
      ], flags);
      rows.push(
        [
          String(play.events).padStart(9),
          String(threads).padStart(8),
          mode.padStart(8),
          String(Math.round(read.eventsPerSecond)).padStart(12),
          String(Math.round(play.eventsPerSecond)).padStart(12),
          (play.eventsPerSecond / read.eventsPerSecond).toFixed(2).padStart(7),
          play.seconds.toFixed(1).padStart(8),
          read.peakRssMb.toFixed(0).padStart(11),
          play.peakRssMb.toFixed(0).padStart(11),
          String(play.extra?.departmentQueryMs).padStart(9),
        ].join(' '),
      );
    }
  }
  process.stdout.write(
    [
      '',
      `projection replay: reads of ${batch} events, ${commitEvery} events per transaction, node ${flags.length > 0 ? flags.join(' ') : '(V8 default heap)'}; each phase in its own process`,
      '   events  threads calendar  readAll ev/s  replay ev/s   ratio  replay s  readAll RSS  replay RSS  query ms',
      ...rows,
      '(RSS in MB, the whole process with its threads: peak of process.resourceUsage().maxRSS and 100 ms samples;',
      ' ratio = replay / one thread\'s readAll; query = metrics by department over all months)',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

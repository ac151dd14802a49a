import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadCalendar } from '../../application/calendar-files.js';
import { loadConfig } from '../../config/load-config.js';
import { dataFiles } from '../../config/data-files.js';
import { buildAfterSeed } from '../../seed/after-seed.js';
import { SeedRefusedError, seedDemo, seedRangeProblem } from '../../seed/seed-demo.js';
import type { SeedProgress } from '../../seed/seed-demo.js';
import { openEventStore } from '../../store/open-event-store.js';
import type { CliCommand, CliIo } from '../lib/cli-command.js';

const USAGE = `main.ts seed --demo [--applications N] [--year YYYY] [--seed N] [--data-dir DIR] [--until YYYY-MM-DD] [--force] [--no-projections]

  --demo             a realistic year of a city HR&SS bureau's traffic (the only mode)
  --applications N   item applications in the year, bundle members included (default 300000)
  --year YYYY        the year to simulate; the working-day calendar must cover it (default 2025)
  --seed N           the random seed: the same seed writes the same history (default 42)
  --data-dir DIR     where the event store lives (default DATA_DIR, ./data)
  --until DATE       stop the simulation on this date (default: run until every case has settled)
  --force            seed on top of a store that already holds applications
  --no-projections   leave the read models to be built later (serve, or npm run rebuild -- --all)`;

const whole = (name: string, raw: string): number => {
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(value)) throw new RangeError(`--${name} "${raw}" is not a whole number`);
  return value;
};

/** The progress bar on stderr: days of the simulated year, applications submitted, events written and their rate. */
function progressBar(io: CliIo): { update(p: SeedProgress): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    {
      format: 'seed {bar} {percentage}% | {date} | {value}/{total} applications | {events} events | {rate} ev/s',
      stream: io.stderr as NodeJS.WritableStream,
      etaBuffer: 50,
      fps: 5,
      // Redirected stderr (a log file, the bench's pipe) still gets a line every few seconds.
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let begun = false;
  return {
    update(p) {
      const rate = Math.round(p.events / ((performance.now() - started) / 1000 || 1));
      if (!begun) {
        bar.start(p.planned, 0, { date: p.date, events: 0, rate: 0 });
        begun = true;
      }
      bar.update(Math.min(p.submitted, p.planned), { date: p.date, events: p.events, rate });
    },
    stop: () => bar.stop(),
  };
}

interface SeedArgs {
  values: { 'data-dir'?: string; until?: string; force: boolean; 'no-projections': boolean };
  applications: number;
  year: number;
  seed: number;
}

/** The options, checked; throws with the reason for anything malformed. */
function parseSeedArgs(argv: readonly string[]): SeedArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      demo: { type: 'boolean', default: false },
      applications: { type: 'string', default: '300000' },
      year: { type: 'string', default: '2025' },
      seed: { type: 'string', default: '42' },
      'data-dir': { type: 'string' },
      until: { type: 'string' },
      force: { type: 'boolean', default: false },
      'no-projections': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.demo) throw new Error('seed writes demo traffic only: pass --demo');
  if (values.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.until)) throw new Error(`--until "${values.until}" is not a YYYY-MM-DD date`);
  const applications = whole('applications', values.applications);
  if (applications < 1) throw new Error('--applications must be at least 1');
  return { values, applications, year: whole('year', values.year), seed: whole('seed', values.seed) };
}

/** `npm run seed -- --demo`: a year of traffic into an empty data directory, then the read models. */
export const command: CliCommand = {
  summary: 'seed a year of realistic demo traffic (seed --demo)',
  usage: USAGE,
  async run(argv, io) {
    let args: SeedArgs;
    try {
      args = parseSeedArgs(argv);
    } catch (error) {
      io.stderr.write(`${error instanceof Error ? error.message : String(error)}\nusage: ${USAGE}\n`);
      return 2;
    }
    const { values } = args;
    const config = loadConfig(io.env, { DATA_DIR: values['data-dir'] });
    // The calendar serve will use: the shipped data plus DATA_DIR/calendar overrides (a newly announced year).
    const calendar = loadCalendar(config.dataDir);
    const problem = seedRangeProblem(args.year, values.until, calendar);
    if (problem) {
      io.stderr.write(`seed refused: ${problem}\n`);
      return 2;
    }
    const files = dataFiles(config.dataDir);
    mkdirSync(config.dataDir, { recursive: true });
    // Group commit with big groups: the seed hands over thousands of appends at a time.
    const store = openEventStore({ ...config.store, groupCommit: { maxBatch: 20_000, maxDelayMs: 0 } });
    const bar = progressBar(io);
    let result;
    try {
      result = await seedDemo(store, {
        applications: args.applications,
        year: args.year,
        seed: args.seed,
        calendar,
        ...(values.until ? { until: values.until } : {}),
        force: values.force,
        onProgress: (p) => bar.update(p),
      });
    } catch (error) {
      bar.stop();
      await store.close();
      if (error instanceof SeedRefusedError) {
        io.stderr.write(`seed refused: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
    bar.stop();
    await store.close();
    const after = await buildAfterSeed(files, {
      store: config.store,
      headPosition: result.headPosition,
      startPosition: result.startPosition,
      projections: !values['no-projections'],
      identityHashKey: config.identityHashKey,
      production: config.production,
      calendar,
      notes: { note: (line) => void io.stderr.write(`${line}\n`) },
    });
    const summary = {
      dataDir: config.dataDir,
      eventStore: files.events,
      year: result.year,
      seed: result.seed,
      from: result.from,
      to: result.to,
      plannedApplications: result.plannedApplications,
      ...result.tally,
      headPosition: result.headPosition,
      seconds: Math.round(result.seconds * 10) / 10,
      eventsPerSecond: result.eventsPerSecond,
      ...after,
    };
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  },
};

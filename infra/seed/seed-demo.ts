import { isStreamOf } from '../../events/index.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import { toDayNumber } from '../../services/calendar/local-date.js';
import { DEFAULT_REVIEW_DUE_WORKDAYS } from '../../services/review/index.js';
import { openCatalogKeeper } from '../application/catalog-keeper.js';
import type { EventStore } from '../store/port.js';
import { createStoreSink } from './event-sink.js';
import { createIntake } from './intake.js';
import { createPeople } from './people.js';
import { createRng } from './rng.js';
import { createSeedTally } from './seed-tally.js';
import type { TallySummary } from './seed-tally.js';
import { createSeedWorld } from './seed-world.js';
import { CLOSE_MS, OPEN_MS, createSimClock } from './sim-clock.js';
import { createStreamWriter } from './stream-writer.js';
import { planTraffic } from './traffic-plan.js';

export interface SeedOptions {
  /** Item applications in the year, bundle members included. */
  applications: number;
  year: number;
  seed: number;
  /** The last date anything happens; by default the run goes on until every case has settled or the calendar ends. */
  until?: string;
  /** Seed on top of a store that already holds applications. */
  force?: boolean;
  calendar?: WorkCalendar;
  reviewDueWorkdays?: number;
  /** Appends awaited together (and so, at most, in one group commit). */
  flushEvery?: number;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  date: string;
  submitted: number;
  planned: number;
  events: number;
}

export interface SeedResult {
  year: number;
  seed: number;
  plannedApplications: number;
  /** First and last dates anything happened on. */
  from: string;
  to: string;
  seconds: number;
  eventsPerSecond: number;
  /** The store's head before the seed wrote anything (the catalog publication included) and after. */
  startPosition: number;
  headPosition: number;
  tally: TallySummary;
}

export class SeedRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedRefusedError';
  }
}

/** Why a year (and last date) cannot be seeded with this calendar, or null when it can. */
export function seedRangeProblem(year: number, until: string | undefined, calendar: WorkCalendar = defaultCalendar()): string | null {
  const coverage = calendar.coverage();
  if (`${year}-01-01` < coverage.from || `${year}-12-31` > coverage.to) {
    return `the working-day calendar covers ${coverage.from} to ${coverage.to}; ${year} is outside it (seed a covered year, e.g. --year 2025)`;
  }
  if (until !== undefined && (until > coverage.to || until < `${year}-01-01`)) return `--until ${until} must fall between ${year}-01-01 and ${coverage.to}`;
  return null;
}

/** Streams that hold no case: the catalog, calendar revisions and published reports may precede a seed. */
const bookkeeping = (streamId: string): boolean => (['catalog', 'calendar', 'report'] as const).some((kind) => isStreamOf(kind, streamId));
const PEEK = 100;

/** True when the store holds any application, bundle or review event (or more than a short bookkeeping prefix). */
export async function storeHoldsCases(store: EventStore): Promise<boolean> {
  const head = await store.headPosition();
  if (head === 0) return false;
  if (head > PEEK) return true;
  const events = await store.readAll({ after: 0, limit: PEEK });
  return events.some((e) => !bookkeeping(e.streamId));
}

/**
 * `seed --demo`: a year of a city bureau's traffic, written through the pure deciders with a simulated clock
 * and appended to the store in log order (group commit packs many streams per transaction). The same seed
 * on the same store state writes the same events, ids included.
 */
export async function seedDemo(store: EventStore, options: SeedOptions): Promise<SeedResult> {
  const calendar = options.calendar ?? defaultCalendar();
  const { year, seed, applications } = options;
  if (!Number.isInteger(applications) || applications < 1) throw new RangeError(`--applications must be a whole number ≥ 1, not ${applications}`);
  const problem = seedRangeProblem(year, options.until, calendar);
  if (problem) throw new RangeError(problem);
  const lastDate = options.until ?? calendar.coverage().to;
  if (!options.force && (await storeHoldsCases(store))) {
    throw new SeedRefusedError('the event store already holds applications; seed an empty data directory, or pass --force to add a year on top');
  }

  const before = await store.headPosition();
  // The catalog in force, as the API would serve it: on a fresh store the built-in catalog is published as
  // version 1 first, by the same code and with the same ids as `serve` (dated the morning the year opens).
  const opening = toDayNumber(calendar.rollForward(`${year}-01-01`));
  const keeper = await openCatalogKeeper(store, () => new Date(opening * 86_400_000 + OPEN_MS - 8 * 3_600_000 - 30 * 60_000));
  const catalog = keeper.current();
  const startPosition = await store.headPosition();
  // On top of an existing log the ids must differ from a first run's: the head position salts the seed.
  const rng = createRng((seed ^ Math.imul(startPosition, 0x9e3779b1)) >>> 0);
  const plan = planTraffic(catalog, calendar, year, applications, rng.fork('plan'));
  const clock = createSimClock(calendar, lastDate);
  const sink = createStoreSink(store, options.flushEvery);
  const tally = createSeedTally();
  const writer = createStreamWriter({ catalog, calendar, reviewDueWorkdays: options.reviewDueWorkdays ?? DEFAULT_REVIEW_DUE_WORKDAYS }, sink, startPosition);
  const world = createSeedWorld({ catalog, calendar, clock, rng: rng.fork('world'), intake: createIntake(catalog, createPeople(seed, applications, year)), writer, tally });
  const dayRng = rng.fork('days');
  const lastDay = toDayNumber(lastDate);
  const started = performance.now();
  let to = plan.workdays[0] ?? `${year}-01-01`;
  const progress = (date: string): void => {
    to = date;
    options.onProgress?.({ date, submitted: tally.count('ApplicationSubmitted'), planned: plan.plannedApplications, events: sink.events });
  };

  for (let d = 0; d < plan.workdays.length; d++) {
    const date = plan.workdays[d]!;
    const day = toDayNumber(date);
    if (day > lastDay) break;
    for (const submission of plan.submissionsOn(d, dayRng)) world.submit({ day, ms: OPEN_MS + Math.floor(dayRng.next() * (CLOSE_MS - OPEN_MS)) }, submission);
    world.runThrough(day);
    if (sink.full) await sink.flush();
    progress(date);
  }
  // After the year's last submission, the cases in flight run on to their end (or to the last date).
  for (let day = world.nextDay(); day !== undefined && day <= lastDay; day = world.nextDay()) {
    world.runThrough(day);
    if (sink.full) await sink.flush();
    progress(clock.dateOf(day));
  }
  await sink.flush();

  const seconds = (performance.now() - started) / 1000;
  const headPosition = await store.headPosition();
  if (headPosition !== writer.position) throw new Error(`the store's head is ${headPosition}, the seed wrote up to ${writer.position}: another writer was at work`);
  return {
    year,
    seed,
    plannedApplications: plan.plannedApplications,
    from: plan.workdays[0] ?? to,
    to,
    seconds,
    eventsPerSecond: Math.round(sink.events / seconds),
    startPosition: before,
    headPosition,
    tally: tally.summary(),
  };
}

import { BUNDLE_PROCESS, CALENDAR_PROCESS, REVIEW_PROCESS, createSqliteCheckpointStore } from '../process-managers/index.js';
import { DEVELOPMENT_IDENTITY_KEY, openProjectionEnv } from '../application/open-projection-env.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import type { StoreConfig } from '../config/app-config.js';
import type { DataFiles } from '../config/data-files.js';

/** Where the seed tells its operator what it is doing after the simulation (the CLI: stderr), a line at a time. */
export interface SeedNotes {
  note(line: string): void;
}

export interface AfterSeedOptions {
  /** The store the seed wrote to, whose read models are built (`config.store`). */
  store: StoreConfig;
  /** The store's head after the seed, and where the seed began. */
  headPosition: number;
  startPosition: number;
  projections: boolean;
  /** config.identityHashKey: the key serve hashes identity numbers with; undefined means the development key. */
  identityHashKey: string | undefined;
  /** In production the development key is never used: without a key the read models are left to serve. */
  production: boolean;
  /** The calendar serve will compute deadlines with (DATA_DIR overrides applied). */
  calendar: WorkCalendar;
  notes: SeedNotes;
}

export interface AfterSeed {
  processManagers: string;
  readModels: { built: boolean; file: string; position?: number; seconds?: number; note: string };
}

/**
 * The seed wrote what the bundle and review process managers would have written, and the calendar manager
 * has nothing to do in it (the seed records no calendar revision), so their checkpoints move to the head:
 * started later, they must not walk the seeded year again. Only when they had handled
 * everything before the seed: a manager that was behind keeps its checkpoint and catches up itself.
 */
async function advanceProcessManagers(files: DataFiles, options: AfterSeedOptions): Promise<string> {
  const checkpoints = createSqliteCheckpointStore(files.checkpoints);
  try {
    const moved: string[] = [];
    const behind: string[] = [];
    for (const name of [BUNDLE_PROCESS, REVIEW_PROCESS, CALENDAR_PROCESS]) {
      const at = await checkpoints.load(name);
      if (at >= options.startPosition) {
        await checkpoints.save(name, options.headPosition);
        moved.push(name);
      } else behind.push(`${name} (at ${at})`);
    }
    return (
      `checkpoints of ${moved.join(', ') || 'none'} set to ${options.headPosition}` +
      (behind.length > 0 ? `; ${behind.join(', ')} had not reached the seed's start and will catch up on their own` : '')
    );
  } finally {
    await checkpoints.close();
  }
}

/** Builds every read model up to the head with the projection runner (a fresh read-model file replays the log). */
async function buildReadModels(options: AfterSeedOptions): Promise<AfterSeed['readModels']> {
  const file = options.store.readModelsPath;
  if (!options.projections) {
    return { built: false, file, note: 'skipped (--no-projections): build them with `npm run rebuild -- --all` or let serve catch up at start' };
  }
  const key = options.identityHashKey;
  if (!key && options.production) {
    return { built: false, file, note: 'not built: IDENTITY_HASH_KEY is not set (required in production); set it and run `npm run rebuild -- --all`' };
  }
  if (!key) options.notes.note('warning: IDENTITY_HASH_KEY is not set; read models hash identity numbers with the development key');
  options.notes.note(`building read models in ${file} (projection runner catch-up over ${options.headPosition} events)…`);
  const started = performance.now();
  const env = openProjectionEnv({ store: options.store, identityKey: key ?? DEVELOPMENT_IDENTITY_KEY, calendar: options.calendar });
  try {
    const position = await env.runner.catchUp();
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    return { built: true, file, position, seconds, note: 'every projection caught up with the log' };
  } finally {
    await env.close();
  }
}

export async function buildAfterSeed(files: DataFiles, options: AfterSeedOptions): Promise<AfterSeed> {
  const processManagers = await advanceProcessManagers(files, options);
  return { processManagers, readModels: await buildReadModels(options) };
}

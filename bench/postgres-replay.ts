import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { eventRegistry } from '../events/index.js';
import { createProjectionRunner } from '../infra/projections/runner.js';
import { createIdentityHasher } from '../infra/read-models/identity-hash.js';
import { openPostgresReadModelDb } from '../infra/read-models/postgres-read-model-db.js';
import { openReadModelDb } from '../infra/read-models/read-model-db.js';
import type { ReadModelDb } from '../infra/read-models/sql-database.js';
import type { EventStore } from '../infra/store/port.js';
import { createSqliteStore } from '../infra/store/sqlite-store.js';
import { defaultCalendar } from '../services/calendar/index.js';
import { loadBuiltinCatalog } from '../services/catalog/index.js';
import { benchWorkload } from './projection-workload.js';

/**
 * Projection replay with the read models on PostgreSQL beside SQLite's, in the same run (issue 16, item 6):
 * the same log (bench/projections.ts's synthetic bureau, in a SQLite event store so both read it alike)
 * replayed into every projection, from empty read models, by the runner with its defaults, on one thread.
 */

/** Fills a SQLite event store file with about `target` events of the synthetic bureau. */
async function fillLog(path: string, target: number): Promise<EventStore> {
  const store = createSqliteStore({ path, registry: eventRegistry, synchronous: 'NORMAL', groupCommit: { maxBatch: 1024, maxDelayMs: 0 } });
  const days = benchWorkload(loadBuiltinCatalog(), defaultCalendar())();
  let written = 0;
  while (written < target) {
    const { appends } = days.next().value;
    await Promise.all(appends.map((a) => store.append(a.streamId, a.events, { expectedVersion: 'any' })));
    for (const a of appends) written += a.events.length;
  }
  return store;
}

async function replayInto(store: EventStore, db: ReadModelDb, label: string): Promise<number> {
  const calendar = defaultCalendar();
  const runner = createProjectionRunner({ store, db, deps: { calendar, hashIdentity: createIdentityHasher('bench-identity-key-0123456789') } });
  const head = await store.headPosition();
  const bar = new cliProgress.SingleBar({ format: `${label.padEnd(26)} {bar} {value}/{total}`, stream: process.stderr }, cliProgress.Presets.shades_classic);
  bar.start(head, 0);
  const tick = setInterval(() => bar.update(Math.min(...Object.values(runner.checkpoints()))), 500);
  const started = performance.now();
  const reached = await runner.catchUp();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(tick);
  bar.update(reached);
  bar.stop();
  return reached / seconds;
}

/** Replay rates (events/s), SQLite's and PostgreSQL's read models alternating, `rounds` each. */
export async function replayBeside(
  emptyDatabase: () => Promise<{ url: string; drop: () => Promise<void> }>,
  events: number,
  rounds: number,
): Promise<{ events: number; sqlite: number[]; postgres: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'hrss-replay-'));
  try {
    const store = await fillLog(join(dir, 'events.sqlite'), events);
    const head = await store.headPosition();
    const sqlite: number[] = [];
    const postgres: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const file = join(dir, `read-models-${round}.sqlite`);
      const local = openReadModelDb(file);
      sqlite.push(await replayInto(store, local, `replay, SQLite read models`));
      local.close();
      const database = await emptyDatabase();
      try {
        const shared = openPostgresReadModelDb({ url: database.url });
        postgres.push(await replayInto(store, shared, `replay, PostgreSQL read models`));
        shared.close();
      } finally {
        await database.drop();
      }
    }
    await store.close();
    return { events: head, sqlite, postgres };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { randomUUID } from 'node:crypto';
import type { ReadModelDb } from '../../infra/read-models/sql-database.js';
import type { ActorRole, Channel } from '../../events/index.js';
import type { WorkdayCalendar } from '../../projections/calendar-port.js';
import { createIdentityHasher } from '../../infra/read-models/identity-hash.js';
import { createReadModels } from '../../infra/read-models/read-models.js';
import type { ReadModels } from '../../infra/read-models/read-models.js';
import type { SqlProjection } from '../../infra/read-models/sql-projection.js';
import { createProjectionRunner } from '../../infra/projections/runner.js';
import type { ProjectionRunner, ReachedElsewhere } from '../../infra/projections/runner.js';
import type { EventStore, NewEvent } from '../../infra/store/port.js';
import { openEventStore } from '../../infra/store/open-event-store.js';
import { openReadModelDatabase } from '../../infra/read-models/open-read-models.js';
import { defaultCalendar } from '../../services/calendar/index.js';

export const TEST_ID_KEY = 'test-identity-key-0123456789';

/** Event metadata for a test event on a date: a clerk at 09:00 Shanghai time unless told otherwise. */
export function meta(on: string, channel: Channel = 'window', role: ActorRole = 'clerk') {
  const id = randomUUID();
  return {
    actor: { role, id: `${role}-1` },
    channel,
    commandId: id,
    correlationId: id,
    causationId: id,
    occurredAt: `${on}T09:00:00.000+08:00`,
  };
}

export interface Harness {
  store: EventStore;
  db: ReadModelDb;
  runner: ProjectionRunner;
  readModels: ReadModels;
  calendar: WorkdayCalendar;
  /** Appends one event with metadata dated `on`. */
  append(streamId: string, type: string, data: unknown, on: string, channel?: Channel, role?: ActorRole): Promise<number>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  calendar?: WorkdayCalendar;
  store?: EventStore;
  db?: ReadModelDb;
  projections?: readonly SqlProjection[];
  batchSize?: number;
  commitEvery?: number;
  /** Notices of positions another runner reached (serve --workers: the primary's). */
  reachedElsewhere?: ReachedElsewhere;
}

/** An in-memory event store and read-model database with every projection, for projection tests. */
export function projectionHarness(options: HarnessOptions = {}): Harness {
  // The factories the API opens its stores with, on in-memory databases.
  const store = options.store ?? openEventStore({ backend: 'sqlite', eventsPath: ':memory:' });
  const db = options.db ?? openReadModelDatabase({ backend: 'sqlite', readModelsPath: ':memory:' });
  const calendar = options.calendar ?? defaultCalendar();
  const runner = createProjectionRunner({
    store,
    db,
    deps: { calendar, hashIdentity: createIdentityHasher(TEST_ID_KEY) },
    ...(options.projections ? { projections: options.projections } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.commitEvery ? { commitEvery: options.commitEvery } : {}),
    ...(options.reachedElsewhere ? { reachedElsewhere: options.reachedElsewhere } : {}),
  });
  return {
    store,
    db,
    runner,
    readModels: createReadModels(db, { calendar }),
    calendar,
    async append(streamId, type, data, on, channel, role) {
      const event: NewEvent = { type, data, metadata: meta(on, channel, role) };
      return (await store.append(streamId, [event], { expectedVersion: 'any' })).position;
    },
    /** Stops the runner and closes what the harness opened itself (not a store or database it was given). */
    async close() {
      await runner.stop();
      if (!options.store) await store.close();
      if (!options.db) db.close();
    },
  };
}

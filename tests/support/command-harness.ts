import { join } from 'node:path';
import { DateTime } from 'luxon';
import { createCommandHandler } from '../../infra/commands/index.js';
import type { CommandHandler, CommandHandlerOptions, CommandMeta } from '../../infra/commands/index.js';
import type { RunningProcess } from '../../infra/process-managers/index.js';
import type { EventStore, RecordedEvent } from '../../infra/store/port.js';
import { openEventStore } from '../../infra/store/open-event-store.js';
import { defaultCalendar } from '../../services/calendar/index.js';
import type { Actor, Channel } from '../../events/index.js';
import type { Catalog } from '../../services/catalog/item-schema.js';
import { tempDir } from './sqlite-harness.js';
import { testCatalog } from './test-catalog.js';

/** A clock the test moves: set to a local date, it reads 09:30 that day in Shanghai. */
export function testClock(date: string) {
  let now = DateTime.fromISO(`${date}T09:30:00`, { zone: 'Asia/Shanghai' }).toJSDate();
  return {
    now: (): Date => now,
    setDate(next: string): void {
      now = DateTime.fromISO(`${next}T09:30:00`, { zone: 'Asia/Shanghai' }).toJSDate();
    },
  };
}

export interface Harness {
  store: EventStore;
  commands: CommandHandler;
  clock: ReturnType<typeof testClock>;
  catalog: Catalog;
  /** The SQLite file when the harness runs on one (checkpoints may share it); null for `:memory:`. */
  path: string | null;
  /** Another handler on its own connection to the same file (a second API instance). */
  another(): CommandHandler;
  dispose(): Promise<void>;
}

export function harness(
  options: { file?: boolean; date?: string; catalog?: Catalog } & Partial<Omit<CommandHandlerOptions, 'store' | 'catalog' | 'clock'>> = {},
): Harness {
  const { file = false, date = '2020-09-28', catalog = testCatalog(), ...handlerOptions } = options;
  const dir = file ? tempDir('hrss-commands-') : null;
  const path = dir ? join(dir.dir, 'events.db') : null;
  const open = (): EventStore => openEventStore({ backend: 'sqlite', eventsPath: path ?? ':memory:', pollIntervalMs: 20 });
  const stores = [open()];
  const clock = testClock(date);
  const make = (store: EventStore): CommandHandler =>
    createCommandHandler({ store, catalog, calendar: defaultCalendar(), clock: clock.now, ...handlerOptions });
  return {
    store: stores[0]!,
    commands: make(stores[0]!),
    clock,
    catalog,
    path,
    another() {
      if (!path) throw new Error('a second connection needs a file store');
      const store = open();
      stores.push(store);
      return make(store);
    },
    async dispose() {
      for (const s of stores) await s.close();
      dir?.remove();
    },
  };
}

let counter = 0;

/** Metadata for a person's command; a fresh command id unless one is given. */
export function metaFor(actor: Actor, channel: Channel, commandId = `cmd-${++counter}-${Date.now()}`): CommandMeta {
  return { commandId, correlationId: `corr-${commandId}`, actor, channel };
}

export const CLERK: Actor = { role: 'clerk', id: 'clerk-chen' };
export const APPLICANT: Actor = { role: 'applicant', id: 'p-zhang' };

/** Waits until a process manager has handled everything in the log, its own appends included. */
export async function settled(process: RunningProcess, store: EventStore, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let failure: unknown = null;
  process.done.catch((e: unknown) => (failure = e));
  for (;;) {
    if (failure) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
    const head = await store.headPosition();
    if (process.checkpoint() >= head) {
      await new Promise((r) => setTimeout(r, 30));
      if (process.checkpoint() >= (await store.headPosition())) return;
    }
    if (Date.now() > until) throw new Error(`${process.name} did not settle: at ${process.checkpoint()}, head ${head}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function streamOf(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  return store.readStream(streamId);
}

export async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  return store.readAll();
}

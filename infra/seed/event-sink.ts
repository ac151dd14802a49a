import type { AppendOptions, EventStore, NewEvent } from '../store/port.js';

/**
 * Writes the simulated appends to the store behind the simulation: each append is handed to the store at
 * once (in log order, so a group-committing store packs many streams into one transaction) and the
 * simulation awaits them in bulk, every `flushEvery` appends. The first refused append fails the flush.
 */
export interface EventSink {
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): void;
  /** Resolves once every append handed over so far is committed. */
  flush(): Promise<void>;
  /** True when enough appends wait that the simulation should flush before going on. */
  readonly full: boolean;
  readonly appends: number;
  readonly events: number;
}

export function createStoreSink(store: EventStore, flushEvery = 20_000): EventSink {
  let waiting: Promise<unknown>[] = [];
  let appends = 0;
  let events = 0;
  return {
    append(streamId, batch, options) {
      waiting.push(store.append(streamId, batch, options));
      appends++;
      events += batch.length;
    },
    async flush() {
      const now = waiting;
      waiting = [];
      await Promise.all(now);
    },
    get full() {
      return waiting.length >= flushEvery;
    },
    get appends() {
      return appends;
    },
    get events() {
      return events;
    },
  };
}

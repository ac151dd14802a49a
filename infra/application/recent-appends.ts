import type { EventStore } from '../store/port.js';

/** Streams remembered; past this, the oldest is forgotten and only a bound on its position is kept. */
const REMEMBERED_STREAMS = 10_000;

export interface RecentAppends {
  /**
   * A position at or past the last event this process appended to the stream (0 when it appended none):
   * a read model that has applied it shows every write made here. Exact for the streams written most
   * recently; for one forgotten since, the highest position forgotten, which is never lower.
   */
  lastTo(streamId: string): number;
}

/**
 * The event store with the positions this process appends at remembered in memory, per stream, so a read
 * served from a row of the read models can tell at no cost whether the row already holds this process's
 * writes to its stream (read-your-writes without a look at the store). Writes made by another process are
 * not seen here; their callers send X-Min-Position.
 */
export function rememberingAppends(store: EventStore): { store: EventStore; recent: RecentAppends } {
  const last = new Map<string, number>();
  let forgotten = 0;
  const remember = (streamId: string, position: number): void => {
    if (position <= (last.get(streamId) ?? 0)) return;
    last.delete(streamId);
    last.set(streamId, position);
    if (last.size > REMEMBERED_STREAMS) {
      const [oldest, at] = last.entries().next().value!;
      last.delete(oldest);
      forgotten = Math.max(forgotten, at);
    }
  };
  const remembering: EventStore = Object.create(store) as EventStore;
  remembering.append = async (streamId, events, options) => {
    const result = await store.append(streamId, events, options);
    remember(streamId, result.position);
    return result;
  };
  return { store: remembering, recent: { lastTo: (streamId) => last.get(streamId) ?? forgotten } };
}

import type { EventStore } from '../store/port.js';
import type { BatchApplier } from './apply-batch.js';
import { heapNearlyFull } from './heap-pressure.js';

/**
 * Rows held in memory before a commit, whatever the events per commit: a span's memory grows with the rows
 * its events touch (about 1 KB of heap each on the replay benchmark), and a burst of new cases touches three
 * rows per event. 200 000 events of the benchmark's log hold about 85 000.
 */
export const DEFAULT_MAX_CACHED_ROWS = 100_000;

/** When a span must commit: enough events, or enough rows held, or a heap nearly full. */
export interface CommitBudget {
  commitEvery: number;
  maxCachedRows?: number;
  /** Defaults to heapNearlyFull; tests pass their own. */
  memoryFull?: () => boolean;
}

export function spanFull(applier: BatchApplier, budget: CommitBudget): boolean {
  return (
    applier.pending >= budget.commitEvery ||
    applier.cachedRows() >= (budget.maxCachedRows ?? DEFAULT_MAX_CACHED_ROWS) ||
    (budget.memoryFull ?? heapNearlyFull)()
  );
}

export interface ApplyLogOptions extends CommitBudget {
  /** Events per read. */
  batchSize: number;
  /** Called after every read with the position reached. */
  onRead?: (position: number) => void;
  /** Called after every commit. */
  onCommit?: () => void;
  /** Asked before every read: true ends the pass there, with what was read committed. */
  stopped?: () => boolean;
  /** Lets other work run between reads (the SQLite store answers a read without reaching the event loop). */
  yieldBetweenReads?: boolean;
}

export interface ApplyLogResult {
  /** The position of the last event read (`after` if none). */
  position: number;
  /** The pass ended because `stopped` said so, not at the end of the log. */
  stopped: boolean;
}

/**
 * One pass of the log into an applier: reads after `after` to the end of the log, committing whenever the
 * span is full (spanFull) and at the end. The loop of a catch-up, a rebuild and a helper thread alike.
 */
export async function applyLog(store: EventStore, applier: BatchApplier, after: number, options: ApplyLogOptions): Promise<ApplyLogResult> {
  let position = after;
  const commit = (): void => {
    applier.commit();
    options.onCommit?.();
  };
  try {
    for (;;) {
      if (options.stopped?.()) {
        commit();
        return { position, stopped: true };
      }
      if (options.yieldBetweenReads) await new Promise((resolve) => setImmediate(resolve));
      // Projections read an event's metadata for a few types only.
      const events = await store.readAll({ after: position, limit: options.batchSize, lazyMetadata: true });
      if (events.length === 0) break;
      applier.add(events);
      position = events[events.length - 1]!.position;
      if (spanFull(applier, options)) commit();
      options.onRead?.(position);
    }
  } catch (error) {
    applier.discard();
    throw error;
  }
  commit();
  return { position, stopped: false };
}

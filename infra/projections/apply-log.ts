import type { EventStore } from '../store/port.js';
import type { BatchApplier } from './apply-batch.js';
import { spanFull } from './commit-budget.js';
import type { CommitBudget } from './commit-budget.js';

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
      applier.add(events, position);
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

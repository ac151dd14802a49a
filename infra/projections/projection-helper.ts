import type { SlotStatus } from '../read-models/projection-state.js';
import type { SqlProjection } from '../read-models/sql-projection.js';

/** One share of a replay handed to a helper: these projections' slots of this status, to the end of the log. */
export interface HelperTask {
  names: readonly string[];
  status: SlotStatus;
  batchSize: number;
  commitEvery: number;
}

export interface HelperRun {
  /** The position the helper has read up to (its slots commit up to it every `commitEvery` events). */
  position(): number;
  /** Asks the helper to stop after the batch in hand, committed. */
  stop(): void;
  /** The position reached, once the helper has committed it and let go of the files. */
  readonly done: Promise<number>;
}

/**
 * Applies a share of a long replay in another thread, on its own connections to the same event store and
 * read-model files, so a catch-up or a rebuild uses a second core. Every slot still commits its changes
 * with its checkpoint, and the applier re-checks checkpoints inside each transaction, so the two threads
 * never apply an event twice.
 */
export interface ProjectionHelper {
  /** Whether the helper can open this projection (it opens the shipped ones by name). */
  can(projection: SqlProjection): boolean;
  start(task: HelperTask): HelperRun;
}

/** Below this many events a catch-up or rebuild stays on one thread: starting a thread costs more than it saves. */
export const HELPER_MIN_EVENTS = 50_000;

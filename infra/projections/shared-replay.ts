import type { ReadModelDb } from '../read-models/sql-database.js';
import type { ProjectionDeps } from '../../projections/calendar-port.js';
import type { ProjectionStateStore, SlotStatus } from '../read-models/projection-state.js';
import type { SqlProjection } from '../read-models/sql-projection.js';
import type { EventStore } from '../store/port.js';
import { createBatchApplier } from './apply-batch.js';
import { applyLog } from './apply-log.js';
import { HELPER_MIN_EVENTS } from './projection-helper.js';
import type { ProjectionHelper } from './projection-helper.js';
import { splitReplay } from './split-replay.js';

/** What a catch-up or a build works with: the runner's own parts, and the helper thread if it has one. */
export interface ReplayContext {
  store: EventStore;
  db: ReadModelDb;
  state: ProjectionStateStore;
  projections: readonly SqlProjection[];
  deps: ProjectionDeps;
  helper?: ProjectionHelper;
  /** Fewer events than this to apply: not worth a thread (HELPER_MIN_EVENTS unless told). */
  helperMinEvents?: number;
}

export interface SharedReplayOptions {
  batchSize: number;
  commitEvery: number;
  /** The lower of the two threads' positions, now and then. */
  onProgress?: (position: number) => void;
  /** After each of this thread's commits. */
  onCommit?: () => void;
  /** Stops both threads after their batches in hand, committed. */
  signal?: AbortSignal;
  yieldBetweenReads?: boolean;
}

const POLL_HELPER_MS = 250;

/**
 * A long replay of the named slots shared with a helper thread: the projections are split by their replay
 * cost, each thread reads the log itself and applies its share up to the end of the log, each slot
 * committing with its own checkpoint. Returns false, having done nothing, when there is not enough to
 * share (fewer than two slots, too few events, or nothing the helper can take); the caller's own pass then
 * does it all, as it also does the events appended while the threads ran. Without a helper, nothing to do.
 */
export async function replayWithHelper(
  ctx: ReplayContext,
  names: readonly string[],
  status: SlotStatus,
  options: SharedReplayOptions,
): Promise<boolean> {
  const { store, db, state, projections, deps, helper } = ctx;
  if (!helper) return false;
  const slots = state.slots(status).filter((slot) => names.includes(slot.name));
  const slotted = projections.filter((p) => slots.some((slot) => slot.name === p.name));
  if (slotted.length < 2) return false;
  const head = await store.headPosition();
  const from = Math.min(...slots.map((slot) => slot.position));
  if (head - from < (ctx.helperMinEvents ?? HELPER_MIN_EVENTS)) return false;
  const split = splitReplay(slotted, (p) => helper.can(p));
  if (split.local.length === 0 || split.helper.length === 0) return false;

  const local = new Set(split.local.map((p) => p.name));
  const run = helper.start({ names: split.helper.map((p) => p.name), status, batchSize: options.batchSize, commitEvery: options.commitEvery });
  const stopHelperOnAbort = (): void => run.stop();
  options.signal?.addEventListener('abort', stopHelperOnAbort);
  if (options.signal?.aborted) run.stop();
  try {
    const applier = createBatchApplier({ db, state, projections, deps, status, only: local });
    const localFrom = Math.min(...slots.filter((slot) => local.has(slot.name)).map((slot) => slot.position));
    try {
      await applyLog(store, applier, localFrom, {
        batchSize: options.batchSize,
        commitEvery: options.commitEvery,
        onRead: (position) => options.onProgress?.(Math.min(position, run.position())),
        ...(options.onCommit ? { onCommit: options.onCommit } : {}),
        stopped: () => options.signal?.aborted === true,
        ...(options.yieldBetweenReads ? { yieldBetweenReads: true } : {}),
      });
    } catch (error) {
      run.stop();
      await run.done.catch(() => undefined);
      throw error;
    }
    if (options.signal?.aborted) run.stop();
    // This share is done; report the helper's until it is too.
    const poll = setInterval(() => options.onProgress?.(run.position()), POLL_HELPER_MS);
    try {
      await run.done;
    } finally {
      clearInterval(poll);
    }
    return true;
  } finally {
    options.signal?.removeEventListener('abort', stopHelperOnAbort);
  }
}

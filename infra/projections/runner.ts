import type { ReadModelDb } from '../read-models/sql-database.js';
import type { ProjectionDeps } from '../../projections/calendar-port.js';
import { ALL_PROJECTIONS } from '../read-models/all-projections.js';
import { projectionStateStore } from '../read-models/projection-state.js';
import type { ProjectionSlot } from '../read-models/projection-state.js';
import { basisOf, slotIsCurrent } from '../read-models/sql-projection.js';
import type { SqlProjection } from '../read-models/sql-projection.js';
import type { EventStore, RecordedEvent, Subscription } from '../store/port.js';
import { StoreUnavailableError } from '../store/store-errors.js';
import { createBatchApplier } from './apply-batch.js';
import { applyLog } from './apply-log.js';
import { buildGenerations, DEFAULT_BATCH_SIZE } from './build-generation.js';
import { DEFAULT_COMMIT_EVERY, spanFull } from './commit-budget.js';
import type { BuildOptions, BuildResult } from './build-generation.js';
import type { ProjectionHelper } from './projection-helper.js';
import { replayWithHelper } from './shared-replay.js';
import type { ReplayContext } from './shared-replay.js';

export interface ProjectionRunnerOptions {
  store: EventStore;
  /** The read-model database (openReadModelDb): a file of its own, or `:memory:`. */
  db: ReadModelDb;
  deps: ProjectionDeps;
  projections?: readonly SqlProjection[];
  /** Events per read of the log. */
  batchSize?: number;
  /**
   * Events per transaction when catching up or rebuilding (live batches commit as they come): a row
   * changed by many events of the span is written once.
   */
  commitEvery?: number;
  /**
   * Takes a share of long catch-ups and rebuilds in another thread (infra/composition/projection-helper-thread.ts);
   * without one, everything runs on this thread.
   */
  helper?: ProjectionHelper;
  /** The fewest events a catch-up or rebuild shares with the helper (HELPER_MIN_EVENTS unless told). */
  helperMinEvents?: number;
  /**
   * Awaited before a live batch holding a CalendarRevised is applied, so the calendar the projections count
   * on already includes a notice imported by another process (calendar-keeper.ts refresh).
   */
  beforeCalendarRevision?: () => Promise<unknown>;
  /** Called once a live batch holding a CalendarRevised is committed: projections counted on the calendar are now outdated. */
  afterCalendarRevision?: () => void;
  /**
   * Where a process that applies nothing hears of the positions the applying one has reached (an HTTP worker of
   * `serve --workers`: its primary, over IPC): its waiters look at the checkpoints at once on each notice.
   */
  reachedElsewhere?: ReachedElsewhere;
}

/**
 * Notices of the lowest checkpoint another process's runner has committed. A notice is a hint to look, not the
 * truth: a projection switched in behind the others, or a notice crossing a later commit, make the checkpoints
 * themselves the only word on what the read models hold.
 */
export interface ReachedElsewhere {
  onReached(listener: (position: number) => void): void;
  /** Called once the notices stop coming (the channel closed): the waiters poll at the full rate again. */
  onLost(listener: () => void): void;
}

export interface ProjectionRunner {
  readonly db: ReadModelDb;
  /** Follows the log live from the stored checkpoints (catch-up first). */
  start(): void;
  /** Stops following; resolves once the batch in hand is committed. */
  stop(): Promise<void>;
  /** Applies everything in the log now, without following it; returns the lowest active checkpoint. */
  catchUp(): Promise<number>;
  /**
   * Read-your-writes: resolves true once every active projection has applied the event at `position`
   * (a command's AppendResult.position), false when `timeoutMs` passes first.
   */
  waitForPosition(position: number, timeoutMs: number): Promise<boolean>;
  /** Active projections and their checkpoints. */
  checkpoints(): Record<string, number>;
  /**
   * Calls `listener` with the lowest active checkpoint after each commit of this runner that moved it (one call
   * per batch, not per event); returns the function that stops the calls. With no listener nothing is looked up.
   * A listener must not throw: it runs inside the commit's follow-up, and a throw would end live following.
   */
  onReached(listener: (position: number) => void): () => void;
  /**
   * Builds a new generation of each named projection beside the live one, in one pass over the log, then
   * switches to them (no downtime).
   */
  rebuild(names: readonly string[], options?: BuildOptions): Promise<BuildResult[]>;
  /**
   * Projections whose active generation was built by another code version, or counted on another basis
   * (the metrics, on another calendar version: a holiday notice imported since).
   */
  outdated(): string[];
  /** Rejects when live following ended with an error. */
  readonly failed: Promise<never>;
}

/** How often waiters look at the checkpoints when nothing tells them of a commit (another process applies the log). */
const POLL_MS = 25;
/**
 * How often they look when notices come (ReachedElsewhere). Still a poll, as a safety net rather than none: the
 * notices only follow the applying runner's own commits, so checkpoints moved otherwise (a generation switched
 * in by a rebuild in another process) or a notice lost on its way would otherwise leave a waiter to its timeout.
 * Four looks a second while someone waits costs nothing; forty was the cost of having no notices.
 */
const NOTIFIED_POLL_MS = 250;
/** How long a live batch waits before it is applied again when the read models' server did not answer. */
const UNAVAILABLE_RETRY_MS = 1_000;
/** How often a live runner looks for a generation switched in by another process at an earlier position. */
const LAGGARD_CHECK_MS = 250;

export function createProjectionRunner(options: ProjectionRunnerOptions): ProjectionRunner {
  const { store, db, deps, helper, helperMinEvents } = options;
  const projections = options.projections ?? ALL_PROJECTIONS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const commitEvery = options.commitEvery ?? DEFAULT_COMMIT_EVERY;
  const state = projectionStateStore(db);
  const ctx: ReplayContext = { store, db, deps, projections, state, ...(helper ? { helper } : {}), ...(helperMinEvents === undefined ? {} : { helperMinEvents }) };
  const applier = (only?: string) =>
    createBatchApplier({ db, state, projections, deps, status: 'active', ...(only === undefined ? {} : { only: new Set([only]) }) });
  const live = applier();
  let subscription: Subscription | undefined;
  let laggardTimer: NodeJS.Timeout | undefined;
  let checkingLaggards = false;
  // Read-your-writes waiters (each with the position it waits for), told the lowest checkpoint: looked up once for
  // all of them, at each commit here, on each notice from elsewhere, and every pollMs() (another process may be
  // the one applying the log; its commits are seen by looking).
  const waiters = new Map<(reached: number) => void, number>();
  let poll: NodeJS.Timeout | undefined;
  const reachedListeners = new Set<(position: number) => void>();
  let announced: number | undefined;
  let noticed = options.reachedElsewhere !== undefined;
  const pollMs = (): number => (noticed ? NOTIFIED_POLL_MS : POLL_MS);
  let rejectFailed: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    rejectFailed = reject;
  });
  failed.catch(() => undefined);

  // A projection seen for the first time gets generation 1, empty, at position 0.
  db.transaction(() => {
    for (const p of projections) {
      const active = state.slot(p.name, 'active');
      const generation = active?.generation ?? state.maxGeneration(p.name) + 1;
      p.createTables(db, generation);
      if (!active) state.insert({ name: p.name, generation, status: 'active', version: p.version, position: 0, basis: basisOf(p, deps) });
    }
  }).immediate();

  const known = (slot: ProjectionSlot): boolean => projections.some((p) => p.name === slot.name);
  const activeSlots = (): ProjectionSlot[] => state.slots('active').filter(known);
  const lowest = (): number => Math.min(...activeSlots().map((s) => s.position));

  /** `afterCommit`: this runner has just committed, so the reached-listeners hear of the checkpoint too if it moved. */
  const notify = (afterCommit = false): void => {
    const announcing = afterCommit && reachedListeners.size > 0;
    if (waiters.size === 0 && !announcing) return;
    let reached: number;
    try {
      reached = lowest();
    } catch (error) {
      // Checkpoints on a server that is away: looked at again at the next poll, until the waiters' timeouts.
      if (error instanceof StoreUnavailableError) return;
      throw error;
    }
    for (const w of [...waiters.keys()]) w(reached);
    // Any change, down as well (a generation switched in behind): a later rise back to an announced value is news.
    if (announcing && reached !== announced) {
      announced = reached;
      for (const listener of [...reachedListeners]) listener(reached);
    }
  };
  const committed = (): void => notify(true);

  const repoll = (): void => {
    clearInterval(poll);
    poll = waiters.size === 0 ? undefined : setInterval(notify, pollMs());
  };
  options.reachedElsewhere?.onReached((position) => {
    // Only a notice at or past some waiter's position is worth a look at the checkpoints.
    if ([...waiters.values()].some((target) => target <= position)) notify();
  });
  options.reachedElsewhere?.onLost(() => {
    noticed = false;
    repoll();
  });

  /**
   * A slot behind the batch (switched to a generation built up to an earlier position) reads its own way up first.
   * Resolves whether it applied anything.
   */
  const catchUpLaggards = async (before: number): Promise<boolean> => {
    let moved = false;
    for (const slot of activeSlots()) {
      if (slot.position >= before) continue;
      moved = true;
      const own = applier(slot.name);
      let position = slot.position;
      while (position < before) {
        // before - position bounds the count of events up to `before` on any backend (positions are increasing
        // integers); on a log with gaps (EventStoreDB) the read may also bring events past it, which the live
        // batch applies: they are cut off here.
        const read = await store.readAll({ after: position, limit: Math.min(batchSize, before - position), lazyMetadata: true });
        const last = read.at(-1);
        const events = last && last.position > before ? read.filter((e) => e.position <= before) : read;
        if (events.length === 0) break;
        own.add(events, position);
        position = events[events.length - 1]!.position;
        if (spanFull(own, { commitEvery })) own.commit();
      }
      own.commit();
    }
    return moved;
  };

  /** `after`: the checkpoint the batch was read after. */
  const handle = async (events: RecordedEvent[], after: number): Promise<void> => {
    if (events.length === 0) return;
    const revision = events.some((e) => e.type === 'CalendarRevised');
    if (revision && options.beforeCalendarRevision) await options.beforeCalendarRevision();
    // No event lies between `after` and the batch, whatever the positions' gaps (EventStoreDB's commit
    // positions skip; first - 1 would be right on a gap-free log only).
    for (;;) {
      try {
        await catchUpLaggards(after);
        live.add(events, after);
        live.commit();
        break;
      } catch (error) {
        // Read models on a server that is away (PostgreSQL restarting): the batch is applied again once it
        // answers. Safe however far the lost commit got: each slot skips the events its checkpoint holds.
        if (!(error instanceof StoreUnavailableError)) throw error;
        // Stopping: the next start reads on from the committed checkpoints.
        if (!subscription) return;
        await new Promise((resolve) => setTimeout(resolve, UNAVAILABLE_RETRY_MS));
      }
    }
    committed();
    if (revision) options.afterCalendarRevision?.();
  };

  return {
    db,
    start() {
      if (subscription) return;
      // During the handler the checkpoint is still the one the batch was read after.
      const live: Subscription = store.subscribe({ after: lowest(), batchSize }, (events) => handle(events, live.checkpoint()));
      subscription = live;
      live.done.catch((error: unknown) => rejectFailed(error instanceof Error ? error : new Error(String(error))));
      // A rebuild finished elsewhere may switch in a generation behind the live position while no new event
      // arrives to trigger the catch-up: look now and then. Safe beside the handler: checkpoints are re-read
      // inside each transaction, so an event is never applied twice.
      laggardTimer = setInterval(() => {
        if (checkingLaggards) return;
        checkingLaggards = true;
        catchUpLaggards(live.checkpoint())
          .then((moved) => notify(moved), (error: unknown) => {
            // A server away is looked at again next time; anything else ends live following.
            if (!(error instanceof StoreUnavailableError)) rejectFailed(error instanceof Error ? error : new Error(String(error)));
          })
          .finally(() => (checkingLaggards = false));
      }, LAGGARD_CHECK_MS);
      laggardTimer.unref();
    },
    async stop() {
      const s = subscription;
      subscription = undefined;
      clearInterval(laggardTimer);
      await s?.stop();
    },
    async catchUp() {
      if (await replayWithHelper(ctx, activeSlots().map((slot) => slot.name), 'active', { batchSize, commitEvery, onCommit: committed })) committed();
      const span = applier();
      // A pass reads from the lowest checkpoint to the end of the log; another pass follows only if a slot
      // was moved back meanwhile (a generation switched in by a rebuild elsewhere).
      for (;;) {
        const started = lowest();
        const pass = await applyLog(store, span, started, { batchSize, commitEvery, onCommit: committed });
        committed();
        const reached = lowest();
        if (reached >= pass.position || reached === started) return reached;
      }
    },
    waitForPosition(position, timeoutMs) {
      if (lowest() >= position) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const finish = (reached: boolean): void => {
          clearTimeout(timer);
          waiters.delete(check);
          if (waiters.size === 0) repoll();
          resolve(reached);
        };
        const check = (reached: number): void => {
          if (reached >= position) finish(true);
        };
        const timer = setTimeout(() => finish(false), timeoutMs);
        waiters.set(check, position);
        poll ??= setInterval(notify, pollMs());
      });
    },
    checkpoints() {
      return Object.fromEntries(activeSlots().map((s) => [s.name, s.position]));
    },
    onReached(listener) {
      reachedListeners.add(listener);
      return () => void reachedListeners.delete(listener);
    },
    rebuild(names, buildOptions) {
      return buildGenerations(ctx, names, { batchSize, commitEvery, ...buildOptions });
    },
    outdated() {
      return activeSlots()
        .filter((s) => {
          const projection = projections.find((p) => p.name === s.name);
          return projection !== undefined && !slotIsCurrent(projection, s, deps);
        })
        .map((s) => s.name);
    },
    failed,
  };
}

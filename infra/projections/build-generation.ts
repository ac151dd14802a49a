import type { ReadModelDb } from '../read-models/sql-database.js';
import { tableName } from '../read-models/projection-state.js';
import type { ProjectionSlot } from '../read-models/projection-state.js';
import { basisOf, slotIsCurrent } from '../read-models/sql-projection.js';
import type { SqlProjection } from '../read-models/sql-projection.js';
import { createBatchApplier } from './apply-batch.js';
import { applyLog } from './apply-log.js';
import { DEFAULT_COMMIT_EVERY } from './commit-budget.js';
import { replayWithHelper } from './shared-replay.js';
import type { ReplayContext } from './shared-replay.js';

/** Events per read of the log. */
export const DEFAULT_BATCH_SIZE = 5_000;

export interface BuildOptions {
  /** Events per read. */
  batchSize?: number;
  /** Events per transaction. */
  commitEvery?: number;
  /** Called after every read with the position reached and the log's head when the build began. */
  onProgress?: (position: number, head: number) => void;
  /**
   * Stops the build after the batch in hand, committed (rejects with the signal's reason); the next build
   * of the same version resumes from there.
   */
  signal?: AbortSignal;
  /**
   * Lets other work run between reads: a server building beside its live traffic. The SQLite store answers
   * reads without ever reaching the event loop, so without this a build holds the process until it is done.
   */
  yieldBetweenReads?: boolean;
}

export interface BuildResult {
  name: string;
  generation: number;
  /** The position the new generation had reached when it became active; live runners carry it on. */
  position: number;
  replaced: number | null;
}

/**
 * Rebuild without downtime: fills generation g + 1 of each named projection from the start of the log
 * beside its live generation g (which keeps serving and keeps following the log), in ONE pass over the log
 * for all of them, and once caught up makes every g + 1 the active one and drops the g tables, in one
 * transaction. An interrupted build resumes from its checkpoints.
 */
export async function buildGenerations(ctx: ReplayContext, names: readonly string[], options: BuildOptions = {}): Promise<BuildResult[]> {
  const { store, db, state, projections } = ctx;
  const wanted = [...new Set(names)].map((name) => {
    const projection = projections.find((p) => p.name === name);
    if (!projection) throw new Error(`unknown projection ${name}; known: ${projections.map((p) => p.name).join(', ')}`);
    return projection;
  });
  if (wanted.length === 0) return [];
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const commitEvery = options.commitEvery ?? DEFAULT_COMMIT_EVERY;

  const slots = db
    .transaction(() =>
      wanted.map((projection): ProjectionSlot => {
        const { name } = projection;
        const building = state.slot(name, 'building');
        if (building && slotIsCurrent(projection, building, ctx.deps)) return building;
        if (building) {
          dropTables(db, projection, building.generation);
          state.remove(name, building.generation);
        }
        const generation = state.maxGeneration(name) + 1;
        projection.createTables(db, generation);
        const fresh = { name, generation, status: 'building' as const, version: projection.version, position: 0, basis: basisOf(projection, ctx.deps) };
        state.insert(fresh);
        return fresh;
      }),
    )
    .immediate();

  const only = new Set(wanted.map((p) => p.name));
  const head = await store.headPosition();
  options.onProgress?.(Math.min(...slots.map((slot) => slot.position)), head);
  await replayWithHelper(ctx, [...only], 'building', {
    batchSize,
    commitEvery,
    onProgress: (position) => options.onProgress?.(position, head),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.yieldBetweenReads ? { yieldBetweenReads: true } : {}),
  });
  if (options.signal?.aborted) throw options.signal.reason;
  // Then this thread alone, from the lowest slot: slots further along (resumed, or the helper's) skip the
  // events they hold, since the applier folds each event into a slot once.
  const applier = createBatchApplier({ db, state, projections, deps: ctx.deps, status: 'building', only });
  const from = Math.min(...state.slots('building').filter((slot) => only.has(slot.name)).map((slot) => slot.position));
  const { position, stopped } = await applyLog(store, applier, from, {
    batchSize,
    commitEvery,
    onRead: (position) => options.onProgress?.(position, head),
    stopped: () => options.signal?.aborted === true,
    ...(options.yieldBetweenReads ? { yieldBetweenReads: true } : {}),
  });
  if (stopped) throw options.signal?.reason;
  const reached = Math.max(position, ...slots.map((slot) => slot.position));
  for (const slot of slots) {
    const built = state.slot(slot.name, 'building');
    if (built?.generation !== slot.generation || built.position !== reached) {
      throw new Error(`the build of ${slot.name} generation ${slot.generation} was changed by another writer; run it again`);
    }
  }

  return db
    .transaction((): BuildResult[] =>
      wanted.map((projection, i) => {
        const { name } = projection;
        const { generation } = slots[i]!;
        const replaced = state.activeGeneration(name) ?? null;
        state.promote(name, generation);
        if (replaced !== null && replaced !== generation) dropTables(db, projection, replaced);
        return { name, generation, position: reached, replaced };
      }),
    )
    .immediate();
}

function dropTables(db: ReadModelDb, projection: SqlProjection, generation: number): void {
  for (const base of projection.tables) db.exec(`DROP TABLE IF EXISTS ${tableName(base, generation)}`);
}

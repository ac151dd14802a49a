import type { SqlProjection } from '../read-models/sql-projection.js';

export interface ReplaySplit {
  /** Applied by this thread. */
  local: SqlProjection[];
  /** Applied by the helper thread. */
  helper: SqlProjection[];
}

/**
 * Splits the projections of a replay between this thread and a helper so that both finish together: each
 * reads the whole log, so only the projections' own costs are balanced (heaviest first, each to the
 * lighter side). The heaviest stays here; a projection the helper cannot open stays here too. Either side
 * may come out empty: then there is nothing to share.
 */
export function splitReplay(projections: readonly SqlProjection[], helperCan: (projection: SqlProjection) => boolean): ReplaySplit {
  const split: ReplaySplit = { local: [], helper: [] };
  let local = 0;
  let helper = 0;
  const heaviestFirst = [...projections].sort((a, b) => b.replayCost - a.replayCost || a.name.localeCompare(b.name));
  for (const projection of heaviestFirst) {
    if (helperCan(projection) && helper < local) {
      split.helper.push(projection);
      helper += projection.replayCost;
    } else {
      split.local.push(projection);
      local += projection.replayCost;
    }
  }
  return split;
}

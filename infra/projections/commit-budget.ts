import { getHeapStatistics } from 'node:v8';
import type { BatchApplier } from './apply-batch.js';

/**
 * When a span of the log commits: after enough events, or earlier when it holds too many rows or the heap
 * is nearly full. Every pass over the log (catch-up, rebuild, helper thread, a laggard's own catch-up)
 * asks the same question here.
 */

/**
 * Events per transaction when catching up or rebuilding. A case's rows are read and written once per span
 * it lives in, and each commit rewrites the pages of the id indexes, so longer spans write less, up to a
 * point (the README's replay figures say where). The rows a span holds in memory are bounded apart from
 * this (DEFAULT_MAX_CACHED_ROWS).
 */
export const DEFAULT_COMMIT_EVERY = 200_000;

/**
 * Rows held in memory before a commit, whatever the events per commit: a span's memory grows with the rows
 * its events touch (about 1 KB of heap each on the replay benchmark), and a burst of new cases touches three
 * rows per event. 200 000 events of the benchmark's log hold about 85 000.
 */
export const DEFAULT_MAX_CACHED_ROWS = 100_000;

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

/**
 * True when the JavaScript heap is over `share` of its limit. With a rebuild's small heap (`npm run
 * rebuild` sets it) a span of unusually large or many rows must commit early rather than take the process
 * down with an out-of-memory crash. Garbage counts as used until the collector runs, so this errs towards
 * committing early, which costs a little speed, never data.
 */
export function heapNearlyFull(share = 0.75): boolean {
  const heap = getHeapStatistics();
  return heap.used_heap_size > share * heap.heap_size_limit;
}

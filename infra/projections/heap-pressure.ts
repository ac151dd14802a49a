import { getHeapStatistics } from 'node:v8';

/**
 * True when the JavaScript heap is over `share` of its limit. A batch holds its rows in memory until it
 * commits; with a rebuild's small heap (`npm run rebuild` sets it) a batch of unusually large or many rows
 * must commit early rather than take the process down with an out-of-memory crash. Garbage counts as used
 * until the collector runs, so this errs towards committing early, which costs a little speed, never data.
 */
export function heapNearlyFull(share = 0.75): boolean {
  const heap = getHeapStatistics();
  return heap.used_heap_size > share * heap.heap_size_limit;
}

import type { ReadConsistency } from './ports.js';
import type { ProjectionRunner } from '../projections/runner.js';
import type { EventStore } from '../store/port.js';
import type { RecentAppends } from './recent-appends.js';

export interface ReadConsistencyOptions {
  store: Pick<EventStore, 'headPosition'>;
  runner: Pick<ProjectionRunner, 'waitForPosition' | 'checkpoints'>;
  /** The positions this process appended at. */
  recent: RecentAppends;
  /** The process managers at work now, each with the position it has handled. */
  processes: () => readonly { checkpoint(): number }[];
  timeoutMs: number;
  /** How often to look at the process managers' checkpoints while waiting. */
  pollMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How many links of reactions to reactions a write waits for (the bundle's decision → conclusion → next member). */
const REACTION_DEPTH = 3;

/**
 * Read-your-writes in one process: a write waits until the process managers have reacted to it (a bundle's
 * members opened, a bad rating's ticket), then until the projections hold everything up to the head at that
 * moment, which includes those reactions. Both waits share one bound; past it the write still answers,
 * saying it is not consistent yet, and the client may send the position back with its next read.
 */
export function createReadConsistency(options: ReadConsistencyOptions): ReadConsistency {
  const { store, runner, timeoutMs } = options;
  const pollMs = options.pollMs ?? 5;

  return {
    async afterWrite(position) {
      const deadline = Date.now() + timeoutMs;
      // A reaction may itself be reacted to (a member's decision concludes it in its bundle, and that conclusion
      // opens the next member): follow the chain a few links, each time up to the head the last link reached.
      let target = position;
      let head = position;
      for (let link = 0; link < REACTION_DEPTH; link++) {
        while (options.processes().some((p) => p.checkpoint() < target)) {
          if (Date.now() >= deadline) return false;
          await sleep(pollMs);
        }
        head = Math.max(head, await store.headPosition());
        if (head <= target || options.processes().length === 0) break;
        target = head;
      }
      return runner.waitForPosition(head, Math.max(0, deadline - Date.now()));
    },
    reach: (position) => runner.waitForPosition(position, timeoutMs),
    applied: () => Math.min(...Object.values(runner.checkpoints())),
    head: () => store.headPosition(),
    appendedHere: (streamId) => options.recent.lastTo(streamId),
  };
}

import type { IpcChannel } from '../store/process-writer.js';
import type { ReachedElsewhere } from './runner.js';

/**
 * The read-your-writes notices of `serve --workers`: after each commit of its projections the primary tells every
 * HTTP worker the lowest checkpoint reached, over the cluster's IPC channel, and a worker's waiters look at the
 * checkpoints at once instead of at their next poll. Under a key of its own, beside process-writer.ts's
 * `eventStore` envelope, so neither side mistakes one kind of message for the other.
 */
interface Envelope {
  projectionsReached: number;
}

/** What the primary sends on: a cluster `Worker` (its send calls back rather than throws once the worker is gone). */
export interface NoticeChannel {
  send(message: unknown, callback: (error: Error | null) => void): unknown;
}

const reachedIn = (message: unknown): number | undefined =>
  typeof message === 'object' && message !== null && 'projectionsReached' in message && typeof message.projectionsReached === 'number'
    ? message.projectionsReached
    : undefined;

/** In the primary: tells one worker the position its projections have reached. */
export function tellReached(worker: NoticeChannel, position: number): void {
  // A worker gone between its exit and our hearing of it misses a hint it no longer needs.
  worker.send({ projectionsReached: position } satisfies Envelope, () => undefined);
}

/** In an HTTP worker: the notices from the primary, for its runner (`reachedElsewhere`). */
export function reachedFromPrimary(channel: IpcChannel): ReachedElsewhere {
  return {
    onReached(listener) {
      channel.on('message', (message) => {
        const position = reachedIn(message);
        if (position !== undefined) listener(position);
      });
    },
    onLost: (listener) => void channel.on('disconnect', listener),
  };
}

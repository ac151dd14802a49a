import type { BatchHandler, RecordedEvent, SubscribeOptions, Subscription } from './port.js';
import { StoreUnavailableError } from './store-errors.js';

/**
 * Catch-up-then-live delivery of the global log, written against two capabilities any backend has:
 * read a batch after a position, and tell when something may have been appended. In-process appends
 * wake the loop at once; a slow poll catches writers the backend cannot hear (another process).
 */
export interface SubscriptionSource {
  /** Events with position > after, ascending by position, at most `limit`. */
  readAfter(after: number, limit: number): Promise<RecordedEvent[]>;
  /** Registers a listener called when new events may be there; returns the unregister function. */
  onAppended(listener: () => void): () => void;
}

export interface SubscriptionTiming {
  /** How often to look for appends the source cannot announce (other processes). */
  pollIntervalMs: number;
  defaultBatchSize: number;
}

/** A subscription with the handle its store uses to end it (on close). */
export interface ManagedSubscription extends Subscription {
  /** Ends the subscription with `error` after the batch in hand; `done` rejects with it. */
  abort(error: Error): Promise<void>;
}

export class SubscriptionStoppedError extends Error {
  constructor() {
    super('the subscription stopped before it caught up');
    this.name = 'SubscriptionStoppedError';
  }
}

const noop = (): void => undefined;

function checkOrder(batch: readonly RecordedEvent[], checkpoint: number): void {
  let previous = checkpoint;
  for (const event of batch) {
    if (event.position <= previous) {
      throw new Error(`subscription source out of order: position ${event.position} after ${previous}`);
    }
    previous = event.position;
  }
}

export function startSubscription(
  source: SubscriptionSource,
  options: SubscribeOptions,
  handler: BatchHandler,
  timing: SubscriptionTiming,
): ManagedSubscription {
  const batchSize = options.batchSize ?? timing.defaultBatchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer: ${batchSize}`);
  if (!Number.isInteger(options.after) || options.after < 0) throw new RangeError(`after must be a position ≥ 0: ${options.after}`);

  let checkpoint = options.after;
  let ending = false;
  let endError: Error | undefined;
  // Set by every announcement, cleared before each read: an append during a read is never slept through.
  let maybeMore = true;
  let wakeUp: () => void = noop;

  let caughtUpSettled = false;
  let resolveCaughtUp: () => void = noop;
  let rejectCaughtUp: (error: Error) => void = noop;
  const caughtUp = new Promise<void>((resolve, reject) => {
    resolveCaughtUp = () => {
      caughtUpSettled = true;
      resolve();
    };
    rejectCaughtUp = (error) => {
      caughtUpSettled = true;
      reject(error);
    };
  });
  caughtUp.catch(noop);

  const wake = (): void => {
    maybeMore = true;
    wakeUp();
  };

  const sleep = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        maybeMore = true;
        finish();
      }, timing.pollIntervalMs);
      const finish = (): void => {
        clearTimeout(timer);
        wakeUp = noop;
        resolve();
      };
      wakeUp = finish;
      if (maybeMore || ending) finish();
    });

  const run = async (): Promise<void> => {
    const unregister = source.onAppended(wake);
    try {
      while (!ending) {
        maybeMore = false;
        let batch: RecordedEvent[];
        try {
          batch = await source.readAfter(checkpoint, batchSize);
        } catch (error) {
          // The store's server is away (a restart, a network cut): wait and read again from the checkpoint,
          // rather than end every subscriber of the process. Anything else ends the subscription.
          if (!(error instanceof StoreUnavailableError) || ending) throw error;
          await sleep();
          continue;
        }
        if (ending) break;
        if (batch.length === 0) {
          if (!caughtUpSettled) resolveCaughtUp();
          await sleep();
          continue;
        }
        checkOrder(batch, checkpoint);
        await handler(batch);
        checkpoint = batch[batch.length - 1]!.position;
      }
    } finally {
      unregister();
    }
    if (endError) throw endError;
  };

  const done = run().then(
    () => {
      if (!caughtUpSettled) rejectCaughtUp(new SubscriptionStoppedError());
    },
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      if (!caughtUpSettled) rejectCaughtUp(failure);
      throw failure;
    },
  );
  // Whoever awaits `done` or `stop()` sees the failure; nobody awaiting it must not crash the process.
  done.catch(noop);

  const end = (error?: Error): Promise<void> => {
    if (!ending) {
      ending = true;
      endError = error;
      wakeUp();
    }
    return done;
  };

  return {
    caughtUp,
    checkpoint: () => checkpoint,
    stop: () => end(),
    abort: (error) => end(error),
    done,
  };
}

import type { EventStore, RecordedEvent } from '../store/port.js';
import type { CheckpointStore } from './checkpoint-store.js';

/** A process manager at work on the global log. */
export interface RunningProcess {
  readonly name: string;
  /** Resolves once everything in the log when it started (and since) has been handled. */
  readonly caughtUp: Promise<void>;
  /** The position of the last event reacted to (saved as the checkpoint at the end of its batch). */
  checkpoint(): number;
  /** Stops after the event in hand; rejects if the reaction had failed. */
  stop(): Promise<void>;
  /** Rejects when a reaction throws: the checkpoint stays before that event, so a restart retries it. */
  readonly done: Promise<void>;
}

export interface ReactionOptions {
  name: string;
  store: EventStore;
  checkpoints: CheckpointStore;
  react(event: RecordedEvent): Promise<void>;
  batchSize?: number;
}

/**
 * Subscribes from the stored checkpoint and reacts to each event in log order, checkpointing after each batch.
 * Delivery is at least once (a crash after a reaction and before its checkpoint repeats it), so every
 * reaction must be idempotent.
 */
export async function runReaction(options: ReactionOptions): Promise<RunningProcess> {
  const { name, store, checkpoints } = options;
  let handled = await checkpoints.load(name);
  const subscription = store.subscribe({ after: handled, ...(options.batchSize ? { batchSize: options.batchSize } : {}) }, async (batch) => {
    const saved = handled;
    try {
      for (const event of batch) {
        await options.react(event);
        handled = event.position;
      }
    } finally {
      // One save a batch, up to the last event reacted to (also when a reaction failed: the restart retries
      // that one): a crash before it repeats at most the batch's reactions, which append nothing again.
      if (handled !== saved) await checkpoints.save(name, handled);
    }
  });
  return {
    name,
    caughtUp: subscription.caughtUp,
    checkpoint: () => handled,
    stop: () => subscription.stop(),
    done: subscription.done,
  };
}

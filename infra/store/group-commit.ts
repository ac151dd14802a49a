/**
 * Group commit: appends that arrive while the writer is busy share one transaction (one sync of the log),
 * and each caller hears back only after that transaction committed. Each item carries its own outcome,
 * so one refused append does not fail the others in its batch.
 */

export interface GroupCommitOptions {
  /** Most appends in one transaction. */
  maxBatch: number;
  /** How long the first waiting append may wait for company; 0 = until the current turn of the event loop ends. */
  maxDelayMs: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = { maxBatch: 256, maxDelayMs: 0 };

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Commits a batch in one transaction and returns one outcome per item, in order; throws if the commit failed. */
export type BatchCommitter<T, R> = (items: readonly T[]) => Outcome<R>[];

export interface GroupCommitQueue<T, R> {
  enqueue(item: T): Promise<R>;
  /** Commits everything waiting now. */
  drain(): void;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export function createGroupCommitQueue<T, R>(commitBatch: BatchCommitter<T, R>, options: GroupCommitOptions): GroupCommitQueue<T, R> {
  if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) throw new RangeError('maxBatch must be a positive integer');
  if (!(options.maxDelayMs >= 0)) throw new RangeError('maxDelayMs must be ≥ 0');
  let waiting: Waiting<T, R>[] = [];
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;

  const commitOne = (): void => {
    const batch = waiting.slice(0, options.maxBatch);
    waiting = waiting.slice(batch.length);
    let outcomes: Outcome<R>[];
    try {
      outcomes = commitBatch(batch.map((w) => w.item));
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  };

  const flush = (): void => {
    clearTimeout(timer);
    clearImmediate(immediate);
    timer = undefined;
    immediate = undefined;
    if (waiting.length === 0) return;
    commitOne();
    // What is left (more than one batch, or arrivals during the commit) goes in the next turn.
    if (waiting.length > 0) immediate = setImmediate(flush);
  };

  const schedule = (): void => {
    if (immediate) return;
    if (waiting.length >= options.maxBatch || options.maxDelayMs === 0) {
      clearTimeout(timer);
      timer = undefined;
      immediate = setImmediate(flush);
    } else {
      timer ??= setTimeout(flush, options.maxDelayMs);
    }
  };

  return {
    enqueue(item) {
      return new Promise<R>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        schedule();
      });
    },
    drain() {
      while (waiting.length > 0) flush();
    },
  };
}

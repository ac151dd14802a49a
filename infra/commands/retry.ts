/** How a command handler retries after a concurrency conflict. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The delay before the second attempt, doubled for each one after it. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 5, maxDelayMs: 200 };

/**
 * Exponential backoff with jitter: half the step fixed, half drawn, so writers that collided once spread out
 * instead of colliding again in step. `retry` counts from 1 (the delay before the second attempt).
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return step / 2 + random() * (step / 2);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

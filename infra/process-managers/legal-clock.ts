import { shanghaiToday } from '../../events/index.js';
import type { Logger } from '../logging/logger.js';

/** How often the legal clock looks at the date: a new day is noticed within this long. */
export const DATE_CHECK_MS = 60_000;

export interface LegalClockOptions {
  /** The current instant; the law's date is its Asia/Shanghai date. */
  clock: () => Date;
  /** What runs once per date: at start, and on the first check after the date changes. */
  sweep(today: string): Promise<unknown>;
  logger: Logger;
  checkEveryMs?: number;
}

export interface LegalClock {
  /** Sweeps now if no sweep has completed for today's date; waits for a sweep in progress first. */
  check(): Promise<void>;
  /** The date of the last sweep that completed, null before the first. */
  lastSwept(): string | null;
  /** No more sweeps; resolves once the one in progress is done. */
  stop(): Promise<void>;
}

/**
 * Runs the day's sweep at start and again whenever the Asia/Shanghai date changes, checked by an unref'd
 * timer (it never keeps the process alive). A sweep that fails is not marked done, so the next check tries
 * the date again; sweeps never overlap.
 */
export function startLegalClock(options: LegalClockOptions): LegalClock {
  const { clock, logger } = options;
  const todayOf = shanghaiToday(clock);
  let last: string | null = null;
  let stopped = false;
  let pending: Promise<void> = Promise.resolve();

  const once = async (): Promise<void> => {
    const today = todayOf();
    if (stopped || today === last) return;
    try {
      await options.sweep(today);
      last = today;
    } catch (error) {
      logger.warn({ err: error, today }, 'legal-clock sweep failed; it runs again at the next date check');
    }
  };
  const check = (): Promise<void> => (pending = pending.then(once));

  const timer = setInterval(() => void check(), options.checkEveryMs ?? DATE_CHECK_MS).unref();
  void check();
  return {
    check,
    lastSwept: () => last,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await pending;
    },
  };
}

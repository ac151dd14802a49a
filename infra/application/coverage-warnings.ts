import { shanghaiToday } from '../../events/index.js';
import { coverageWarning } from '../../services/calendar/index.js';
import type { CoverageWarning, WorkCalendar } from '../../services/calendar/index.js';
import type { ReadinessCheck } from './readiness.js';
import type { Logger } from '../logging/logger.js';

/** How often the law's date is looked at for the day's warning. */
const CHECK_EVERY_MS = 60_000;

export interface CoverageWarnings {
  /** Today's warning, or null. */
  current(): CoverageWarning | null;
  /** The warning as readiness reports it: a note beside the checks, never a failed check. */
  readiness(): ReadinessCheck[];
  stop(): void;
}

/**
 * Says, once a day in the log (at start and on each new Asia/Shanghai date), when a year a deadline can
 * reach has no official holiday notice yet (services/calendar/coverage-warning.ts), so the duty officer hears
 * of it weeks before a deadline crosses New Year.
 */
export function startCoverageWarnings(options: { calendar: WorkCalendar; clock: () => Date; logger: Logger; checkEveryMs?: number }): CoverageWarnings {
  const { calendar, clock, logger } = options;
  let warnedOn: string | null = null;
  const today = shanghaiToday(clock);
  const current = (): CoverageWarning | null => coverageWarning(calendar.coverage(), today());
  const check = (): void => {
    const date = today();
    if (date === warnedOn) return;
    warnedOn = date;
    const warning = current();
    if (warning) logger.warn({ calendarVersion: calendar.version, provisionalYears: warning.provisionalYears, coveredUntil: warning.coveredUntil }, warning.en);
  };
  check();
  const timer = setInterval(check, options.checkEveryMs ?? CHECK_EVERY_MS).unref();
  return {
    current,
    readiness: () => {
      const warning = current();
      return warning ? [{ name: 'calendar', ok: true, detail: warning.en }] : [];
    },
    stop: () => clearInterval(timer),
  };
}

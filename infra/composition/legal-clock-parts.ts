import { shanghaiToday } from '../../events/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import type { CommandHandler } from '../commands/command-handler.js';
import type { Logger } from '../logging/logger.js';
import { CALENDAR_PROCESS, createCalendarProcessManager, createDeemedAcceptanceSweep, startLegalClock } from '../process-managers/index.js';
import type { CheckpointStore, LegalClock } from '../process-managers/index.js';
import type { ProjectionRunner } from '../projections/runner.js';
import type { LegalClockQueries } from '../read-models/legal-clock-queries.js';
import type { EventStore } from '../store/port.js';
import { latestCalendarVersion } from '../application/calendar-stream.js';
import type { ProcessStarter } from './supervised-processes.js';

/** How long a sweep waits for the read models to reach the head of the log before it is put off to the next check. */
const SWEEP_WAIT_MS = 60_000;

export interface LegalClockParts {
  store: EventStore;
  commands: CommandHandler;
  calendar: WorkCalendar;
  /** Puts a notice imported elsewhere in force here; resolves to the calendar version then in force. */
  refreshCalendar?: () => Promise<string>;
  runner: Pick<ProjectionRunner, 'waitForPosition'>;
  queries: LegalClockQueries;
  clock: () => Date;
  logger: Logger;
}

/** The calendar process manager (recomputation on CalendarRevised), as the composition supervises it. */
export function calendarProcess(parts: LegalClockParts & { checkpoints: CheckpointStore }): ProcessStarter {
  const { store, commands, checkpoints, calendar, runner, queries, clock, logger } = parts;
  return {
    name: CALENDAR_PROCESS,
    start: () =>
      createCalendarProcessManager({
        store,
        commands,
        checkpoints,
        calendarInForce: parts.refreshCalendar ?? (() => Promise.resolve(calendar.version)),
        latestCalendarVersion: () => latestCalendarVersion(store),
        openApplications: () => queries.openOnTheClock(),
        waitForPosition: (position, timeoutMs) => runner.waitForPosition(position, timeoutMs),
        today: shanghaiToday(clock),
        logger: logger.child({ process: CALENDAR_PROCESS }),
      }).start(),
  };
}

/** The daily deemed-acceptance sweep (视为受理), run at start and whenever the law's date changes. */
export function deemedAcceptanceClock(parts: LegalClockParts & { checkEveryMs?: number }): LegalClock {
  const { store, commands, calendar, runner, queries, clock, logger } = parts;
  const sweepLogger = logger.child({ process: 'legal-clock' });
  const sweep = createDeemedAcceptanceSweep({
    commands,
    calendar,
    candidates: (today) => queries.intakeNoticeLapsed(today),
    readModelsCurrent: async () => runner.waitForPosition(await store.headPosition(), SWEEP_WAIT_MS),
    logger: sweepLogger,
  });
  return startLegalClock({ clock, sweep, logger: sweepLogger, ...(parts.checkEveryMs === undefined ? {} : { checkEveryMs: parts.checkEveryMs }) });
}

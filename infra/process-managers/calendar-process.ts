import type { CalendarRevised, DataOf } from '../../events/index.js';
import type { CommandHandler } from '../commands/command-handler.js';
import { streamIdOf } from '../commands/aggregates.js';
import type { Logger } from '../logging/logger.js';
import type { EventStore, RecordedEvent } from '../store/port.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { clockRefusal } from './clock-refusals.js';
import { reactionMeta } from './process-meta.js';
import { runReaction } from './reaction-runner.js';
import { RetryLaterError } from './retry-later.js';
import type { RunningProcess } from './reaction-runner.js';

export const CALENDAR_PROCESS = 'calendar-process';

/**
 * How long a reaction waits for the read models to reach the revision before it steps back to be retried
 * (RetryLaterError): short, so a shutdown during a long catch-up is not held up.
 */
const READ_MODELS_WAIT_MS = 5_000;

export interface CalendarProcessOptions {
  store: EventStore;
  commands: CommandHandler;
  checkpoints: CheckpointStore;
  /** The version of the calendar the command handler counts on, once notices imported elsewhere are in force here. */
  calendarInForce(): Promise<string>;
  /** The version the `calendar` stream recorded last. */
  latestCalendarVersion(): Promise<string | null>;
  /** Open applications whose deadlines run or are suspended, as the read models have them. */
  openApplications(): readonly string[];
  /** Resolves true once the read models have applied the event at `position`, false after `timeoutMs`. */
  waitForPosition(position: number, timeoutMs: number): Promise<boolean>;
  /** The law's date now: the recomputation's date. */
  today(): string;
  logger: Logger;
  name?: string;
}

export interface CalendarProcessManager {
  readonly name: string;
  react(event: RecordedEvent): Promise<void>;
  start(): Promise<RunningProcess>;
}

/**
 * On CalendarRevised (DESIGN.md §5: a revision recomputes open deadlines and never rewrites events), sends
 * recomputeDeadlines to every open application on the clock; the decider emits DeadlineRecomputed where a
 * date moves. The list comes from the work queue once it has applied the revision, so every case accepted
 * before it is in the list, and every case accepted after it was counted on the new calendar already. The
 * command id is derived from the revision and the application: a redelivered event or a restart after a
 * crash half-way appends nothing twice. Only the process running the revised calendar, while that revision
 * is the latest, recomputes: another would count on other data.
 */
export function createCalendarProcessManager(options: CalendarProcessOptions): CalendarProcessManager {
  const { commands, logger } = options;
  const name = options.name ?? CALENDAR_PROCESS;

  async function react(event: RecordedEvent): Promise<void> {
    if (event.type !== 'CalendarRevised') return;
    const { version } = event.data as DataOf<typeof CalendarRevised>;
    const inForce = await options.calendarInForce();
    if (version !== inForce || (await options.latestCalendarVersion()) !== version) {
      logger.info({ revisedTo: version, calendarVersion: inForce }, 'calendar revision not for this calendar or superseded; not recomputed here');
      return;
    }
    if (!(await options.waitForPosition(event.position, READ_MODELS_WAIT_MS))) {
      throw new RetryLaterError(`the read models have not reached the calendar revision at position ${event.position} yet`);
    }
    const today = options.today();
    const tally = { recomputed: 0, unchanged: 0, refused: 0, uncovered: 0 };
    let uncovered: unknown;
    for (const applicationId of options.openApplications()) {
      try {
        const result = await commands.handle(
          'application',
          streamIdOf('application', applicationId),
          { type: 'recomputeDeadlines' },
          reactionMeta(name, event, ['recompute', event.eventId, applicationId], today),
        );
        if (result.events.length > 0) tally.recomputed += 1;
        else tally.unchanged += 1;
      } catch (error) {
        const refusal = clockRefusal(error);
        if (refusal === null) throw error;
        tally[refusal] += 1;
        if (refusal === 'refused') logger.debug({ err: error, applicationId }, 'deadline recomputation not applicable; skipped');
        else uncovered ??= error;
      }
    }
    if (uncovered !== undefined) logger.warn({ err: uncovered, calendarVersion: version, applications: tally.uncovered }, 'the revised calendar does not cover some open cases');
    logger.info({ calendarVersion: version, ...tally }, 'open deadlines recomputed on the revised calendar');
  }

  return { name, react, start: () => runReaction({ name, store: options.store, checkpoints: options.checkpoints, react }) };
}

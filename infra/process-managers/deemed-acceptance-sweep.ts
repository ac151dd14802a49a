import type { Actor } from '../../events/index.js';
import { NOTICE_WINDOW_WORKDAYS } from '../../services/application/index.js';
import type { WorkCalendar } from '../../services/calendar/index.js';
import type { CommandHandler } from '../commands/command-handler.js';
import { streamIdOf } from '../commands/aggregates.js';
import { derivedId } from '../commands/ids.js';
import type { Logger } from '../logging/logger.js';
import type { IntakeCandidate } from '../read-models/legal-clock-queries.js';
import { clockRefusal } from './clock-refusals.js';

export const LEGAL_CLOCK = 'legal-clock';
export const LEGAL_CLOCK_ACTOR: Actor = { role: 'system', id: LEGAL_CLOCK };

export interface DeemedAcceptanceSweepOptions {
  commands: CommandHandler;
  /** Applications in intake whose notice due date lies before `today` (legal-clock-queries.ts). */
  candidates(today: string): readonly IntakeCandidate[];
  calendar: Pick<WorkCalendar, 'workdaysBetween'>;
  logger: Logger;
  /** Resolves true once the read models have applied the log as it is now; a sweep on a stale list is put off. */
  readModelsCurrent(): Promise<boolean>;
}

export interface SweepReport {
  today: string;
  /** Applications that got DeemedAccepted from this sweep (a repeat of the same day's sweep counts none). */
  deemed: number;
  /** Refused by the decider: the case moved on since the read model saw it. */
  refused: number;
  /** The calendar does not reach far enough to count this case. */
  uncovered: number;
}

/** The command id of the day's deemed-acceptance check of one application: a repeated sweep is the same command. */
export function deemedAcceptanceCommandId(applicationId: string, today: string): string {
  return derivedId(LEGAL_CLOCK, 'deemed-acceptance', applicationId, today);
}

/**
 * 视为受理 on time (行政许可法 Art 32): every application still in intake with no supplement notice sent within
 * 5 working days of receipt is checked by the application decider, which accepts it from the receipt date.
 * The read model proposes, the decider disposes: a case that moved on meanwhile is refused and skipped.
 */
export function createDeemedAcceptanceSweep(options: DeemedAcceptanceSweepOptions): (today: string) => Promise<SweepReport> {
  const { commands, calendar, logger } = options;

  const windowPassed = (c: IntakeCandidate, today: string): boolean => calendar.workdaysBetween(c.receivedOn, today) > NOTICE_WINDOW_WORKDAYS;

  return async function sweep(today) {
    if (!(await options.readModelsCurrent())) throw new Error('the work queue has not caught up with the log; the sweep is put off');
    const report: SweepReport = { today, deemed: 0, refused: 0, uncovered: 0 };
    let uncovered: unknown;
    for (const candidate of options.candidates(today)) {
      const { applicationId } = candidate;
      try {
        // The due date falls on a working day; the next day off is not yet past the window.
        if (!windowPassed(candidate, today)) continue;
        const result = await commands.handle('application', streamIdOf('application', applicationId), { type: 'checkDeemedAcceptance' }, {
          commandId: deemedAcceptanceCommandId(applicationId, today),
          correlationId: derivedId(LEGAL_CLOCK, 'sweep', today),
          actor: LEGAL_CLOCK_ACTOR,
          channel: 'system',
          today,
        });
        if (!result.duplicate && result.events.some((e) => e.type === 'DeemedAccepted')) report.deemed += 1;
      } catch (error) {
        const refusal = clockRefusal(error);
        if (refusal === null) throw error;
        report[refusal] += 1;
        if (refusal === 'refused') logger.debug({ err: error, applicationId, today }, 'deemed acceptance not applicable; skipped');
        else uncovered ??= error;
      }
    }
    if (uncovered !== undefined) {
      logger.warn({ err: uncovered, today, applications: report.uncovered }, 'deemed-acceptance sweep: the calendar does not cover some cases; add the holiday notice');
    }
    if (report.deemed > 0) logger.info({ ...report }, 'deemed-acceptance sweep: applications accepted from receipt (视为受理)');
    return report;
  };
}

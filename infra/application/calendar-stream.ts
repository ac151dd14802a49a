import type { Actor } from '../../events/index.js';
import { CALENDAR_STREAM } from '../../events/index.js';
import { DomainError } from '../../services/decider.js';
import type { CommandHandler } from '../commands/index.js';
import { derivedId } from '../commands/ids.js';
import { toolMeta } from '../commands/tool-meta.js';
import type { EventStore } from '../store/port.js';
import type { Logger } from '../logging/logger.js';

/** The `calendar` stream: one CalendarRevised per working-day calendar version put in force (DESIGN.md §5). */
export { CALENDAR_STREAM } from '../../events/index.js';
export const CALENDAR_REVISED = 'CalendarRevised';
export const CALENDAR_KEEPER: Actor = { role: 'system', id: 'calendar-keeper' };

export interface RecordedCalendars {
  /** The versions recorded, oldest first (a version appears once). */
  versions: string[];
  /** The stream's last revision: the expected version of the next record; null for no stream. */
  revision: number | null;
}

export async function recordedCalendars(store: EventStore): Promise<RecordedCalendars> {
  const events = await store.readStream(CALENDAR_STREAM);
  const versions = events.filter((e) => e.type === CALENDAR_REVISED).map((e) => (e.data as { version: string }).version);
  return { versions, revision: events.at(-1)?.revision ?? null };
}

/** The version recorded last: the calendar the open deadlines are (being) counted on. */
export async function latestCalendarVersion(store: EventStore): Promise<string | null> {
  return (await recordedCalendars(store)).versions.at(-1) ?? null;
}

export type CalendarRecord = 'recorded' | 'current' | 'out-of-date';

/**
 * The command id of recording `version` over `before`: processes starting on the same change record it once;
 * a version recorded again over a later one is a new command (refused by the decider), not a retry.
 */
const recordId = (version: string, before: string | null): string =>
  before === null ? derivedId('calendar-revised', version) : derivedId('calendar-revised', version, 'over', before);

/**
 * Records the calendar this process runs on, at start: a CalendarRevised when it is not the version recorded
 * last (a holiday notice added to DATA_DIR/calendar/, a new chinese-days release), through the calendar
 * decider. The calendar process manager then recomputes the open deadlines; no event is rewritten. A process
 * on a version recorded earlier and since replaced is out of date: it records nothing and says so, rather than
 * turn the deadlines back. Two processes starting on one new version: one appends, the other finds it current.
 */
export async function recordCalendarInForce(commands: CommandHandler, calendar: { version: string }, options: { logger: Logger }): Promise<CalendarRecord> {
  const { version } = calendar;
  const before = (await commands.load('calendar', CALENDAR_STREAM)).state.versions.at(-1) ?? null;
  const note = before === null ? `working-day calendar ${version} in force` : `working-day calendar ${version} in force, replacing ${before}`;
  try {
    const result = await commands.handle('calendar', CALENDAR_STREAM, { type: 'recordCalendar', version, note }, toolMeta(CALENDAR_KEEPER, recordId(version, before)));
    if (result.duplicate || result.events.length === 0) return 'current';
    options.logger.info({ calendarVersion: version, previous: before, position: result.position }, 'working-day calendar recorded; open deadlines will be recomputed');
    return 'recorded';
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'CALENDAR_REPLACED')) throw error;
    options.logger.warn(
      { calendarVersion: version, latestCalendarVersion: (await commands.load('calendar', CALENDAR_STREAM)).state.versions.at(-1) ?? null },
      'this process runs a working-day calendar that was replaced since: out of date, not recorded; deploy the current calendar data',
    );
    return 'out-of-date';
  }
}

import type { Actor, EventMetadata } from '../../events/index.js';
import { toShanghaiInstant } from '../../events/index.js';
import { derivedId } from '../commands/ids.js';
import { ConcurrencyError, StreamNotFoundError } from '../store/errors.js';
import type { EventStore } from '../store/port.js';
import type { Logger } from '../logging/logger.js';

/** The `calendar` stream: one CalendarRevised per working-day calendar version put in force (DESIGN.md §5). */
export const CALENDAR_STREAM = 'calendar';
export const CALENDAR_REVISED = 'CalendarRevised';
export const CALENDAR_KEEPER: Actor = { role: 'system', id: 'calendar-keeper' };

export interface RecordedCalendars {
  /** The versions recorded, oldest first (a version appears once). */
  versions: string[];
  /** The stream's last revision: the expected version of the next record; null for no stream. */
  revision: number | null;
}

export async function recordedCalendars(store: EventStore): Promise<RecordedCalendars> {
  try {
    const events = await store.readStream(CALENDAR_STREAM);
    const versions = events.filter((e) => e.type === CALENDAR_REVISED).map((e) => (e.data as { version: string }).version);
    return { versions, revision: events.at(-1)?.revision ?? null };
  } catch (error) {
    if (error instanceof StreamNotFoundError) return { versions: [], revision: null };
    throw error;
  }
}

/** The version recorded last: the calendar the open deadlines are (being) counted on. */
export async function latestCalendarVersion(store: EventStore): Promise<string | null> {
  return (await recordedCalendars(store)).versions.at(-1) ?? null;
}

export type CalendarRecord = 'recorded' | 'current' | 'out-of-date';

const ATTEMPTS = 5;

/**
 * Records the calendar this process runs on, at start: a CalendarRevised when it is not the version recorded
 * last (a holiday notice added to DATA_DIR/calendar/, a new chinese-days release), with the exact expected
 * revision. The calendar process manager then recomputes the open deadlines; no event is rewritten. A process
 * on a version recorded earlier and since replaced is out of date: it records nothing and says so, rather than
 * turn the deadlines back. Two processes starting on one new version: one appends, the other re-reads and
 * finds it current.
 */
export async function recordCalendarInForce(
  store: EventStore,
  calendar: { version: string },
  options: { clock: () => Date; logger: Logger },
): Promise<CalendarRecord> {
  const { version } = calendar;
  for (let attempt = 1; ; attempt++) {
    const recorded = await recordedCalendars(store);
    const latest = recorded.versions.at(-1) ?? null;
    if (latest === version) return 'current';
    if (recorded.versions.includes(version)) {
      options.logger.warn(
        { calendarVersion: version, latestCalendarVersion: latest },
        'this process runs a working-day calendar that was replaced since: out of date, not recorded; deploy the current calendar data',
      );
      return 'out-of-date';
    }
    const commandId = derivedId('calendar-revised', version);
    const metadata: EventMetadata = {
      actor: CALENDAR_KEEPER,
      channel: 'system',
      commandId,
      correlationId: commandId,
      causationId: commandId,
      occurredAt: toShanghaiInstant(options.clock()),
    };
    const note = latest === null ? `working-day calendar ${version} in force` : `working-day calendar ${version} in force, replacing ${latest}`;
    try {
      const appended = await store.append(
        CALENDAR_STREAM,
        [{ eventId: derivedId('event', commandId, '0'), type: CALENDAR_REVISED, data: { version, note }, metadata }],
        { expectedVersion: recorded.revision ?? 'no_stream', commandId },
      );
      if (appended.duplicate) return 'current';
      options.logger.info({ calendarVersion: version, previous: latest, position: appended.position }, 'working-day calendar recorded; open deadlines will be recomputed');
      return 'recorded';
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

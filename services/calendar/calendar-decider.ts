import type { CalendarRevised, DataOf } from '../../events/index.js';
import type { Decider, PendingEvent } from '../decider.js';
import { DomainError } from '../decider.js';

type Revision = DataOf<typeof CalendarRevised>;

/** The `calendar` stream as recording needs it: the versions recorded, oldest first, and the notices imported. */
export interface CalendarStreamState {
  versions: string[];
  notices: string[];
}

export type CalendarCommand =
  /** A process starting on holiday data whose version is not the one recorded last. */
  | { type: 'recordCalendar'; version: string; note: string }
  /** An operator's State Council notice (validated by the importer), with the calendar version it makes. */
  | { type: 'importHolidayNotice'; version: string; note: string; notice: NonNullable<Revision['notice']> };

export type CalendarPendingEvent = PendingEvent<'CalendarRevised', Revision>;

/**
 * Calendar revisions (DESIGN.md §5): a version is recorded once and never turned back; a notice is imported
 * once. A process on a version recorded earlier and since replaced is refused (CALENDAR_REPLACED), so it
 * cannot put the open deadlines back on old data.
 */
export const calendarDecider: Decider<CalendarCommand, CalendarStreamState, CalendarPendingEvent, undefined> = {
  initialState: { versions: [], notices: [] },
  decide(command, state) {
    if (command.type === 'importHolidayNotice') {
      if (state.notices.includes(command.notice.version)) return [];
      return [{ type: 'CalendarRevised', data: { version: command.version, note: command.note, notice: command.notice } }];
    }
    const latest = state.versions.at(-1) ?? null;
    if (latest === command.version) return [];
    if (state.versions.includes(command.version)) {
      throw new DomainError('CALENDAR_REPLACED', command.type, `calendar ${latest ?? 'none'}`, `calendar ${command.version} was replaced since`);
    }
    return [{ type: 'CalendarRevised', data: { version: command.version, note: command.note } }];
  },
  evolve(state, event) {
    return {
      versions: state.versions.includes(event.data.version) ? state.versions : [...state.versions, event.data.version],
      notices: event.data.notice ? [...state.notices, event.data.notice.version] : state.notices,
    };
  },
};

import type { WorkCalendar } from '../../services/calendar/index.js';

/**
 * A WorkCalendar that answers each question on the calendar in force at the moment it is asked, so the
 * command handler, the projections and the legal clock, each given it once, follow an imported notice
 * without a restart. One question is answered on one calendar: a swap happens between event-loop turns.
 */
export function liveCalendar(inForce: () => WorkCalendar): WorkCalendar {
  return {
    get version() {
      return inForce().version;
    },
    coverage: () => inForce().coverage(),
    isWorkday: (date) => inForce().isWorkday(date),
    isProvisional: (date) => inForce().isProvisional(date),
    addWorkdays: (date, n) => inForce().addWorkdays(date, n),
    workdaysBetween: (from, to) => inForce().workdaysBetween(from, to),
    addNaturalDays: (date, n) => inForce().addNaturalDays(date, n),
    nextWorkday: (date) => inForce().nextWorkday(date),
    rollForward: (date) => inForce().rollForward(date),
  };
}

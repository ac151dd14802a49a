import type { Actor } from '../../events/index.js';
import { coverageWarning } from '../../services/calendar/index.js';
import type { CalendarDesk } from './ports.js';
import type { CalendarKeeper } from './calendar-keeper.js';

/** GET /calendar and POST /calendar/notices over the calendar keeper. */
export function createCalendarDesk(options: { keeper: CalendarKeeper; today: () => string }): CalendarDesk {
  const { keeper, today } = options;
  return {
    summary() {
      const calendar = keeper.current();
      const coverage = calendar.coverage();
      return {
        version: calendar.version,
        today: today(),
        coverage: { from: coverage.from, to: coverage.to },
        officialYears: coverage.officialYears,
        provisionalYears: coverage.provisionalYears,
        notices: keeper.notices().map((n) => ({ version: n.notice.version, source: n.notice.source, years: Object.keys(n.notice.years).map(Number), position: n.position, importedAt: n.importedAt })),
        warning: coverageWarning(coverage, today()),
      };
    },
    importNotice: (body: unknown, by: Actor, dryRun: boolean) => keeper.importNotice(body, by, { dryRun }),
  };
}

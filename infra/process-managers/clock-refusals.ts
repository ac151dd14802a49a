import { CalendarCoverageError } from '../../services/calendar/index.js';
import { DomainError } from '../../services/decider.js';

/**
 * How a legal-clock command sent on its own initiative (a sweep, a recomputation) can fail without anything
 * being wrong with the bureau's systems: `refused` — the case moved on meanwhile (decided, withdrawn, accepted
 * by a clerk), so there is nothing to do; `uncovered` — the calendar has no data for a year the count reaches,
 * which no retry fixes until a holiday notice is added. Null for anything else (the store, a bug): rethrow.
 */
export function clockRefusal(error: unknown): 'refused' | 'uncovered' | null {
  if (error instanceof DomainError) return 'refused';
  if (error instanceof CalendarCoverageError || (error as { code?: unknown } | null)?.code === 'CALENDAR_COVERAGE') return 'uncovered';
  return null;
}

import springFestival2020 from './revisions/2020-spring-festival-extension.json' with { type: 'json' };
import type { LocalDate } from './local-date.js';
import { parseOverride, type Override } from './override.js';
import { createWorkCalendar, type WorkCalendar } from './work-calendar.js';

/**
 * Revisions shipped with the code. The 2020 Spring Festival extension is already in chinese-days 1.5.7; it is
 * kept here so the calendar stays right whatever the source says, and so the version names it.
 */
export function shippedOverrides(): Override[] {
  return [parseOverride(springFestival2020, 'revisions/2020-spring-festival-extension.json')];
}

let cached: WorkCalendar | undefined;

/** The chinese-days data with the shipped revisions, built on first use. A bureau's own overrides go through createWorkCalendar. */
export function defaultCalendar(): WorkCalendar {
  return (cached ??= createWorkCalendar({ overrides: shippedOverrides() }));
}

export const isWorkday = (date: LocalDate): boolean => defaultCalendar().isWorkday(date);
export const addWorkdays = (date: LocalDate, n: number): LocalDate => defaultCalendar().addWorkdays(date, n);
export const workdaysBetween = (from: LocalDate, to: LocalDate): number => defaultCalendar().workdaysBetween(from, to);

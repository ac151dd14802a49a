export type { LocalDate } from './local-date.js';
export type { HolidayTable, YearDays } from './holiday-table.js';
export { CalendarCoverageError, CalendarDataError, CalendarSelfTestError, InvalidDateError } from './errors.js';
export { FIRST_COVERED_YEAR, chineseDaysTable } from './chinese-days-source.js';
export { OverrideSchema, applyOverrides, parseOverride, parseOverrideJson, type Override } from './override.js';
export { createWorkCalendar, type WorkCalendar, type WorkCalendarOptions } from './work-calendar.js';
export { addWorkdays, defaultCalendar, isWorkday, shippedOverrides, workdaysBetween } from './default-calendar.js';
export { computeDeadline, suspendedDays, suspendedWorkdays, type Deadline, type DeadlineInput, type Suspension } from './deadline.js';
export { selfTestCalendar } from './self-test.js';

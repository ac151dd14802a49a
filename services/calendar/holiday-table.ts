import type { LocalDate } from './local-date.js';

/**
 * One year of a State Council holiday notice (国务院办公厅关于…部分节假日安排的通知): the days off
 * (放假, weekdays and the weekend days joined to them) and the make-up working days (调休上班, always weekend days).
 * Every other Monday–Friday is a working day, every other weekend day is not.
 */
export interface YearDays {
  holidays: ReadonlySet<LocalDate>;
  makeupWorkdays: ReadonlySet<LocalDate>;
}

/** Holiday data for a run of years, with the version of the data it came from. */
export interface HolidayTable {
  version: string;
  years: ReadonlyMap<number, YearDays>;
}

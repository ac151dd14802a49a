import type { DeciderCalendar } from '../application/deps.js';

/** 差评整改 is due in this many working days unless configured otherwise (Sichuan's 15; Dezhou uses 5). */
export const DEFAULT_REVIEW_DUE_WORKDAYS = 15;

export interface ReviewDeps {
  calendar: DeciderCalendar;
  /** The configured due period in working days. */
  dueWorkdays: number;
}

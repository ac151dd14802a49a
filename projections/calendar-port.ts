/**
 * The part of the working-day calendar (services/calendar) that projections use, named here so the read
 * side depends on the capability and not on how the calendar is built. Dates are YYYY-MM-DD in Asia/Shanghai.
 */
export interface WorkdayCalendar {
  /** The holiday data version; deadlines record it, a revision changes it. */
  readonly version: string;
  isWorkday(date: string): boolean;
  /** The date n working days after `date` (the start day not counted). */
  addWorkdays(date: string, n: number): string;
  /** elapsed(from, to) of DESIGN.md §5: working days w with from < w ≤ to. */
  workdaysBetween(from: string, to: string): number;
  /**
   * True when `date` lies in a provisional year (no State Council notice yet: the statutory rule counts it).
   * Such years follow the official ones, so a date counted forward depends on a provisional day exactly when
   * it is provisional itself.
   */
  isProvisional(date: string): boolean;
}

/** What every projection may use beyond the event: the calendar and the one-way hash for identity numbers. */
export interface ProjectionDeps {
  calendar: WorkdayCalendar;
  /** Identity numbers never reach a read model in the clear (DESIGN.md §7). */
  hashIdentity(idNumber: string): string;
}

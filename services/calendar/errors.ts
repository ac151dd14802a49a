/** A string that is not a real YYYY-MM-DD calendar date. */
export class InvalidDateError extends Error {
  readonly code = 'INVALID_DATE';
  constructor(readonly input: unknown) {
    super(`not a valid YYYY-MM-DD date: ${JSON.stringify(input) ?? String(input)}`);
    this.name = 'InvalidDateError';
  }
}

/**
 * A date the working-day calendar has no data for. The law's clock fails closed: a year whose State Council
 * holiday notice is not in the data would otherwise be silently counted as an ordinary year.
 */
export class CalendarCoverageError extends Error {
  readonly code = 'CALENDAR_COVERAGE';
  constructor(
    readonly year: number,
    readonly coverage: { from: string; to: string; officialYears?: { from: number; to: number }; provisionalYears?: readonly number[] },
    readonly calendarVersion: string,
  ) {
    super(`working-day calendar ${calendarVersion} has no data for ${year} (${coverageText(coverage)})`);
    this.name = 'CalendarCoverageError';
  }
}

/** "official notices 2019–2026, provisional (statutory rule) 2027–2028", or the plain date range. */
export function coverageText(coverage: CalendarCoverageError['coverage']): string {
  if (!coverage.officialYears) return `it covers ${coverage.from}..${coverage.to}`;
  const { from, to } = coverage.officialYears;
  const provisional = coverage.provisionalYears ?? [];
  const official = `official State Council notices for ${from}–${to}`;
  if (provisional.length === 0) return `it covers ${official} only`;
  return `it covers ${official}, and ${provisional[0]}${provisional.length > 1 ? `–${provisional.at(-1)}` : ''} provisionally on the statutory rule`;
}

/** Holiday data or an override that cannot be used: every problem found, not the first only. */
export class CalendarDataError extends Error {
  readonly code = 'CALENDAR_DATA';
  constructor(readonly problems: string[]) {
    super(`working-day calendar data rejected: ${problems.join('; ')}`);
    this.name = 'CalendarDataError';
  }
}

/** The start-up self-test found the calendar disagreeing with State Council notices it must reproduce. */
export class CalendarSelfTestError extends Error {
  readonly code = 'CALENDAR_SELF_TEST';
  constructor(
    readonly calendarVersion: string,
    readonly failures: string[],
  ) {
    super(`working-day calendar ${calendarVersion} failed its self-test: ${failures.join('; ')}`);
    this.name = 'CalendarSelfTestError';
  }
}

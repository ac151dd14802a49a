import type { WorkdayCalendar } from './calendar-port.js';

/** A sentence for the applicant or the clerk, in Chinese and English. */
export interface ProvisionalNote {
  zh: string;
  en: string;
}

/**
 * The one plain sentence shown beside a provisional date (DESIGN.md §5): which State Council holiday notice
 * it waits for. `years` ascending or not, duplicates allowed; at least one.
 */
export function provisionalNote(years: readonly number[]): ProvisionalNote {
  const named = [...new Set(years)].sort((a, b) => a - b);
  return {
    zh: `此日期按法定节假日规则暂定，国务院公布${named.map((y) => `${y}年`).join('、')}节假日安排后可能调整`,
    en: `This date may move when the State Council's holiday notice for ${joinEnglish(named.map(String))} is published`,
  };
}

/**
 * Beside metrics that counted a day of a provisional year. No year is named: by the time it is read, the
 * notice may be in and the recount still running.
 */
export const PROVISIONAL_FIGURES_NOTE: ProvisionalNote = {
  zh: '部分数字计入了按法定节假日规则暂定的日期，国务院公布当年节假日安排后将自动重新计算',
  en: "Some figures count days of a year whose State Council holiday notice is not yet published; they are recounted automatically when it is",
};

function joinEnglish(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`;
}

const yearOf = (date: string): number => Number(date.slice(0, 4));

/**
 * The years a note names for a view's provisional dates: those still provisional on the calendar now. When
 * the calendar already holds every one as official, the notice was imported and the recomputation has not
 * reached the row yet: the row still waits on that notice, named by the latest date's year.
 */
export function noteYears(calendar: Pick<WorkdayCalendar, 'isProvisional'>, dates: readonly string[]): number[] {
  const pending = dates.filter((d) => calendar.isProvisional(d)).map(yearOf);
  if (pending.length > 0) return [...new Set(pending)].sort((a, b) => a - b);
  const latest = [...dates].sort().at(-1);
  return latest === undefined ? [] : [yearOf(latest)];
}

/** The note for a view's provisional dates, or null when it shows none. */
export function provisionalNoteFor(calendar: Pick<WorkdayCalendar, 'isProvisional'>, dates: readonly string[]): ProvisionalNote | null {
  const years = noteYears(calendar, dates);
  return years.length === 0 ? null : provisionalNote(years);
}

import type { CalendarCoverage } from './work-calendar.js';

/** The State Council's notice for a year comes out between late October and December: from 1 November on, its absence is worth a warning. */
export const NOTICE_WATCH_FROM = '11-01';

export interface CoverageWarning {
  /** The years counted on the statutory rule that a deadline set today can reach, earliest first. */
  provisionalYears: number[];
  /** Past the last provisional year the calendar refuses to count. */
  coveredUntil: string;
  zh: string;
  en: string;
}

/**
 * What an operator must hear on `today` (YYYY-MM-DD): null while the calendar is official for this year and,
 * before 1 November, no notice is yet due; otherwise which years are provisional, in both languages. It is a
 * warning, not an outage: the provisional years count deadlines, marked provisional, until the notice is imported.
 */
export function coverageWarning(coverage: CalendarCoverage, today: string): CoverageWarning | null {
  const year = Number(today.slice(0, 4));
  const watching = today.slice(5) >= NOTICE_WATCH_FROM;
  const lastOfficial = coverage.officialYears.to;
  if (year < lastOfficial || (year === lastOfficial && !watching)) return null;
  const missing = coverage.provisionalYears.filter((y) => y <= (watching ? year + 1 : year));
  const years = missing.length > 0 ? missing : [lastOfficial + 1];
  const list = years.join(years.length > 1 ? ' and ' : '');
  const zhList = years.join('、');
  const covered = coverage.provisionalYears.length > 0 ? `; the calendar counts on the statutory rule until ${coverage.to} and refuses beyond it` : `; the calendar refuses dates after ${coverage.to}`;
  return {
    provisionalYears: years,
    coveredUntil: coverage.to,
    en: `No State Council holiday notice for ${list} has been imported: deadlines in ${list} are provisional (statutory holidays only, no 调休) and will be recomputed when the notice is imported with \`npm run calendar -- import\` or POST /api/v1/calendar/notices${covered}.`,
    zh: `尚未导入国务院${zhList}年节假日安排通知：${zhList}年的期限按法定节假日规则暂定（不含调休），导入通知后将重新计算。`,
  };
}

import { CalendarDataError } from './errors.js';
import type { YearDays } from './holiday-table.js';
import { fromDayNumber, isWeekendDay, yearBounds } from './local-date.js';

/**
 * Every covered day laid out once, so the clock's questions are array look-ups: `position` maps a date string
 * to its offset from the first covered day; `workdaysUpTo[i]` counts working days at offsets 0..i; the k-th
 * working day of the coverage (k from 1) is at offset `workdayOffsets[k - 1]`.
 */
export interface DayIndex {
  firstDay: number;
  fromYear: number;
  toYear: number;
  dates: readonly string[];
  position: ReadonlyMap<string, number>;
  work: Uint8Array;
  workdaysUpTo: Int32Array;
  workdayOffsets: Int32Array;
}

/** Builds the index; the covered years must be a contiguous run, or a gap would be counted as ordinary days. */
export function buildDayIndex(years: ReadonlyMap<number, YearDays>): DayIndex {
  const list = [...years.keys()].sort((a, b) => a - b);
  const fromYear = list[0];
  const toYear = list[list.length - 1];
  if (fromYear === undefined || toYear === undefined) throw new CalendarDataError(['no year of holiday data']);
  const gaps = [];
  for (let y = fromYear; y <= toYear; y++) if (!years.has(y)) gaps.push(y);
  if (gaps.length > 0) throw new CalendarDataError(gaps.map((y) => `no data for ${y}, between covered years ${fromYear} and ${toYear}`));

  const firstDay = yearBounds(fromYear).first;
  const size = yearBounds(toYear).last - firstDay + 1;
  const dates: string[] = new Array<string>(size);
  const position = new Map<string, number>();
  const work = new Uint8Array(size);
  const workdaysUpTo = new Int32Array(size);
  const offsets: number[] = [];
  let count = 0;
  for (let i = 0; i < size; i++) {
    const date = fromDayNumber(firstDay + i);
    const days = years.get(Number(date.slice(0, 4)))!;
    const isWork = days.makeupWorkdays.has(date) || (!days.holidays.has(date) && !isWeekendDay(firstDay + i));
    dates[i] = date;
    position.set(date, i);
    if (isWork) {
      work[i] = 1;
      offsets.push(i);
      count++;
    }
    workdaysUpTo[i] = count;
  }
  return { firstDay, fromYear, toYear, dates, position, work, workdaysUpTo, workdayOffsets: Int32Array.from(offsets) };
}

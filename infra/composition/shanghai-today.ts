import { DateTime } from 'luxon';
import { ZONE, shanghaiDate } from '../../events/index.js';

/**
 * Today's Asia/Shanghai date (the law's date) from a clock, worked out once per day: routes ask for it
 * on every request, and a time-zone conversion costs more than the rest of a status read's arithmetic.
 * The date is kept with the instants where it starts and ends, so a clock moved by a test is honoured.
 */
export function shanghaiToday(clock: () => Date): () => string {
  let day: { date: string; from: number; to: number } | undefined;
  return () => {
    const now = clock().getTime();
    if (day && now >= day.from && now < day.to) return day.date;
    const date = shanghaiDate(new Date(now));
    const start = DateTime.fromISO(date, { zone: ZONE });
    day = { date, from: start.toMillis(), to: start.plus({ days: 1 }).toMillis() };
    return date;
  };
}

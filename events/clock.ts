import { DateTime } from 'luxon';

export const ZONE = 'Asia/Shanghai';

/** The instant as an ISO string with the +08:00 offset, whatever the process time zone is. */
export function toShanghaiInstant(at: Date | number | DateTime): string {
  const dt = DateTime.isDateTime(at) ? at : typeof at === 'number' ? DateTime.fromMillis(at) : DateTime.fromJSDate(at);
  const iso = dt.setZone(ZONE).toISO({ suppressMilliseconds: false, includeOffset: true });
  if (!iso) throw new Error(`invalid instant: ${String(at)}`);
  return iso;
}

/** The Asia/Shanghai local date (YYYY-MM-DD) of an instant string or Date. */
export function shanghaiDate(at: string | Date): string {
  const dt = typeof at === 'string' ? DateTime.fromISO(at, { setZone: true }) : DateTime.fromJSDate(at);
  const date = dt.setZone(ZONE).toISODate();
  if (!date) throw new Error(`invalid instant: ${String(at)}`);
  return date;
}

/** The process's clock: what every entry point (serve, the CLI) injects; tests inject their own. */
export const systemClock = (): Date => new Date();

/**
 * Today's Asia/Shanghai date (the law's date) on a clock: the one way the backend asks what day it is. Worked
 * out once per day: routes ask on every request, and a time-zone conversion costs more than the rest of a
 * status read's arithmetic. The day is kept with the instants where it starts and ends, so a clock moved by a
 * test is honoured.
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

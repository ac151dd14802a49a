import { DateTime } from 'luxon';

export const ZONE = 'Asia/Shanghai';

/** The instant as an ISO string with the +08:00 offset, whatever the process time zone is. */
export function toShanghaiInstant(at: Date | number | DateTime = Date.now()): string {
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

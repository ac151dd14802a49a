import type { LocalDate } from '../../events/index.js';
import { InvalidDateError } from './errors.js';

export type { LocalDate };

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Days since 1970-01-01 for a YYYY-MM-DD string. The arithmetic is done in UTC on purpose: a local date has
 * no time zone, and UTC is the one zone whose days are all 24 h, so the process TZ can never shift a day.
 */
export function toDayNumber(date: unknown): number {
  if (typeof date !== 'string') throw new InvalidDateError(date);
  const m = SHAPE.exec(date);
  if (!m) throw new InvalidDateError(date);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2021-02-30 over to March; a real date survives the round trip unchanged.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) throw new InvalidDateError(date);
  return ms / MS_PER_DAY;
}

export function fromDayNumber(day: number): LocalDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Saturday or Sunday (1970-01-01, day 0, was a Thursday). */
export function isWeekendDay(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
  return weekday === 0 || weekday === 6;
}

/** The first and last day numbers of a calendar year. */
export function yearBounds(year: number): { first: number; last: number } {
  return { first: Date.UTC(year, 0, 1) / MS_PER_DAY, last: Date.UTC(year, 11, 31) / MS_PER_DAY };
}

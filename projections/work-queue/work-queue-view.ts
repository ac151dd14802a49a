import type { WorkdayCalendar } from '../calendar-port.js';
import { provisionalNoteFor } from '../provisional-note.js';
import type { ProvisionalNote } from '../provisional-note.js';
import type { WorkItemRow } from './work-item-row.js';

export interface WorkQueueEntry extends WorkItemRow {
  /** `committedDeadline` may move when the State Council's holiday notice is published. */
  committedProvisional: boolean;
  /** `dueOn` may move when the State Council's holiday notice is published. */
  provisional: boolean;
  /** Which notice `dueOn` waits for, in plain words; null when not provisional. */
  provisionalNote: ProvisionalNote | null;
  /** Past the due date (超期). */
  overdue: boolean;
  /** Within 2 working days of the due date and not yet past it (临期). */
  dueSoon: boolean;
}

/**
 * The flags of a queue row on `today`: date comparisons against the stored due and warning dates, and the
 * provisional note as the calendar stands now. Rows stored before the flags read them as false.
 */
export function toWorkQueueEntry(row: WorkItemRow, today: string, calendar: WorkdayCalendar): WorkQueueEntry {
  const overdue = row.dueOn !== null && today > row.dueOn;
  const dueSoon = !overdue && row.warnFrom !== null && today >= row.warnFrom;
  const provisional = row.provisional === true && row.dueOn !== null;
  return {
    ...row,
    committedProvisional: row.committedProvisional === true,
    provisional,
    provisionalNote: provisional ? provisionalNoteFor(calendar, [row.dueOn!]) : null,
    overdue,
    dueSoon,
  };
}

/** One department's line of the overdue watch (跟踪督导). */
export interface WatchDepartment {
  department: string;
  overdue: number;
  dueSoon: number;
  /** How many of its listed cases have a provisional due date. */
  provisional: number;
}

/** The watch's entries (each overdue or due soon) counted per department, departments by name. */
export function watchDepartments(entries: readonly WorkQueueEntry[]): WatchDepartment[] {
  const byDept = new Map<string, WatchDepartment>();
  for (const e of entries) {
    const d = byDept.get(e.department) ?? { department: e.department, overdue: 0, dueSoon: 0, provisional: 0 };
    if (e.overdue) d.overdue += 1;
    else if (e.dueSoon) d.dueSoon += 1;
    if (e.provisional) d.provisional += 1;
    byDept.set(e.department, d);
  }
  return [...byDept.values()].sort((a, b) => a.department.localeCompare(b.department));
}

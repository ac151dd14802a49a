import type { WorkdayCalendar } from '../calendar-port.js';
import { provisionalNoteFor } from '../provisional-note.js';
import type { ProvisionalNote } from '../provisional-note.js';
import type { WorkItemRow } from './work-item-row.js';

/** A sentence in Chinese and English. */
export interface Words {
  zh: string;
  en: string;
}

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
  acceptedOn: string | null;
  deemedAccepted: boolean;
  /** Why the entry is overdue, in plain words (zh, en); null when it is not. */
  overdueReason: Words | null;
}

/**
 * Why an overdue entry is overdue. A deemed acceptance (视为受理) dates back to receipt (行政许可法 Art 32), so
 * its committed deadline counts from a day before anyone accepted it: a 即办件 is overdue the moment it is
 * deemed accepted, and the clerk should see that the lateness lies in the missed intake, not in processing.
 */
export function overdueReasonOf(row: Pick<WorkItemRow, 'dueKind' | 'dueOn' | 'deemedAccepted' | 'acceptedOn'>): Words | null {
  if (row.dueOn === null) return null;
  if (row.dueKind === 'intake-notice') {
    return {
      zh: `收件后5个工作日内未受理、不予受理或一次性告知（期限${row.dueOn}）`,
      en: `Not accepted, refused or sent the one-time notice within 5 working days of receipt (due ${row.dueOn})`,
    };
  }
  if (row.deemedAccepted === true && row.acceptedOn) {
    return {
      zh: `视为受理：受理日追溯至收件日${row.acceptedOn}，承诺期限${row.dueOn}自该日起算，已届满`,
      en: `Deemed accepted: acceptance dates back to receipt on ${row.acceptedOn}, so the committed deadline ${row.dueOn}, counted from then, has passed`,
    };
  }
  return { zh: `已超过承诺期限${row.dueOn}`, en: `Past the committed deadline ${row.dueOn}` };
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
    acceptedOn: row.acceptedOn ?? null,
    deemedAccepted: row.deemedAccepted === true,
    overdueReason: overdue ? overdueReasonOf(row) : null,
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

/** The watch's entries (each overdue or due soon: cases or review tickets) counted per department, departments by name. */
export function watchDepartments(entries: readonly Pick<WorkQueueEntry, 'department' | 'overdue' | 'dueSoon' | 'provisional'>[]): WatchDepartment[] {
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

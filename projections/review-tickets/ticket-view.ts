import type { WorkdayCalendar } from '../calendar-port.js';
import { provisionalNoteFor } from '../provisional-note.js';
import type { ProvisionalNote } from '../provisional-note.js';
import type { Words } from '../application-status/status-words.js';
import type { ReviewTicketRow, TicketAppeal, TicketStatus } from './ticket-row.js';
import { watchDepartments } from '../work-queue/work-queue-view.js';
import type { WatchDepartment } from '../work-queue/work-queue-view.js';

export type AppealState = 'none' | 'pending' | 'upheld' | 'rejected';

/** What the handling unit does next: call the applicant back (回访), resolve, or wait for the supervisor's decision on its appeal. */
export type TicketNextStep = 'callback' | 'resolve' | 'appeal-decision';

export const TICKET_STATUS_WORDS: Readonly<Record<TicketStatus, Words>> = {
  open: { zh: '待整改', en: 'Open: to be rectified or explained' },
  resolved: { zh: '已办结', en: 'Resolved' },
  void: { zh: '经申诉复核撤销', en: 'Void: an appeal found the rating wrongly filed' },
};

export interface ReviewTicketEntry extends Omit<ReviewTicketRow, 'revision' | 'warnFrom' | 'appeal'> {
  statusText: Words;
  /** Which notice `dueOn` waits for, in plain words; null when not provisional. */
  provisionalNote: ProvisionalNote | null;
  appealState: AppealState;
  appeal: TicketAppeal | null;
  /** Open, and resolving it today would no longer be on time (超期). */
  overdue: boolean;
  /** Open, within 2 working days of dueOn and not overdue (临期). */
  dueSoon: boolean;
  nextStep: TicketNextStep | null;
}

/** none, or where the unit's appeal (申诉复核) stands. */
export function appealStateOf(appeal: TicketAppeal | null): AppealState {
  if (!appeal) return 'none';
  if (!appeal.decision) return 'pending';
  return appeal.decision.upheld ? 'upheld' : 'rejected';
}

/**
 * Overdue as the decider will judge it: on time means elapsed(openedOn, resolvedOn) ≤ dueWorkdays, so a
 * day off after dueOn is not late yet; the next working day is.
 */
function isOverdue(row: ReviewTicketRow, today: string, calendar: WorkdayCalendar): boolean {
  return row.status === 'open' && today > row.dueOn && calendar.workdaysBetween(row.dueOn, today) > 0;
}

function nextStepOf(row: ReviewTicketRow, appealState: AppealState): TicketNextStep | null {
  if (row.status !== 'open') return null;
  if (appealState === 'pending') return 'appeal-decision';
  return row.callbacks.length === 0 ? 'callback' : 'resolve';
}

/** A ticket as the clerks and supervisors see it on `today`: its marks and next step. */
export function toReviewTicketEntry(row: ReviewTicketRow, today: string, calendar: WorkdayCalendar): ReviewTicketEntry {
  const overdue = isOverdue(row, today, calendar);
  const appealState = appealStateOf(row.appeal);
  return {
    ticketId: row.ticketId,
    applicationId: row.applicationId,
    itemCode: row.itemCode,
    department: row.department,
    level: row.level,
    tags: row.tags,
    openedOn: row.openedOn,
    dueWorkdays: row.dueWorkdays,
    dueOn: row.dueOn,
    provisional: row.provisional,
    provisionalNote: row.provisional ? provisionalNoteFor(calendar, [row.dueOn]) : null,
    status: row.status,
    statusText: TICKET_STATUS_WORDS[row.status],
    callbacks: row.callbacks,
    appealState,
    appeal: row.appeal,
    resolution: row.resolution,
    closedOn: row.closedOn,
    overdue,
    dueSoon: row.status === 'open' && !overdue && today >= row.warnFrom,
    nextStep: nextStepOf(row, appealState),
  };
}

/** One department's line of the tickets' part of the overdue watch: counted as the cases' are. */
export type ReviewWatchDepartment = WatchDepartment;

/** The tickets' part of the overdue watch (跟踪督导): beside the applications, never mixed into their counts. */
export interface ReviewWatch {
  departments: ReviewWatchDepartment[];
  /** The note for the listed provisional due dates; null when none is provisional. */
  provisionalNote: ProvisionalNote | null;
  entries: ReviewTicketEntry[];
}

/** The watch of the given open tickets on `today`: those overdue or due soon, by due date. */
export function reviewWatchOf(rows: readonly ReviewTicketRow[], today: string, calendar: WorkdayCalendar): ReviewWatch {
  const entries = rows.map((r) => toReviewTicketEntry(r, today, calendar)).filter((e) => e.overdue || e.dueSoon);
  const provisionalDates = entries.filter((e) => e.provisional).map((e) => e.dueOn);
  return { departments: watchDepartments(entries), provisionalNote: provisionalNoteFor(calendar, provisionalDates), entries };
}

import type { WorkdayCalendar } from '../calendar-port.js';
import { provisionalNoteFor } from '../provisional-note.js';
import type { ProvisionalNote } from '../provisional-note.js';
import type { ApplicationStatusRow, MissingMaterial, TimelineStep } from './status-row.js';
import type { Resolution, TicketStatus } from '../review-tickets/ticket-row.js';
import { REVIEW_STATUS_WORDS, RESOLUTION_WORDS, STATE_WORDS, STEP_WORDS, SUSPENSION_WORDS } from './status-words.js';
import type { Words } from './status-words.js';

export type NextNeed =
  | ({ kind: 'supplement'; materials: MissingMaterial[] } & Words)
  | ({ kind: 'pickup' } & Words);

/** The review ticket of the applicant's bad rating: where it stands and, once resolved, the unit's answer. */
export interface ApplicationReviewView {
  status: TicketStatus;
  statusText: Words;
  openedOn: string;
  resolution: { resolution: Resolution; text: Words; note: string; resolvedOn: string } | null;
  closedOn: string | null;
}

export interface ApplicationStatusView {
  applicationId: string;
  applicant: { id: string; kind: string; idNumberHash: string | null };
  itemCode: string;
  department: string;
  channel: string;
  bundleId: string | null;
  state: ApplicationStatusRow['state'];
  stateText: Words;
  outcome: ApplicationStatusRow['outcome'];
  timeline: { step: TimelineStep; on: string; detail?: string; zh: string; en: string }[];
  nextNeed: NextNeed | null;
  committedDeadline: string | null;
  statutoryDeadline: string | null;
  /** The deadlines may move when the State Council's holiday notice is published (DESIGN.md §5). */
  provisional: boolean;
  /** Which notice they wait for, in plain words; null when not provisional. */
  provisionalNote: ProvisionalNote | null;
  /** Working days from today to the committed deadline; negative once it has passed; null when no clock runs. */
  workingDaysLeft: number | null;
  clockRunning: boolean;
  express: { carrier: string | null; waybillNo: string | null } | null;
  rating: number | null;
  review: ApplicationReviewView | null;
}

/** Signed elapsed working days from `today` to `deadline` (DESIGN.md §5 elapsed). */
export function workingDaysLeft(calendar: WorkdayCalendar, today: string, deadline: string): number {
  return today <= deadline ? calendar.workdaysBetween(today, deadline) : -calendar.workdaysBetween(deadline, today);
}

function nextNeedOf(row: ApplicationStatusRow): NextNeed | null {
  if (row.supplement) {
    return {
      kind: 'supplement',
      materials: row.supplement,
      zh: `请一次性补正以下材料：${row.supplement.map((m) => m.code).join('、')}`,
      en: `Please supply these materials: ${row.supplement.map((m) => m.code).join(', ')}`,
    };
  }
  if (row.state === 'result-dispatched' && row.dispatchMode === 'pickup') {
    return { kind: 'pickup', zh: '办理结果已可到窗口领取', en: 'Your result is ready to collect at the window' };
  }
  return null;
}

/** The row's provisional deadlines and the note that goes with them; rows stored before the flag read as official. */
function provisionalOf(row: ApplicationStatusRow, calendar: WorkdayCalendar): Pick<ApplicationStatusView, 'provisional' | 'provisionalNote'> {
  if (row.provisional !== true) return { provisional: false, provisionalNote: null };
  const dates = [row.committedDeadline, row.statutoryDeadline].filter((d): d is string => d !== null);
  return { provisional: true, provisionalNote: provisionalNoteFor(calendar, dates) };
}

function reviewOf(row: ApplicationStatusRow): ApplicationReviewView | null {
  const review = row.review;
  if (!review) return null;
  const r = review.resolution;
  return {
    status: review.status,
    statusText: REVIEW_STATUS_WORDS[review.status],
    openedOn: review.openedOn,
    resolution: r ? { resolution: r.resolution, text: RESOLUTION_WORDS[r.resolution], note: r.note, resolvedOn: r.resolvedOn } : null,
    closedOn: review.closedOn,
  };
}

/** The applicant's view of a status row on `today`: plain words, next need, working days left. */
export function toStatusView(row: ApplicationStatusRow, today: string, calendar: WorkdayCalendar): ApplicationStatusView {
  const clockRunning = row.state === 'accepted';
  const { provisional, provisionalNote } = provisionalOf(row, calendar);
  const stateText =
    row.state === 'suspended' && row.suspensionReason
      ? {
          zh: `${STATE_WORDS.suspended.zh}（${SUSPENSION_WORDS[row.suspensionReason].zh}）`,
          en: `${STATE_WORDS.suspended.en}: ${SUSPENSION_WORDS[row.suspensionReason].en}`,
        }
      : STATE_WORDS[row.state];
  return {
    applicationId: row.applicationId,
    applicant: { id: row.applicantId, kind: row.applicantKind, idNumberHash: row.idNumberHash },
    itemCode: row.itemCode,
    department: row.department,
    channel: row.channel,
    bundleId: row.bundleId,
    state: row.state,
    stateText,
    outcome: row.outcome,
    // Built field by field, not spread: a status read builds one per step, and spreads cost more.
    timeline: row.timeline.map(([step, on, detail]) => {
      const { zh, en } = STEP_WORDS[step];
      return detail === undefined ? { step, on, zh, en } : { step, on, detail, zh, en };
    }),
    nextNeed: nextNeedOf(row),
    committedDeadline: row.committedDeadline,
    statutoryDeadline: row.statutoryDeadline,
    provisional,
    provisionalNote,
    workingDaysLeft: clockRunning && row.committedDeadline ? workingDaysLeft(calendar, today, row.committedDeadline) : null,
    clockRunning,
    express: row.dispatchMode === 'express' ? { carrier: row.carrier, waybillNo: row.waybillNo } : null,
    rating: row.rating,
    review: reviewOf(row),
  };
}

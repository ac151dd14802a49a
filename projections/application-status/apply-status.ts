import { applicationEvents } from '../../events/index.js';
import type { Deadlines } from '../../events/index.js';
import type { ProjectionDeps } from '../calendar-port.js';
import { eventDate } from '../event-date.js';
import { eventIn, eventTypeSet } from '../event-set.js';
import type { LogEventOf } from '../event-set.js';
import { extensionSaves } from '../extension-rule.js';
import { applicationIdOf, ticketIdOf } from '../log-event.js';
import type { LogEvent } from '../log-event.js';
import type { ApplicationStatusRow, ApplicationStatusStore, TimelineStep } from './status-row.js';

/**
 * The review-ticket events the applicant is told of: the ticket opened, each callback, the answer, and an
 * upheld appeal. The unit's appeal itself, and one not upheld, change nothing the applicant sees.
 */
const REVIEW_STEPS = ['ReviewTicketOpened', 'ReviewCallbackMade', 'ReviewResolved', 'ReviewAppealDecided'] as const;
const REVIEW_STEP_EVENTS = eventTypeSet(REVIEW_STEPS);

/**
 * Every application event (each changes the page or at least its revision, the ETag), and the review steps
 * of the ticket a bad rating opened (which change the page but not the application's revision).
 */
export const APPLICATION_STATUS_EVENTS = eventTypeSet([...applicationEvents.map((d) => d.type), ...REVIEW_STEPS]);

/** The dates and their provisional flag go together: an event that does not set the dates keeps the flag too. */
function withDeadlines(row: ApplicationStatusRow, d: Deadlines): void {
  row.committedDeadline = d.committedDeadline;
  row.statutoryDeadline = d.statutoryDeadline;
  row.calendarVersion = d.calendarVersion;
  row.provisional = d.provisional === true;
}

function addStep(row: ApplicationStatusRow, entry: { step: TimelineStep; on: string; detail?: string | undefined }): void {
  row.timeline.push(entry.detail === undefined ? [entry.step, entry.on] : [entry.step, entry.on, entry.detail]);
}

/**
 * A step of the application's review ticket. Its events live on the ticket's stream: the application's
 * revision, the page's ETag, stays as it was.
 */
function applyReviewStep(event: LogEventOf<(typeof REVIEW_STEPS)[number]>, store: ApplicationStatusStore): void {
  const ticketId = ticketIdOf(event.streamId);
  if (event.type === 'ReviewTicketOpened') store.linkTicket(ticketId, event.data.applicationId);
  const applicationId = store.applicationOfTicket(ticketId);
  const row = applicationId === undefined ? undefined : store.get(applicationId);
  if (!row) return;
  switch (event.type) {
    case 'ReviewTicketOpened':
      row.review = { ticketId, status: 'open', openedOn: event.data.openedOn, resolution: null, closedOn: null };
      addStep(row, { step: 'review-opened', on: event.data.openedOn });
      break;
    case 'ReviewCallbackMade':
      addStep(row, { step: 'review-callback', on: event.data.calledOn });
      break;
    case 'ReviewResolved':
      if (!row.review) return;
      row.review.status = 'resolved';
      row.review.resolution = { resolution: event.data.resolution, note: event.data.note, resolvedOn: event.data.resolvedOn };
      row.review.closedOn = event.data.resolvedOn;
      addStep(row, { step: 'review-resolved', on: event.data.resolvedOn, detail: event.data.resolution });
      break;
    case 'ReviewAppealDecided':
      if (!row.review || !event.data.upheld) return;
      row.review.status = 'void';
      row.review.closedOn = event.data.decidedOn;
      addStep(row, { step: 'review-void', on: event.data.decidedOn });
      break;
  }
  store.put(row);
}

/** Folds one event into the applicant's status row (application-status projection). */
export function applyApplicationStatus(event: LogEvent, store: ApplicationStatusStore, deps: ProjectionDeps): void {
  if (!eventIn(APPLICATION_STATUS_EVENTS, event)) return;
  if (eventIn(REVIEW_STEP_EVENTS, event)) {
    applyReviewStep(event, store);
    return;
  }
  const id = applicationIdOf(event.streamId);
  if (event.type === 'ApplicationSubmitted') {
    const d = event.data;
    store.put({
      applicationId: id,
      revision: event.revision,
      applicantId: d.applicant.id,
      applicantKind: d.applicant.kind,
      idNumberHash: d.applicant.idNumber === undefined ? null : deps.hashIdentity(d.applicant.idNumber),
      itemCode: d.itemCode,
      department: d.department,
      channel: d.channel,
      bundleId: d.bundleId ?? null,
      state: 'submitted',
      outcome: null,
      submittedOn: d.submittedOn,
      acceptedOn: null,
      decidedOn: null,
      closedOn: null,
      committedDeadline: null,
      statutoryDeadline: null,
      calendarVersion: null,
      provisional: false,
      suspensionReason: null,
      supplement: null,
      deliveryMode: d.delivery.mode,
      dispatchMode: null,
      carrier: null,
      waybillNo: null,
      rating: null,
      review: null,
      timeline: [['submitted', d.submittedOn, d.channel]],
    });
    return;
  }
  const row = store.get(id);
  // A stream whose submission this projection never saw cannot be shown; a legal log has none.
  if (!row) return;
  const on = eventDate(event);
  switch (event.type) {
    case 'PreReviewCompleted':
      addStep(row, { step: 'pre-reviewed', on, detail: event.data.outcome });
      break;
    case 'SupplementRequested':
      row.supplement = event.data.missing.map((m) => ({ code: m.code, reason: m.reason }));
      if (row.state === 'submitted') row.state = 'awaiting-supplement';
      addStep(row, { step: 'supplement-requested', on, detail: event.data.missing.map((m) => m.code).join(',') });
      break;
    case 'SupplementReceived':
      row.supplement = null;
      if (row.state === 'awaiting-supplement') row.state = 'submitted';
      addStep(row, { step: 'supplement-received', on });
      break;
    case 'ApplicationAccepted':
    case 'DeemedAccepted':
      row.state = 'accepted';
      row.acceptedOn = event.data.acceptedOn;
      row.supplement = null;
      withDeadlines(row, event.data);
      addStep(row, { step: event.type === 'DeemedAccepted' ? 'deemed-accepted' : 'accepted', on, detail: event.data.committedDeadline });
      break;
    case 'IntakeRefused':
      row.state = 'refused';
      row.outcome = 'refused';
      addStep(row, { step: 'intake-refused', on, detail: event.data.reason });
      break;
    case 'ClockSuspended':
      row.state = 'suspended';
      row.suspensionReason = event.data.reason;
      addStep(row, { step: 'clock-suspended', on, detail: event.data.reason });
      break;
    case 'ClockResumed':
      row.state = 'accepted';
      row.suspensionReason = null;
      withDeadlines(row, event.data);
      addStep(row, { step: 'clock-resumed', on, detail: event.data.committedDeadline });
      break;
    case 'ExtensionGranted':
      if (extensionSaves(event.data.grantedOn, row.committedDeadline)) withDeadlines(row, event.data);
      addStep(row, { step: 'extension-granted', on, detail: event.data.committedDeadline });
      break;
    case 'DeadlineRecomputed':
      withDeadlines(row, event.data);
      addStep(row, { step: 'deadline-recomputed', on, detail: event.data.committedDeadline });
      break;
    case 'DecisionMade':
      row.state = 'decided';
      row.outcome = event.data.outcome;
      row.decidedOn = event.data.decidedOn;
      row.suspensionReason = null;
      addStep(row, { step: event.data.outcome, on, detail: event.data.decidedBy });
      break;
    case 'InstantApprovalDeclined':
      addStep(row, { step: 'instant-approval-declined', on, detail: event.data.reasons.join('; ') });
      break;
    case 'ResultIssued':
      row.state = 'result-issued';
      addStep(row, { step: 'result-issued', on, detail: event.data.documentNo });
      break;
    case 'ResultDispatched':
      row.state = 'result-dispatched';
      row.dispatchMode = event.data.mode;
      row.carrier = event.data.carrier ?? null;
      row.waybillNo = event.data.waybillNo ?? null;
      addStep(row, { step: 'result-dispatched', on, detail: event.data.waybillNo ?? event.data.mode });
      break;
    case 'ResultReceived':
      row.state = 'result-received';
      addStep(row, { step: 'result-received', on });
      break;
    case 'VisitRecorded':
      addStep(row, { step: 'visit', on, detail: event.data.hall });
      break;
    case 'ApplicationWithdrawn':
      row.state = 'withdrawn';
      row.outcome = 'withdrawn';
      row.supplement = null;
      addStep(row, { step: 'withdrawn', on });
      break;
    case 'ApplicationClosed':
      row.state = 'closed';
      row.outcome = event.data.outcome;
      row.closedOn = event.data.closedOn;
      row.supplement = null;
      addStep(row, { step: 'closed', on, detail: event.data.outcome });
      break;
    case 'ApplicationRated':
      row.rating = event.data.level;
      addStep(row, { step: 'rated', on, detail: String(event.data.level) });
      break;
    default:
      return;
  }
  row.revision = event.revision;
  store.put(row);
}

import type { Deadlines } from '../../events/index.js';
import type { ProjectionDeps } from '../calendar-port.js';
import { eventIn, eventTypeSet } from '../event-set.js';
import { applicationIdOf } from '../log-event.js';
import type { LogEvent } from '../log-event.js';
import { extensionSaves } from '../extension-rule.js';
import { warnFromFor } from './warn-from.js';
import type { WorkItemRow, WorkItemStore } from './work-item-row.js';

/** Art 32(4): the one-time supplement notice is due within 5 working days of receiving the materials. */
export const INTAKE_NOTICE_WORKDAYS = 5;

export const WORK_QUEUE_EVENTS = eventTypeSet([
  'ApplicationSubmitted',
  'SupplementRequested',
  'SupplementReceived',
  'ApplicationAccepted',
  'DeemedAccepted',
  'IntakeRefused',
  'ClockSuspended',
  'ClockResumed',
  'ExtensionGranted',
  'DeadlineRecomputed',
  'DecisionMade',
  'ResultDispatched',
  'VisitRecorded',
  'ApplicationWithdrawn',
  'ApplicationClosed',
  'CalendarRevised',
]);

/** Sets the section and the due date that goes with it; the warning date follows the due date. */
function place(row: WorkItemRow, deps: ProjectionDeps): void {
  const { calendar } = deps;
  row.dueKind = null;
  row.dueOn = null;
  row.provisional = false;
  if (row.section === 'intake') {
    row.dueKind = 'intake-notice';
    row.dueOn = calendar.addWorkdays(row.receivedOn, INTAKE_NOTICE_WORKDAYS);
    // Counted here, not by an event: the calendar in use says whether it may move.
    row.provisional = calendar.isProvisional(row.dueOn);
  } else if (row.section === 'processing' && row.committedDeadline) {
    row.dueKind = 'committed';
    row.dueOn = row.committedDeadline;
    row.provisional = row.committedProvisional === true;
  }
  row.warnFrom = row.dueOn === null ? null : warnFromFor(calendar, row.dueOn, row.submittedOn);
}

/** The committed deadline and its provisional flag go together. */
function takeDeadline(row: WorkItemRow, d: Deadlines): void {
  row.committedDeadline = d.committedDeadline;
  row.committedProvisional = d.provisional === true;
}

/** Back to work after the applicant answered: intake before acceptance, else by the clock's state. */
function resumeSection(row: WorkItemRow): void {
  row.waitingFor = null;
  if (!row.accepted) row.section = 'intake';
  // A suspended clock restarts only by the clerk's ClockResumed: until then the case waits on the clerk.
  else row.section = row.suspensionReason ? 'suspended' : 'processing';
}

/** Folds one event into the clerks' work queue and the overdue watch (work-queue projection). */
export function applyWorkQueue(event: LogEvent, store: WorkItemStore, deps: ProjectionDeps): void {
  if (!eventIn(WORK_QUEUE_EVENTS, event)) return;
  if (event.type === 'CalendarRevised') {
    // The revision moves working days: every stored due and warning date is recomputed (DeadlineRecomputed
    // events then move the committed deadlines themselves).
    for (const row of [...store.withDueDates()]) {
      place(row, deps);
      store.put(row);
    }
    return;
  }
  const id = applicationIdOf(event.streamId);
  if (event.type === 'ApplicationSubmitted') {
    const d = event.data;
    const row: WorkItemRow = {
      applicationId: id,
      department: d.department,
      hall: null,
      itemCode: d.itemCode,
      bundleId: d.bundleId ?? null,
      section: 'intake',
      waitingFor: null,
      accepted: false,
      acceptedOn: null,
      deemedAccepted: false,
      submittedOn: d.submittedOn,
      receivedOn: d.submittedOn,
      committedDeadline: null,
      committedProvisional: false,
      suspensionReason: null,
      dueKind: null,
      dueOn: null,
      provisional: false,
      warnFrom: null,
    };
    place(row, deps);
    store.put(row);
    return;
  }
  const row = store.get(id);
  if (!row) return;
  switch (event.type) {
    case 'IntakeRefused':
    case 'ApplicationWithdrawn':
    case 'ApplicationClosed':
      store.delete(id);
      return;
    case 'SupplementRequested':
      row.section = 'waiting';
      row.waitingFor = 'supplement';
      break;
    case 'SupplementReceived':
      row.receivedOn = event.data.receivedOn;
      resumeSection(row);
      break;
    case 'ApplicationAccepted':
    case 'DeemedAccepted':
      row.accepted = true;
      row.acceptedOn = event.data.acceptedOn;
      row.deemedAccepted = event.type === 'DeemedAccepted';
      takeDeadline(row, event.data);
      row.section = 'processing';
      row.waitingFor = null;
      break;
    case 'ClockSuspended':
      row.suspensionReason = event.data.reason;
      if (event.data.reason === 'applicant-supplement') {
        row.section = 'waiting';
        row.waitingFor = 'supplement';
      } else {
        row.section = 'suspended';
      }
      break;
    case 'ClockResumed':
      row.suspensionReason = null;
      takeDeadline(row, event.data);
      row.section = 'processing';
      row.waitingFor = null;
      break;
    case 'ExtensionGranted':
      if (extensionSaves(event.data.grantedOn, row.committedDeadline)) takeDeadline(row, event.data);
      break;
    case 'DeadlineRecomputed':
      takeDeadline(row, event.data);
      break;
    case 'DecisionMade':
      row.section = 'result';
      row.waitingFor = null;
      row.suspensionReason = null;
      break;
    case 'ResultDispatched':
      row.section = 'waiting';
      row.waitingFor = event.data.mode === 'pickup' ? 'pickup' : 'delivery';
      break;
    case 'VisitRecorded':
      row.hall ??= event.data.hall;
      break;
    default:
      return;
  }
  place(row, deps);
  store.put(row);
}

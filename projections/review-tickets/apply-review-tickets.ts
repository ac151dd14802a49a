import type { ProjectionDeps } from '../calendar-port.js';
import { eventIn, eventTypeSet } from '../event-set.js';
import { ticketIdOf } from '../log-event.js';
import type { LogEvent } from '../log-event.js';
import { warnFrom } from '../work-queue/warn-from.js';
import type { ReviewTicketRow, ReviewTicketStore } from './ticket-row.js';

export const REVIEW_TICKET_EVENTS = eventTypeSet([
  'ReviewTicketOpened',
  'ReviewCallbackMade',
  'ReviewResolved',
  'ReviewAppealFiled',
  'ReviewAppealDecided',
  'CalendarRevised',
]);

/** The due date's companions: whether it may move, and when it becomes due soon, on the calendar in force. */
function placeDue(row: ReviewTicketRow, deps: ProjectionDeps): void {
  row.provisional = deps.calendar.isProvisional(row.dueOn);
  row.warnFrom = warnFrom(deps.calendar, row.dueOn);
}

/** Folds one event into the review tickets (review-tickets projection). */
export function applyReviewTickets(event: LogEvent, store: ReviewTicketStore, deps: ProjectionDeps): void {
  if (!eventIn(REVIEW_TICKET_EVENTS, event)) return;
  if (event.type === 'CalendarRevised') {
    // The decider judges "on time" by counting working days on the calendar in force when the ticket is
    // resolved: an open ticket's due date moves with a revision, though no event on its stream says so.
    for (const row of [...store.open()]) {
      row.dueOn = deps.calendar.addWorkdays(row.openedOn, row.dueWorkdays);
      placeDue(row, deps);
      store.put(row);
    }
    return;
  }
  const ticketId = ticketIdOf(event.streamId);
  if (event.type === 'ReviewTicketOpened') {
    const d = event.data;
    const row: ReviewTicketRow = {
      ticketId,
      revision: event.revision,
      applicationId: d.applicationId,
      itemCode: d.itemCode,
      department: d.department,
      level: d.level,
      tags: d.tags,
      openedOn: d.openedOn,
      dueWorkdays: d.dueWorkdays,
      dueOn: d.dueOn,
      provisional: false,
      warnFrom: d.dueOn,
      status: 'open',
      callbacks: [],
      appeal: null,
      resolution: null,
      closedOn: null,
    };
    placeDue(row, deps);
    store.put(row);
    return;
  }
  const row = store.get(ticketId);
  // A stream whose opening this projection never saw cannot be shown; a legal log has none.
  if (!row) return;
  switch (event.type) {
    case 'ReviewCallbackMade':
      row.callbacks.push({ note: event.data.note, calledOn: event.data.calledOn });
      break;
    case 'ReviewResolved':
      row.status = 'resolved';
      row.resolution = { resolution: event.data.resolution, note: event.data.note, resolvedOn: event.data.resolvedOn, onTime: event.data.onTime };
      row.closedOn = event.data.resolvedOn;
      break;
    case 'ReviewAppealFiled':
      row.appeal = { reason: event.data.reason, filedOn: event.data.filedOn, decision: null };
      break;
    case 'ReviewAppealDecided':
      // The decider decides only a filed appeal, so the appeal is there to take its decision.
      if (row.appeal) row.appeal.decision = { upheld: event.data.upheld, note: event.data.note, decidedOn: event.data.decidedOn };
      // Upheld: the rating was wrongly filed and the ticket is void. Not upheld: it is still to be resolved.
      if (event.data.upheld) {
        row.status = 'void';
        row.closedOn = event.data.decidedOn;
      }
      break;
  }
  row.revision = event.revision;
  store.put(row);
}

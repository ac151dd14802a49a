import { shanghaiDate } from '../events/index.js';
import type { LogEvent } from './log-event.js';

/**
 * The legal date of an event: the date its data names (acceptedOn, decidedOn …), or, for the few events
 * without one, the Asia/Shanghai date it occurred on.
 */
export function eventDate(event: LogEvent): string {
  switch (event.type) {
    case 'ApplicationSubmitted':
    case 'BundleSubmitted':
      return event.data.submittedOn;
    case 'PreReviewCompleted':
      return event.data.reviewedOn;
    case 'SupplementRequested':
      return event.data.requestedOn;
    case 'SupplementReceived':
    case 'ResultReceived':
      return event.data.receivedOn;
    case 'ApplicationAccepted':
    case 'DeemedAccepted':
      return event.data.acceptedOn;
    case 'IntakeRefused':
      return event.data.refusedOn;
    case 'ClockSuspended':
      return event.data.suspendedOn;
    case 'ClockResumed':
      return event.data.resumedOn;
    case 'ExtensionGranted':
      return event.data.grantedOn;
    case 'DecisionMade':
    case 'ReviewAppealDecided':
      return event.data.decidedOn;
    case 'ResultIssued':
      return event.data.issuedOn;
    case 'ResultDispatched':
      return event.data.dispatchedOn;
    case 'VisitRecorded':
      return event.data.visitedOn;
    case 'ApplicationWithdrawn':
      return event.data.withdrawnOn;
    case 'ApplicationClosed':
      return event.data.closedOn;
    case 'ApplicationRated':
      return event.data.ratedOn;
    case 'DeadlineRecomputed':
      return event.data.recomputedOn;
    case 'BundleMemberOpened':
    case 'ReviewTicketOpened':
      return event.data.openedOn;
    case 'BundleMemberConcluded':
      return event.data.concludedOn;
    case 'BundleMemberSkipped':
      return event.data.skippedOn;
    case 'BundleCompleted':
      return event.data.completedOn;
    case 'ReviewCallbackMade':
      return event.data.calledOn;
    case 'ReviewResolved':
      return event.data.resolvedOn;
    case 'ReviewAppealFiled':
      return event.data.filedOn;
    default:
      return shanghaiDate(event.metadata.occurredAt);
  }
}

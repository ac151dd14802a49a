import type { Deadlines, ProvidedMaterial } from '../../events/index.js';
import type { ApplicationPendingEvent } from './events.js';
import type { ApplicationState } from './state.js';

function mergeMaterials(current: readonly ProvidedMaterial[], supplied: readonly ProvidedMaterial[]): ProvidedMaterial[] {
  const replaced = new Set(supplied.map((m) => m.code));
  return [...current.filter((m) => !replaced.has(m.code)), ...supplied];
}

export function evolveApplication(state: ApplicationState, event: ApplicationPendingEvent): ApplicationState {
  switch (event.type) {
    case 'ApplicationSubmitted': {
      const d = event.data;
      return {
        ...state,
        status: 'submitted',
        applicationId: d.applicationId,
        itemCode: d.itemCode,
        department: d.department,
        catalogVersion: d.catalogVersion,
        channel: d.channel,
        applicant: d.applicant,
        bundleId: d.bundleId ?? null,
        form: d.form,
        materials: d.materials,
        delivery: d.delivery,
        submittedOn: d.submittedOn,
        receivedOn: d.submittedOn,
        committedLimit: d.committedLimit,
        statutoryLimit: d.statutoryLimit,
        fastTrack: d.fastTrack,
      };
    }
    case 'PreReviewCompleted':
      return { ...state, preReviewed: true };
    case 'SupplementRequested':
      return {
        ...state,
        status: 'supplement-requested',
        supplementRequests: state.supplementRequests + 1,
        pendingSupplement: {
          requestId: event.data.requestId,
          codes: event.data.missing.map((m) => m.code),
          requestedOn: event.data.requestedOn,
        },
      };
    case 'SupplementReceived':
      return {
        ...state,
        status: 'submitted',
        pendingSupplement: null,
        preReviewed: false,
        materials: mergeMaterials(state.materials, event.data.materials),
        receivedOn: event.data.receivedOn,
      };
    case 'ApplicationAccepted':
    case 'DeemedAccepted': {
      return {
        ...state,
        status: 'accepted',
        acceptance: { kind: event.type === 'DeemedAccepted' ? 'deemed' : 'explicit', acceptedOn: event.data.acceptedOn },
        deadlines: deadlinesOf(event.data),
      };
    }
    case 'IntakeRefused':
      return { ...state, status: 'closed' };
    case 'ClockSuspended':
      return { ...state, status: 'suspended', suspension: { reason: event.data.reason, suspendedOn: event.data.suspendedOn } };
    case 'ClockResumed': {
      const { resumedOn } = event.data;
      const suspendedOn = state.suspension?.suspendedOn ?? resumedOn;
      return {
        ...state,
        status: 'accepted',
        suspension: null,
        suspensions: [...state.suspensions, { from: suspendedOn, to: resumedOn }],
        deadlines: deadlinesOf(event.data),
      };
    }
    case 'ExtensionGranted':
      return { ...state, extensionDays: state.extensionDays + event.data.days, deadlines: deadlinesOf(event.data) };
    case 'DeadlineRecomputed':
      return { ...state, deadlines: deadlinesOf(event.data) };
    case 'InstantApprovalDeclined':
      return { ...state, instantApprovalDeclined: event.data.reasons };
    case 'DecisionMade': {
      const { outcome, decidedBy, decidedOn } = event.data;
      return { ...state, status: outcome === 'approved' ? 'decided' : 'closed', decision: { outcome, decidedBy, decidedOn } };
    }
    case 'ResultIssued':
      return { ...state, status: 'issued', result: { ...event.data } };
    case 'ResultDispatched':
      return { ...state, status: 'dispatched', dispatch: { mode: event.data.mode, dispatchedOn: event.data.dispatchedOn } };
    case 'ResultReceived':
      return { ...state, status: 'closed' };
    case 'ApplicationWithdrawn':
      return { ...state, status: 'closed' };
    case 'ApplicationClosed':
      return { ...state, status: 'closed', closure: { outcome: event.data.outcome, closedOn: event.data.closedOn } };
    case 'VisitRecorded':
      return { ...state, visits: state.visits + 1 };
    case 'ApplicationRated':
      return { ...state, rating: { level: event.data.level, ratedOn: event.data.ratedOn } };
  }
}

/** The deadline fields of an event that sets them, nothing else of it. */
function deadlinesOf({ committedDeadline, statutoryDeadline, calendarVersion, provisional }: Deadlines): Deadlines {
  return { committedDeadline, statutoryDeadline, calendarVersion, ...(provisional ? { provisional } : {}) };
}

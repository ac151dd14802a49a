import type { RecordedEvent } from '../store/port.js';

/** Counts of what the seed wrote, for the summary the CLI prints. */
export interface SeedTally {
  observe(event: RecordedEvent): void;
  /** Events of one type written so far. */
  count(type: string): number;
  summary(): TallySummary;
}

export interface TallySummary {
  events: number;
  streams: { applications: number; bundles: number; reviewTickets: number };
  eventsByType: Record<string, number>;
  applicationsByChannel: Record<string, number>;
  bundlesByCode: Record<string, number>;
  bundleOutcomes: Record<string, number>;
  /** decidedOnAcceptanceDay: 即办, concluded on the day of acceptance (by rule or by a clerk). */
  decisions: { byRule: number; byStaff: number; approved: number; denied: number; instantApprovalDeclined: number; decidedOnAcceptanceDay: number };
  intake: { supplementRequests: number; refused: number; deemedAccepted: number; withdrawn: number };
  clock: { suspensions: number; extensions: number };
  dispatches: Record<string, number>;
  visitsByPurpose: Record<string, number>;
  ratingsByLevel: Record<string, number>;
  reviews: { opened: number; callbacks: number; resolved: number; resolvedOnTime: number; appeals: number; appealsUpheld: number };
  /** Applications submitted but not closed when the run ended (in processing, awaiting pickup …). */
  openApplications: number;
}

const bump = (table: Record<string, number>, key: string): void => {
  table[key] = (table[key] ?? 0) + 1;
};

export function createSeedTally(): SeedTally {
  let events = 0;
  const byType: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  const bundlesByCode: Record<string, number> = {};
  const bundleOutcomes: Record<string, number> = {};
  const dispatches: Record<string, number> = {};
  const visits: Record<string, number> = {};
  const ratings: Record<string, number> = {};
  const decisions = { byRule: 0, byStaff: 0, approved: 0, denied: 0, instantApprovalDeclined: 0, decidedOnAcceptanceDay: 0 };
  const reviews = { opened: 0, callbacks: 0, resolved: 0, resolvedOnTime: 0, appeals: 0, appealsUpheld: 0 };
  // Acceptance dates of applications not yet decided (only those in flight are kept).
  const acceptedOn = new Map<string, string>();

  return {
    count: (type) => byType[type] ?? 0,
    observe(event) {
      events++;
      bump(byType, event.type);
      const d = event.data as Record<string, unknown>;
      switch (event.type) {
        case 'ApplicationSubmitted':
          bump(byChannel, d.channel as string);
          break;
        case 'BundleSubmitted':
          bump(bundlesByCode, d.bundleCode as string);
          break;
        case 'BundleCompleted':
          bump(bundleOutcomes, d.outcome as string);
          break;
        case 'ApplicationAccepted':
        case 'DeemedAccepted':
          acceptedOn.set(event.streamId, d.acceptedOn as string);
          break;
        case 'ApplicationClosed':
          acceptedOn.delete(event.streamId);
          break;
        case 'DecisionMade':
          if (d.decidedBy === 'rule') decisions.byRule++;
          else decisions.byStaff++;
          if (d.outcome === 'approved') decisions.approved++;
          else decisions.denied++;
          if (acceptedOn.get(event.streamId) === d.decidedOn) decisions.decidedOnAcceptanceDay++;
          acceptedOn.delete(event.streamId);
          break;
        case 'InstantApprovalDeclined':
          decisions.instantApprovalDeclined++;
          break;
        case 'ResultDispatched':
          bump(dispatches, d.mode as string);
          break;
        case 'VisitRecorded':
          bump(visits, d.purpose as string);
          break;
        case 'ApplicationRated':
          bump(ratings, String(d.level));
          break;
        case 'ReviewTicketOpened':
          reviews.opened++;
          break;
        case 'ReviewCallbackMade':
          reviews.callbacks++;
          break;
        case 'ReviewResolved':
          reviews.resolved++;
          if (d.onTime === true) reviews.resolvedOnTime++;
          break;
        case 'ReviewAppealFiled':
          reviews.appeals++;
          break;
        case 'ReviewAppealDecided':
          if (d.upheld === true) reviews.appealsUpheld++;
          break;
        default:
          break;
      }
    },
    summary() {
      const n = (type: string): number => byType[type] ?? 0;
      return {
        events,
        streams: { applications: n('ApplicationSubmitted'), bundles: n('BundleSubmitted'), reviewTickets: n('ReviewTicketOpened') },
        eventsByType: { ...byType },
        applicationsByChannel: { ...byChannel },
        bundlesByCode: { ...bundlesByCode },
        bundleOutcomes: { ...bundleOutcomes },
        decisions: { ...decisions },
        intake: { supplementRequests: n('SupplementRequested'), refused: n('IntakeRefused'), deemedAccepted: n('DeemedAccepted'), withdrawn: n('ApplicationWithdrawn') },
        clock: { suspensions: n('ClockSuspended'), extensions: n('ExtensionGranted') },
        dispatches: { ...dispatches },
        visitsByPurpose: { ...visits },
        ratingsByLevel: { ...ratings },
        reviews: { ...reviews },
        openApplications: n('ApplicationSubmitted') - n('ApplicationClosed'),
      };
    },
  };
}

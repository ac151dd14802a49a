import type { ProjectionDeps } from '../calendar-port.js';
import { eventIn, eventTypeSet } from '../event-set.js';
import { bundleIdOf } from '../log-event.js';
import type { LogEvent } from '../log-event.js';
import type { BundleMemberState, BundleStore } from './bundle-row.js';

export const BUNDLE_PROGRESS_EVENTS = eventTypeSet([
  'BundleSubmitted',
  'BundleMemberOpened',
  'BundleMemberConcluded',
  'BundleMemberSkipped',
  'BundleCompleted',
]);

/** Folds one bundle event into the bundle progress row (bundle-progress projection). */
export function applyBundleProgress(event: LogEvent, store: BundleStore, deps: ProjectionDeps): void {
  if (!eventIn(BUNDLE_PROGRESS_EVENTS, event)) return;
  const id = bundleIdOf(event.streamId);
  if (event.type === 'BundleSubmitted') {
    const d = event.data;
    store.put({
      bundleId: id,
      bundleCode: d.bundleCode,
      channel: d.channel,
      applicantId: d.applicant.id,
      idNumberHash: d.applicant.idNumber === undefined ? null : deps.hashIdentity(d.applicant.idNumber),
      submittedOn: d.submittedOn,
      members: d.members.map((m) => ({
        itemCode: m.itemCode,
        dependsOn: [...m.dependsOn],
        applicationId: null,
        status: 'waiting',
        outcome: null,
        concludedOn: null,
        skipReason: null,
      })),
      completedOn: null,
      outcome: null,
    });
    return;
  }
  const row = store.get(id);
  if (!row) return;
  const member = (itemCode: string): BundleMemberState | undefined => row.members.find((m) => m.itemCode === itemCode);
  switch (event.type) {
    case 'BundleMemberOpened': {
      const m = member(event.data.itemCode);
      if (!m) return;
      m.applicationId = event.data.applicationId;
      m.status = 'open';
      break;
    }
    case 'BundleMemberConcluded': {
      const m = member(event.data.itemCode);
      if (!m) return;
      m.applicationId = event.data.applicationId;
      m.status = 'concluded';
      m.outcome = event.data.outcome;
      m.concludedOn = event.data.concludedOn;
      break;
    }
    case 'BundleMemberSkipped': {
      const m = member(event.data.itemCode);
      if (!m) return;
      m.status = 'skipped';
      m.skipReason = event.data.reason;
      break;
    }
    case 'BundleCompleted':
      row.completedOn = event.data.completedOn;
      row.outcome = event.data.outcome;
      break;
    default:
      return;
  }
  store.put(row);
}

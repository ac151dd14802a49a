import type { BundlePendingEvent } from './events.js';
import type { BundleMemberState, BundleState } from './state.js';

function updateMember(state: BundleState, itemCode: string, change: Partial<BundleMemberState>): BundleState {
  return { ...state, members: state.members.map((m) => (m.itemCode === itemCode ? { ...m, ...change } : m)) };
}

export function evolveBundle(state: BundleState, event: BundlePendingEvent): BundleState {
  switch (event.type) {
    case 'BundleSubmitted': {
      const d = event.data;
      return {
        ...state,
        status: 'open',
        bundleId: d.bundleId,
        bundleCode: d.bundleCode,
        catalogVersion: d.catalogVersion,
        channel: d.channel,
        applicant: d.applicant,
        form: d.form,
        materials: d.materials,
        delivery: d.delivery,
        submittedOn: d.submittedOn,
        onMemberDenied: d.onMemberDenied ?? 'continue',
        members: d.members.map((m) => ({ itemCode: m.itemCode, dependsOn: m.dependsOn, status: 'waiting', applicationId: null, outcome: null })),
      };
    }
    case 'BundleMemberOpened':
      return updateMember(state, event.data.itemCode, { status: 'opened', applicationId: event.data.applicationId });
    case 'BundleMemberConcluded':
      return updateMember(state, event.data.itemCode, { status: 'concluded', outcome: event.data.outcome });
    case 'BundleMemberSkipped':
      return updateMember(state, event.data.itemCode, { status: 'skipped' });
    case 'BundleCompleted':
      return { ...state, status: 'completed' };
  }
}

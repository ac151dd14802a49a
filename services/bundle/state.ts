import type { Applicant, Channel, Delivery, ProvidedMaterial } from '../../events/index.js';

export type MemberOutcome = 'approved' | 'denied' | 'refused' | 'withdrawn';

export interface BundleMemberState {
  itemCode: string;
  dependsOn: string[];
  /** waiting: not opened yet; opened: its application runs; concluded: it has an outcome; skipped: it will not open. */
  status: 'waiting' | 'opened' | 'concluded' | 'skipped';
  applicationId: string | null;
  outcome: MemberOutcome | null;
}

export interface BundleState {
  status: 'none' | 'open' | 'completed';
  bundleId: string | null;
  bundleCode: string | null;
  catalogVersion: number | null;
  channel: Channel | null;
  applicant: Applicant | null;
  form: Record<string, unknown>;
  materials: ProvidedMaterial[];
  delivery: Delivery | null;
  submittedOn: string | null;
  onMemberDenied: 'continue' | 'stop';
  /** In the catalog's order. */
  members: BundleMemberState[];
}

export const initialBundleState: BundleState = {
  status: 'none',
  bundleId: null,
  bundleCode: null,
  catalogVersion: null,
  channel: null,
  applicant: null,
  form: {},
  materials: [],
  delivery: null,
  submittedOn: null,
  onMemberDenied: 'continue',
  members: [],
};

export function memberOf(state: BundleState, itemCode: string): BundleMemberState | undefined {
  return state.members.find((m) => m.itemCode === itemCode);
}

import type { Channel } from '../../events/index.js';

export type MemberStatus = 'waiting' | 'open' | 'concluded' | 'skipped';

export interface BundleMemberState {
  itemCode: string;
  /** Members whose approval this one needs before it opens. */
  dependsOn: string[];
  applicationId: string | null;
  status: MemberStatus;
  outcome: 'approved' | 'denied' | 'refused' | 'withdrawn' | null;
  concludedOn: string | null;
  skipReason: string | null;
}

/** One row per 一件事 bundle: its members and how far each has come. */
export interface BundleRow {
  bundleId: string;
  bundleCode: string;
  channel: Channel;
  applicantId: string;
  idNumberHash: string | null;
  submittedOn: string;
  members: BundleMemberState[];
  completedOn: string | null;
  outcome: 'complete' | 'partial' | 'failed' | null;
}

export interface BundleStore {
  get(bundleId: string): BundleRow | undefined;
  put(row: BundleRow): void;
}

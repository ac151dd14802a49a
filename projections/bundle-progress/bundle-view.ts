import type { ApplicationStatusRow } from '../application-status/status-row.js';
import { STATE_WORDS } from '../application-status/status-words.js';
import type { Words } from '../application-status/status-words.js';
import type { BundleMemberState, BundleRow } from './bundle-row.js';

/** What holds a bundle up, member by member. */
export type BundleBlocker =
  | { itemCode: string; kind: 'dependency'; waitingOn: string[] }
  | { itemCode: string; kind: 'not-opened' }
  | { itemCode: string; kind: 'applicant'; need: 'supplement' | 'pickup' }
  | {
      itemCode: string;
      kind: 'department';
      department: string;
      state: string;
      committedDeadline: string | null;
      /** The committed deadline may move when the State Council's holiday notice is published. */
      provisional: boolean;
      overdue: boolean;
    };

export interface BundleMemberView extends BundleMemberState {
  application: {
    state: ApplicationStatusRow['state'];
    stateText: Words;
    department: string;
    committedDeadline: string | null;
    /** The committed deadline may move when the State Council's holiday notice is published. */
    provisional: boolean;
  } | null;
}

export interface BundleProgressView {
  bundleId: string;
  bundleCode: string;
  channel: string;
  applicantId: string;
  submittedOn: string;
  state: 'open' | 'completed';
  outcome: BundleRow['outcome'];
  completedOn: string | null;
  members: BundleMemberView[];
  blockedBy: BundleBlocker[];
}

/** Status rows stored before the flag read as official. */
const provisionalOf = (app: ApplicationStatusRow): boolean => app.provisional === true && app.committedDeadline !== null;

function blockerOf(
  member: BundleMemberState,
  all: readonly BundleMemberState[],
  app: ApplicationStatusRow | undefined,
  today: string,
): BundleBlocker | null {
  if (member.status === 'concluded' || member.status === 'skipped') return null;
  if (member.status === 'waiting') {
    const waitingOn = member.dependsOn.filter((code) => all.find((m) => m.itemCode === code)?.outcome !== 'approved');
    return waitingOn.length > 0 ? { itemCode: member.itemCode, kind: 'dependency', waitingOn } : { itemCode: member.itemCode, kind: 'not-opened' };
  }
  if (!app) return { itemCode: member.itemCode, kind: 'not-opened' };
  if (app.supplement) return { itemCode: member.itemCode, kind: 'applicant', need: 'supplement' };
  if (app.state === 'result-dispatched' && app.dispatchMode === 'pickup') return { itemCode: member.itemCode, kind: 'applicant', need: 'pickup' };
  const running = app.state === 'accepted' && app.committedDeadline !== null;
  return {
    itemCode: member.itemCode,
    kind: 'department',
    department: app.department,
    state: app.state,
    committedDeadline: app.committedDeadline,
    provisional: provisionalOf(app),
    overdue: running && today > app.committedDeadline!,
  };
}

/** The bundle's progress on `today`, with its members' application states looked up by id. */
export function toBundleView(
  row: BundleRow,
  applications: ReadonlyMap<string, ApplicationStatusRow>,
  today: string,
): BundleProgressView {
  const members = row.members.map((m): BundleMemberView => {
    const app = m.applicationId ? applications.get(m.applicationId) : undefined;
    return {
      ...m,
      application: app
        ? {
            state: app.state,
            stateText: STATE_WORDS[app.state],
            department: app.department,
            committedDeadline: app.committedDeadline,
            provisional: provisionalOf(app),
          }
        : null,
    };
  });
  const blockedBy =
    row.completedOn !== null
      ? []
      : row.members
          .map((m) => blockerOf(m, row.members, m.applicationId ? applications.get(m.applicationId) : undefined, today))
          .filter((b): b is BundleBlocker => b !== null);
  return {
    bundleId: row.bundleId,
    bundleCode: row.bundleCode,
    channel: row.channel,
    applicantId: row.applicantId,
    submittedOn: row.submittedOn,
    state: row.completedOn === null ? 'open' : 'completed',
    outcome: row.outcome,
    completedOn: row.completedOn,
    members,
    blockedBy,
  };
}

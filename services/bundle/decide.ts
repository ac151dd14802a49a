import { DomainError } from '../decider.js';
import type { CommandContext, Decider } from '../decider.js';
import type { BundleCommand, ConcludeBundleMember, OpenBundleMember, SkipBundleMember } from './commands.js';
import { decideSubmitBundle } from './decide-submit.js';
import type { BundleDeps } from './deps.js';
import { bundleEvent } from './events.js';
import type { BundlePendingEvent } from './events.js';
import { evolveBundle } from './evolve.js';
import { isSettled, waitingDependents } from './ordering.js';
import { initialBundleState, memberOf } from './state.js';
import type { BundleMemberState, BundleState, MemberOutcome } from './state.js';

function refuse(code: string, command: BundleCommand, state: BundleState, message: string): never {
  throw new DomainError(code, command.type, state.status, message);
}

function openMemberNamed(command: BundleCommand & { itemCode: string }, state: BundleState): BundleMemberState {
  if (state.status !== 'open') refuse('INVALID_TRANSITION', command, state, 'the bundle is not open');
  return memberOf(state, command.itemCode) ?? refuse('UNKNOWN_MEMBER', command, state, `${command.itemCode} is not a member of ${String(state.bundleCode)}`);
}

/**
 * What a member that ended without approval does to the others: members that need it are skipped; under the
 * catalog's `stop` rule every member not yet opened is skipped too. Members already opened run on.
 */
function consequences(state: BundleState, itemCode: string, outcome: MemberOutcome | 'skipped', on: string): BundlePendingEvent[] {
  if (outcome === 'approved') return [];
  const dependents = waitingDependents(state, itemCode);
  const skipped = dependents.map((m) => bundleEvent('BundleMemberSkipped', { itemCode: m.itemCode, reason: `needs ${itemCode}, which was ${outcome}`, skippedOn: on }));
  if (state.onMemberDenied !== 'stop') return skipped;
  const stopped = state.members
    .filter((m) => m.status === 'waiting' && m.itemCode !== itemCode && !dependents.includes(m))
    .map((m) => bundleEvent('BundleMemberSkipped', { itemCode: m.itemCode, reason: `the bundle stops: ${itemCode} was ${outcome}`, skippedOn: on }));
  return [...skipped, ...stopped];
}

/** BundleCompleted once every member is concluded or skipped: complete, partial (some approved) or failed. */
function completion(events: BundlePendingEvent[], state: BundleState, on: string): BundlePendingEvent[] {
  const after = events.reduce(evolveBundle, state);
  if (!after.members.every(isSettled)) return events;
  const approved = after.members.filter((m) => m.outcome === 'approved').map((m) => m.itemCode);
  const notApproved = after.members.filter((m) => m.status === 'concluded' && m.outcome !== 'approved').map((m) => m.itemCode);
  const skipped = after.members.filter((m) => m.status === 'skipped').map((m) => m.itemCode);
  const outcome = approved.length === after.members.length ? 'complete' : approved.length > 0 ? 'partial' : 'failed';
  return [...events, bundleEvent('BundleCompleted', { outcome, approved, notApproved, skipped, completedOn: on })];
}

function decideOpen(command: OpenBundleMember, state: BundleState, ctx: CommandContext): BundlePendingEvent[] {
  const member = openMemberNamed(command, state);
  if (member.status !== 'waiting') refuse('MEMBER_NOT_WAITING', command, state, `${member.itemCode} is ${member.status} already`);
  const unmet = member.dependsOn.filter((d) => memberOf(state, d)?.outcome !== 'approved');
  if (unmet.length > 0) refuse('DEPENDENCIES_NOT_MET', command, state, `${member.itemCode} waits for the approval of ${unmet.join(', ')}`);
  return [bundleEvent('BundleMemberOpened', { itemCode: member.itemCode, applicationId: command.applicationId, openedOn: ctx.today })];
}

function decideConclude(command: ConcludeBundleMember, state: BundleState): BundlePendingEvent[] {
  const member = openMemberNamed(command, state);
  if (member.status !== 'opened') refuse('MEMBER_NOT_OPEN', command, state, `${member.itemCode} is ${member.status}`);
  if (member.applicationId !== command.applicationId) {
    refuse('APPLICATION_MISMATCH', command, state, `${member.itemCode} runs as application ${String(member.applicationId)}, not ${command.applicationId}`);
  }
  const on = command.concludedOn;
  const concluded = bundleEvent('BundleMemberConcluded', { itemCode: member.itemCode, applicationId: command.applicationId, outcome: command.outcome, concludedOn: on });
  return completion([concluded, ...consequences(state, member.itemCode, command.outcome, on)], state, on);
}

function decideSkip(command: SkipBundleMember, state: BundleState, ctx: CommandContext): BundlePendingEvent[] {
  const member = openMemberNamed(command, state);
  if (member.status !== 'waiting') refuse('MEMBER_NOT_WAITING', command, state, `${member.itemCode} is ${member.status} already`);
  const skipped = bundleEvent('BundleMemberSkipped', { itemCode: member.itemCode, reason: command.reason, skippedOn: ctx.today });
  return completion([skipped, ...consequences(state, member.itemCode, 'skipped', ctx.today)], state, ctx.today);
}

export function decideBundle(command: BundleCommand, state: BundleState, ctx: CommandContext, deps: BundleDeps): BundlePendingEvent[] {
  switch (command.type) {
    case 'submitBundle':
      return decideSubmitBundle(command, state, ctx, deps);
    case 'openMember':
      return decideOpen(command, state, ctx);
    case 'concludeMember':
      return decideConclude(command, state);
    case 'skipMember':
      return decideSkip(command, state, ctx);
  }
}

/** The 一件事 bundle decider, stream `bundle-<id>`. */
export const bundleDecider: Decider<BundleCommand, BundleState, BundlePendingEvent, BundleDeps> = {
  initialState: initialBundleState,
  decide: decideBundle,
  evolve: evolveBundle,
};

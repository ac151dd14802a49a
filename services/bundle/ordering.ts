import type { BundleMemberState, BundleState } from './state.js';

/** Members in an order where each comes after those it depends on; null when a dependency is unknown or circular. */
export function dependencyOrder(members: readonly { itemCode: string; dependsOn: readonly string[] }[]): string[] | null {
  const codes = new Set(members.map((m) => m.itemCode));
  if (members.some((m) => m.dependsOn.some((d) => !codes.has(d) || d === m.itemCode))) return null;
  const placed: string[] = [];
  const remaining = [...members];
  while (remaining.length > 0) {
    const next = remaining.findIndex((m) => m.dependsOn.every((d) => placed.includes(d)));
    if (next < 0) return null;
    placed.push(remaining.splice(next, 1)[0]!.itemCode);
  }
  return placed;
}

/** Waiting members whose every dependency is approved: the ones to open now, in the catalog's order. */
export function readyMembers(state: BundleState): BundleMemberState[] {
  if (state.status !== 'open') return [];
  const approved = new Set(state.members.filter((m) => m.outcome === 'approved').map((m) => m.itemCode));
  return state.members.filter((m) => m.status === 'waiting' && m.dependsOn.every((d) => approved.has(d)));
}

/** Waiting members that need `itemCode`, directly or through another member. */
export function waitingDependents(state: BundleState, itemCode: string): BundleMemberState[] {
  const ended = new Set([itemCode]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of state.members) {
      if (!ended.has(m.itemCode) && m.dependsOn.some((d) => ended.has(d))) {
        ended.add(m.itemCode);
        grew = true;
      }
    }
  }
  return state.members.filter((m) => m.status === 'waiting' && m.itemCode !== itemCode && ended.has(m.itemCode));
}

export function isSettled(member: BundleMemberState): boolean {
  return member.status === 'concluded' || member.status === 'skipped';
}

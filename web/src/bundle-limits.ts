// A bundle has no limit of its own: the members run one after another where they depend on each other, so the
// dashboard draws the bundle's turnaround (submission to last conclusion, working days) against the longest
// chain of its members' limits. A natural-day limit counts 5 working days per 7 (rounded up), an estimate:
// the exact count depends on the dates (DESIGN.md §6 converts the other way for the promised speed-up).

/** A time limit as the catalog states it (kept here so the file stands alone: tests/unit runs it in Node). */
interface Limit {
  value: number;
  unit: 'working' | 'natural';
}

export interface BundleMemberLimits {
  code: string;
  dependsOn: string[];
  statutoryLimit: Limit;
  committedLimit: Limit;
}

const workingDays = (l: Limit): number => (l.unit === 'working' ? l.value : Math.ceil((l.value * 5) / 7));

/** The longest chain of `which` limits through the members' dependencies, in working days. */
export function chainLimit(members: readonly BundleMemberLimits[], which: 'statutoryLimit' | 'committedLimit'): number {
  const byCode = new Map(members.map((m) => [m.code, m]));
  const memo = new Map<string, number>();
  const finish = (code: string, seen: Set<string>): number => {
    const known = memo.get(code);
    if (known !== undefined) return known;
    const member = byCode.get(code);
    if (!member || seen.has(code)) return 0;
    const before = Math.max(0, ...member.dependsOn.map((d) => finish(d, new Set([...seen, code]))));
    const value = before + workingDays(member[which]);
    memo.set(code, value);
    return value;
  };
  return Math.max(0, ...members.map((m) => finish(m.code, new Set())));
}

// Where a CPU profile's time went, by file of ours (and by group: the event store's writes, the live
// projections, the idempotency store, the process managers, HTTP): the self time of every sample, so a
// synchronous SQLite call counts in the file that made it.
//
//   BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:http -- --scenario mixed …
//   node --import tsx bench/cpu-profile-summary.ts /tmp/prof/*.cpuprofile   # one profile a thread: *.0.001 is the main one
//   … --last 12 /tmp/prof/*.0.001.cpuprofile   # only the profile's last 12 s: the scenario, without the server's start and the sessions' first requests
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const GROUPS: [string, RegExp][] = [
  ['event store: appends (transactions, checks)', /infra\/store\/(sqlite-(append|transactions|writer-worker)|group-commit)/],
  ['event store: messages to the writer', /infra\/store\/(sqlite-thread-store|forwarding-store|process-writer|sqlite-writer-messages)/],
  ['event store: reads and codec (sqlite-store.ts)', /infra\/store\//],
  ['read models: queries', /infra\/read-models\/[a-z-]*-queries\.ts/],
  ['live projections (runner, folds, SQL homes)', /infra\/(projections|read-models)\/|\/projections\//],
  ['idempotency store', /infra\/http\/idempotency\//],
  ['process managers', /infra\/process-managers\//],
  ['commands and deciders', /infra\/commands\/|\/services\//],
  ['HTTP (ours)', /infra\/http\//],
  ['express and node', /node_modules\/(express|router|body-parser|helmet|pino|jose)|node:/],
];

const { values, positionals } = parseArgs({ options: { last: { type: 'string' } }, allowPositionals: true });
const lastMicros = values.last === undefined ? Infinity : Number(values.last) * 1e6;

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const span = profile.timeDeltas.reduce((sum, dt) => sum + dt, 0);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** The nearest frame of a file of ours (or of a package) above a sample: a native call counts there. */
  const ownerOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)!.callFrame.url;
      if (url && !url.startsWith('node:internal')) return url.replace(/^file:\/\/.*?\/(infra|bench|services|projections|events|node_modules)\//, '$1/');
    }
    const name = byId.get(id)!.callFrame.functionName || 'native';
    // V8's own entries are named in parentheses already: (idle), (program), (garbage collector).
    return name.startsWith('(') ? name : `(${name})`;
  };
  const selfByFile = new Map<string, number>();
  let total = 0;
  let at = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at < span - lastMicros) return;
    total += dt;
    const owner = ownerOf(id);
    selfByFile.set(owner, (selfByFile.get(owner) ?? 0) + dt);
  });
  const idle = selfByFile.get('(idle)') ?? 0;
  const busy = total - idle;
  const byGroup = new Map<string, number>();
  for (const [owner, us] of selfByFile) {
    if (owner === '(idle)') continue;
    const group = GROUPS.find(([, re]) => re.test(owner))?.[0] ?? 'other';
    byGroup.set(group, (byGroup.get(group) ?? 0) + us);
  }
  const pct = (us: number): string => `${((100 * us) / busy).toFixed(1)} %`;
  process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s profiled, busy ${(busy / 1e6).toFixed(1)} s\n`);
  for (const [group, us] of [...byGroup].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${group.padEnd(48)} ${(us / 1e3).toFixed(0).padStart(7)} ms  ${pct(us)}\n`);
  process.stdout.write('  top files:\n');
  for (const [owner, us] of [...selfByFile].filter(([o]) => o !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    process.stdout.write(`    ${owner.padEnd(60)} ${(us / 1e3).toFixed(0).padStart(7)} ms  ${pct(us)}\n`);
  }
}

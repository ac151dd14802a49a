// npm run torture:fuzz — hostile requests and the authorization matrix against a real seeded server
// (stress/fuzz-run.ts), with its figures.
//
//   npm run torture:fuzz                                  # 12,000 hostile requests, seed 1
//   npm run torture:fuzz -- --requests 2000 --seed 7      # shorter
//   taskset -c 1 npm run torture:fuzz                     # on one core (a shared machine)
//
// Progress on stderr; the figures on stdout, then a JSON line. Exits 1 on any finding.
import { parseArgs } from 'node:util';
import { fuzzRun } from './fuzz-run.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '12000' },
    seed: { type: 'string', default: '1' },
    applications: { type: 'string', default: '400' },
    'dump-every': { type: 'string', default: '100' },
  },
});

const figures = await fuzzRun({
  requests: Number(values.requests),
  seed: Number(values.seed),
  seededApplications: Number(values.applications),
  dumpEvery: Number(values['dump-every']),
  progress: (line) => process.stderr.write(`${line}\n`),
});

const rows: [string, number | string][] = [
  ['hostile requests', figures.hostileRequests],
  ['5xx answers', figures.serverErrors],
  ['answers not as documented', figures.nonConforming],
  ['hostile requests accepted', figures.acceptedHostile],
  ['refusals or reads that changed the store', figures.changedByRefusal],
  ['read-model content comparisons', figures.readModelComparisons],
  ['requests cut without an answer', figures.noAnswer],
  ['authorization: operations', figures.authzOperations],
  ['authorization: kinds of caller', figures.authzCallers],
  ['authorization violations', figures.authzViolations],
  ['seconds', figures.seconds],
];
for (const [name, value] of rows) process.stdout.write(`${name.padEnd(42)} ${value}\n`);
process.stdout.write(`statuses: ${Object.entries(figures.statuses).map(([s, n]) => `${s}×${n}`).join(' ')}\n`);
process.stdout.write(`categories:\n${Object.entries(figures.byCategory).sort().map(([c, n]) => `  ${c.padEnd(40)} ${n}`).join('\n')}\n`);
for (const finding of figures.findings.slice(0, 50)) process.stdout.write(`FINDING ${finding}\n`);
if (figures.findings.length > 50) process.stdout.write(`… and ${figures.findings.length - 50} more findings\n`);
process.stdout.write(`${JSON.stringify({ seed: Number(values.seed), ...figures, findings: figures.findings.length })}\n`);
process.exitCode = figures.findings.length === 0 ? 0 : 1;

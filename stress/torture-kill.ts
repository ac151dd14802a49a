// npm run torture:kill — the SIGKILL-under-load run (stress/kill-run.ts), with its figures.
//
//   npm run torture:kill                                  # 100 kills, 8 clients, seed 1
//   npm run torture:kill -- --kills 20 --seed 7           # shorter
//   npm run torture:kill -- --minutes 10                  # stop killing after 10 minutes, whatever --kills says
//   taskset -c 1 npm run torture:kill                     # on one core (a shared machine)
//   npm run torture:kill -- --store postgres              # the log on PostgreSQL (PG_URL, default 127.0.0.1:5432), a database of its own
//
// Progress on stderr (a line per kill); the figures on stdout, then a JSON line. Exits 1 on any finding.
import { parseArgs } from 'node:util';
import { killRun } from './kill-run.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '100' },
    minutes: { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    clients: { type: 'string', default: '8' },
    'min-up-ms': { type: 'string', default: '300' },
    'max-up-ms': { type: 'string', default: '3000' },
    keep: { type: 'boolean', default: false },
    store: { type: 'string', default: 'sqlite' },
  },
});
if (values.store !== 'sqlite' && values.store !== 'postgres') {
  process.stderr.write(`--store "${values.store}": sqlite or postgres\n`);
  process.exit(2);
}

const figures = await killRun({
  kills: Number(values.kills),
  maxSeconds: Number(values.minutes) * 60,
  seed: Number(values.seed),
  clients: Number(values.clients),
  upMs: [Number(values['min-up-ms']), Number(values['max-up-ms'])],
  keep: values.keep,
  store: values.store,
  progress: (line) => process.stderr.write(`${line}\n`),
});

const rows: [string, number | string][] = [
  ['kills (SIGKILL under load)', figures.kills],
  ['writes sent', figures.writesSent],
  ['acknowledged writes', figures.acknowledged],
  ['retries (same key)', figures.retries],
  ['answered from an earlier attempt', figures.answeredFromEarlierAttempt],
  ['409 idempotency-key-in-use', figures.keyInUse],
  ['refused (4xx)', figures.refused],
  ['lost', figures.lost],
  ['duplicated', figures.duplicated],
  ['written but never sent', figures.unaccounted],
  ['read-model tables unlike a rebuild', figures.readModelMismatches],
  ['events in the log', figures.events],
  ['seconds', figures.seconds],
];
for (const [name, value] of rows) process.stdout.write(`${name.padEnd(36)} ${value}\n`);
for (const finding of figures.findings.slice(0, 50)) process.stdout.write(`FINDING ${finding}\n`);
if (figures.findings.length > 50) process.stdout.write(`… and ${figures.findings.length - 50} more findings\n`);
if (values.keep) process.stdout.write(`data directory kept: ${figures.dataDir}\n`);
process.stdout.write(`${JSON.stringify({ seed: Number(values.seed), store: values.store, ...figures, findings: figures.findings.length })}\n`);
process.exitCode = figures.findings.length === 0 ? 0 : 1;

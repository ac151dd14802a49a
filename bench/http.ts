// HTTP benchmark (issue 6, item 9; issue 20): the real API on a store seeded with a million applications, under
// autocannon on loopback. Each round measures the ceiling first, a trivial GET route on stock express 5 in a
// process of its own (bench/stock-express-server.ts), then our own tuned trivial route (same middleware as the
// API, in the API's process), then the scenario; every ratio is to the stock ceiling.
//
//   npm run bench:http                                   # seeds 1,010,000 applications into a temporary DATA_DIR (≈15 min)
//   npm run bench:http -- --data-dir /tmp/bench-1m       # reuses (or first seeds) that directory
//   BENCH_DATA_DIR=/tmp/bench-1m npm run bench:http -- --seconds 5
//   npm run bench:http -- --data-dir /tmp/bench-1m --scenarios status,metrics --seconds 5   # a subset, shorter
//   npm run bench:http -- --data-dir /tmp/bench-1m --rounds 1   # one (trivial, scenario) pair each instead of three
//   BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:http -- …   # profile the server
//   npm run bench:http -- --data-dir /tmp/bench-1m --scenario mixed   # the mixed load alone: reads at 50 connections, 200 writes a second
//   npm run bench:http -- --data-dir /tmp/bench-1m --scenario mixed --workers 2   # the same against serve --workers 2's layout
//   npm run bench:http -- --users 20000 --sign-ins 10   # the sessions (the defaults): 20,000 signed-in users, 10 new sign-ins a second
//
// Progress goes to stderr; the table (and a JSON line) to stdout. Submissions are appended to the store.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { freemem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { resolveAuthKeys } from '../infra/auth/resolve-auth-keys.js';
import { issueToken } from '../infra/auth/tokens.js';
import { loadConfig } from '../infra/config/load-config.js';
import { createLogger } from '../infra/logging/logger.js';
import { dataFiles } from '../infra/config/data-files.js';
import { createRng } from '../infra/seed/rng.js';
import { loadBuiltinCatalog } from '../services/catalog/index.js';
import { metricsFilters, sampleApplications } from './http-fixtures.js';
import { openSessions, prepareSessions } from './http-sessions.js';
import { mixedReport, runMixed } from './http-mixed.js';
import type { MixedFigures } from './http-mixed.js';
import { runLoad } from './http-load.js';
import { CPU_PATH, TRIVIAL_PATH } from './http-paths.js';
import type { LoadFigures, LoadSpec } from './http-load.js';
import { ratioOf, verdicts } from './http-report.js';
import type { ScenarioRounds } from './http-report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line: string): void => void process.stderr.write(`${line}\n`);
const apiOf = (url: string): string => `${url}/api/v1`;

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    applications: { type: 'string', default: '1010000' },
    seed: { type: 'string', default: '42' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    // Rounds of (trivial route, scenario) per scenario: this VM's speed drifts by 10-20 % within minutes.
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    sample: { type: 'string', default: '50000' },
    // Sessions (issue 20): signed-in users, each sending one token for the whole session, and new sign-ins a second.
    users: { type: 'string', default: '20000' },
    'sign-ins': { type: 'string', default: '10' },
    year: { type: 'string', default: '2025' },
    // A comma-separated subset of status,submissions,metrics,mixed, to iterate on one scenario.
    scenarios: { type: 'string', default: 'status,submissions,metrics,mixed' },
    // The same, one scenario: --scenario mixed.
    scenario: { type: 'string' },
    // The mixed load (issue 20): status and queue reads at --connections (of which --queue-connections read
    // queues) while submissions and acceptances arrive at --write-rate a second, open loop, for --mixed-seconds.
    'mixed-seconds': { type: 'string', default: '30' },
    'write-rate': { type: 'string', default: '200' },
    'queue-connections': { type: 'string', default: '10' },
    // The clerks' page size (limit=); left out, the API's default (50 since the queue pages; 200 before).
    'queue-limit': { type: 'string' },
    // The layout of serve --workers N (bench/http-server-workers.ts): the mixed load only.
    workers: { type: 'string', default: '1' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const year = Number(values.year);

/** Runs a command with tsx, its stderr passed through (the seed's progress), its stdout collected. */
function runTsx(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

function countApplications(eventsFile: string): number {
  const db = new Database(eventsFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], number>("SELECT COUNT(*) FROM events WHERE type = 'ApplicationSubmitted'").pluck().get() ?? 0;
  } finally {
    db.close();
  }
}

/**
 * Reads a file once, front to back, so the OS holds it in its page cache: a server that has been up for a
 * while has read its read models, while a store seeded (or last used) long ago would make the first minutes
 * of the run a disk benchmark. Skipped when the file would not fit in free memory. Returns the bytes read.
 */
function warmPageCache(file: string): number {
  if (!existsSync(file) || statSync(file).size > freemem() * 0.8) return 0;
  const fd = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(8 << 20);
  let total = 0;
  try {
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, total)) > 0; ) total += n;
  } finally {
    closeSync(fd);
  }
  return total;
}

/** Starts a bench server script and waits for its READY line (the API's read models may first catch up). */
function startProcess(script: string, env: NodeJS.ProcessEnv, nodeArgs: readonly string[] = []): Promise<{ child: ChildProcess; urls: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(root, 'bench', script)], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve({ child, urls: line.slice('READY '.length).trim().split(/\s+/) });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
}

/**
 * The API with our tuned trivial route beside it (bench/http-server.ts), or with workers the layout of
 * serve --workers (bench/http-server-workers.ts), whose figures route is on a server of the primary's.
 */
async function startServer(env: NodeJS.ProcessEnv, workers: number): Promise<{ child: ChildProcess; url: string; trivialUrl: string; figuresUrl: string }> {
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server side.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  if (workers > 1) {
    const { child, urls } = await startProcess('http-server-workers.ts', { ...env, BENCH_WORKERS: String(workers) }, nodeArgs);
    return { child, url: urls[0]!, trivialUrl: '', figuresUrl: urls[1]! };
  }
  const { child, urls } = await startProcess('http-server.ts', env, nodeArgs);
  return { child, url: urls[0]!, trivialUrl: urls[1]!, figuresUrl: urls[0]! };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  const given = values['data-dir'] ?? process.env.BENCH_DATA_DIR;
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'hrss-bench-http-'));
  const files = dataFiles(dataDir);
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'warn' };

  if (!existsSync(files.events) || countApplications(files.events) === 0) {
    say(`seeding ${values.applications} applications into ${dataDir} (npm run seed -- --demo); this takes minutes…`);
    const summary = JSON.parse(
      await runTsx(['infra/cli/main.ts', 'seed', '--demo', '--applications', values.applications, '--seed', values.seed, '--year', values.year, '--data-dir', dataDir], baseEnv),
    ) as { eventsPerSecond: number; seconds: number; headPosition: number };
    say(`seeded ${summary.headPosition} events in ${summary.seconds} s (${summary.eventsPerSecond} events/s)`);
  }
  say('counting applications…');
  const applications = countApplications(files.events);
  say(`${applications} applications in ${files.events}`);
  if (applications < 1_000_000) say(`note: the target figures are for ≥ 1,000,000 applications; this store holds ${applications}`);

  say(`sampling ${values.sample} applications and their owners…`);
  const owned = sampleApplications(files.events, Number(values.sample), Number(values.seed));
  const serverEnv: NodeJS.ProcessEnv = { ...baseEnv, HOST: '127.0.0.1', PORT: '0' };
  const keys = await resolveAuthKeys(loadConfig(serverEnv), createLogger({ level: 'silent' }));
  const wantedScenarios = (values.scenario ?? values.scenarios).split(',').map((s) => s.trim());
  const roundCount = Math.max(1, Number(values.rounds));
  const mixedSeconds = Number(values['mixed-seconds']);
  const plannedSeconds = wantedScenarios.length * (3 * Number(values.warmup) + 3 * roundCount * seconds) + mixedSeconds + 120;
  const signInsPerSecond = Number(values['sign-ins']);
  say(`signing in ${values.users} users (one token each for the session) and issuing the tokens of ${signInsPerSecond} sign-ins a second…`);
  const sessions = await prepareSessions(owned, { users: Number(values.users), signInsPerSecond, plannedSeconds }, (applicantId) =>
    issueToken(keys, { role: 'applicant', sub: applicantId }, { ttl: '8h' }),
  );
  const supervisor = await issueToken(keys, { role: 'supervisor', sub: 'bench-supervisor' }, { ttl: '8h' });
  const catalog = loadBuiltinCatalog();
  // Clerks: five back-office clerks a department (their queue is the department's), signed in for the day.
  const departments = [...new Set(catalog.items.map((i) => i.department))];
  const clerkTokens: string[] = [];
  for (const department of departments) {
    for (let i = 0; i < 5; i++) clerkTokens.push(await issueToken(keys, { role: 'clerk', sub: `bench-clerk-${department}-${i}`, department }, { ttl: '8h' }));
  }
  const submittedItem = 'KA-001';
  const submittedDepartment = catalog.items.find((i) => i.code === submittedItem)!.department;
  const acceptingClerk = await issueToken(keys, { role: 'clerk', sub: 'bench-clerk-accepting', department: submittedDepartment }, { ttl: '8h' });
  const rng = createRng(Number(values.seed));
  const filters = metricsFilters(
    { items: catalog.items.map((i) => i.code), departments: [...new Set(catalog.items.map((i) => i.department))], bundles: catalog.bundles.map((b) => b.code) },
    rng,
    1000,
    year,
  );

  const warmed = [files.readModels, `${files.readModels}-wal`].reduce((sum, file) => sum + warmPageCache(file), 0);
  say(`read the read-model files into the page cache (${Math.round(warmed / 2 ** 20)} MiB)`);
  say('starting the server (composition root; projections and process managers catch up first)…');
  const workers = Number(values.workers);
  if (workers > 1 && wantedScenarios.some((s) => s !== 'mixed')) throw new Error('--workers runs the mixed load only (--scenario mixed); npm run bench:http-workers measures status reads by workers');
  const { child, url, trivialUrl, figuresUrl } = await startServer(serverEnv, workers);
  say(`server ready at ${url} (the tuned trivial route at ${trivialUrl})`);
  const opened = performance.now();
  const failedOpenings = await openSessions(apiOf(url), sessions.live());
  if (failedOpenings > 0) throw new Error(`${failedOpenings} of the live sessions' first requests failed`);
  say(`the ${sessions.live().length} live sessions sent their first request (signed in before the run) in ${Math.round((performance.now() - opened) / 100) / 10} s`);
  const stock = await startProcess('stock-express-server.ts', { ...process.env, NODE_ENV: 'production' });
  const stockUrl = stock.urls[0]!;
  say(`stock express ready at ${stockUrl}`);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
  const api = apiOf(url);
  const cpuUrl = `${figuresUrl}${CPU_PATH}`;
  const submission = (): string =>
    JSON.stringify({
      itemCode: 'KA-001',
      channel: 'yueshengshi',
      applicant: { kind: 'individual', name: '压测申请人' },
      form: {},
      materials: [
        { code: 'id-card', source: 'e-licence' },
        { code: 'photo', source: 'upload', reference: 'FILE-bench' },
      ],
      delivery: { mode: 'express', address: '广东省佛山市禅城区季华五路1号' },
    });
  const scenarios: { key: 'status' | 'submissions' | 'metrics'; spec: Omit<LoadSpec, 'connections' | 'seconds'> }[] = [
    {
      key: 'status',
      spec: {
        name: 'status reads: GET /applications/:id',
        url: api,
        setupRequest(req) {
          const { applications, token } = sessions.pick();
          return { ...req, path: `/api/v1/applications/${pick(applications)}`, headers: { ...req.headers, authorization: `Bearer ${token}` } };
        },
      },
    },
    {
      key: 'submissions',
      spec: {
        name: 'submissions: POST /applications',
        url: api,
        method: 'POST',
        setupRequest(req) {
          const { token } = sessions.pick();
          return {
            ...req,
            method: 'POST',
            path: '/api/v1/applications',
            body: submission(),
            headers: { ...req.headers, 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
          };
        },
      },
    },
    {
      key: 'metrics',
      spec: {
        name: 'metrics: GET /metrics?filters',
        url: api,
        setupRequest(req) {
          const f = pick(filters);
          const query = new URLSearchParams({ ...(f.dimension === 'all' ? {} : { [f.dimension]: f.key }), from: f.from, to: f.to });
          return { ...req, path: `/api/v1/metrics?${query.toString()}`, headers: { ...req.headers, authorization: `Bearer ${supervisor}` } };
        },
      },
    },
  ];

  const results: ScenarioRounds[] = [];
  let mixed: MixedFigures | undefined;
  try {
    const trivialSpec: Omit<LoadSpec, 'connections' | 'seconds'> = { name: 'tuned trivial route: GET /bench/trivial', url: `${trivialUrl}${TRIVIAL_PATH}` };
    const stockSpec: Omit<LoadSpec, 'connections' | 'seconds'> = { name: 'stock express 5 trivial route', url: `${stockUrl}${TRIVIAL_PATH}` };
    const wanted = new Set(wantedScenarios);
    if (wanted.has('mixed')) {
      const queueConnections = Number(values['queue-connections']);
      const statusRequest = scenarios.find((s) => s.key === 'status')!.spec.setupRequest!;
      const queueRequest = (req: autocannon.Request): autocannon.Request => ({
        ...req,
        path: `/api/v1/queue?scope=department${values['queue-limit'] === undefined ? '' : `&limit=${values['queue-limit']}`}`,
        headers: { ...req.headers, authorization: `Bearer ${pick(clerkTokens)}` },
      });
      say(`mixed load: warming up the readers (${values.warmup} s)…`);
      await runLoad({ name: 'status reads (warm-up)', url: api, connections, seconds: Number(values.warmup), setupRequest: statusRequest }, () => undefined);
      if (queueConnections > 0) await runLoad({ name: 'queue reads (warm-up)', url: api, connections: queueConnections, seconds: Number(values.warmup), setupRequest: queueRequest }, () => undefined);
      say(`mixed load: ${values.warmup} s of the whole load unmeasured (the writer's first connections and writes), then status reads at ${connections - queueConnections} and queue reads at ${queueConnections} connections, ${values['write-rate']} writes a second (open loop), ${mixedSeconds} s…`);
      mixed = await runMixed(
        {
          root,
          api,
          cpuUrl,
          seconds: mixedSeconds,
          warmupSeconds: Number(values.warmup),
          statusConnections: connections - queueConnections,
          queueConnections,
          statusRequest,
          queueRequest,
          writes: {
            rate: Number(values['write-rate']),
            applicantTokens: Array.from({ length: 1000 }, () => sessions.pick().token),
            clerkToken: acceptingClerk,
            itemCode: submittedItem,
          },
        },
        say,
      );
      say(`mixed load done: status p99 ${mixed.status.p99} ms, queue p99 ${mixed.queue.p99} ms, loop delay p99 ${mixed.loopDelayMs.p99} ms, write ack p99 ${mixed.writes.ackP99} ms`);
    }
    for (const { key, spec } of scenarios.filter((s) => wanted.has(s.key))) {
      say(`warming up ${spec.name}, the tuned and the stock trivial routes (${values.warmup} s each)…`);
      await runLoad({ ...stockSpec, connections, seconds: Number(values.warmup) }, () => undefined);
      await runLoad({ ...trivialSpec, connections, seconds: Number(values.warmup) }, () => undefined);
      await runLoad({ ...spec, connections, seconds: Number(values.warmup) }, () => undefined);
      const rounds: { api: LoadFigures; trivial: LoadFigures; stock: LoadFigures }[] = [];
      for (let round = 1; round <= roundCount; round++) {
        say(`round ${round} of ${roundCount}: measuring ${stockSpec.name} (${seconds} s, ${connections} connections)…`);
        const stockFigures = await runLoad({ ...stockSpec, cpuUrl: `${stockUrl}${CPU_PATH}`, connections, seconds }, say);
        say(`round ${round} of ${roundCount}: measuring ${trivialSpec.name} (${seconds} s, ${connections} connections)…`);
        const trivial = await runLoad({ ...trivialSpec, cpuUrl, connections, seconds }, say);
        say(`round ${round} of ${roundCount}: measuring ${spec.name} (${seconds} s, ${connections} connections)…`);
        const measured = await runLoad({ ...spec, cpuUrl, connections, seconds }, say);
        say(`server stalls: ${trivialSpec.name} ${JSON.stringify(trivial.serverStalls)}; ${spec.name} ${JSON.stringify(measured.serverStalls)}`);
        say(
          `round ${round}: ${spec.name} ${Math.round(measured.rps)} req/s, p99 ${measured.p99} ms; stock ${Math.round(stockFigures.rps)} req/s, p99 ${stockFigures.p99} ms; ` +
            `tuned trivial ${Math.round(trivial.rps)} req/s, p99 ${trivial.p99} ms; ratio to stock ${ratioOf(measured, stockFigures).toFixed(2)} (to the tuned route ${ratioOf(measured, trivial).toFixed(2)})`,
        );
        rounds.push({ trivial, api: measured, stock: stockFigures });
      }
      results.push({ key, rounds });
    }
  } finally {
    await stopServer(stock.child);
    await stopServer(child);
    if (!given) rmSync(dataDir, { recursive: true, force: true });
  }

  const table = verdicts(results);
  const signedIn = sessions.figures();
  const sessionLine = `sessions: ${signedIn.live} signed-in users, each token reused for the session; ${signedIn.signInsPerSecond} new sign-ins a second (${signedIn.signIns} in the run, ${signedIn.tokens} distinct tokens)`;
  process.stdout.write(`\nHTTP benchmark: ${applications} applications, ${connections} connections, ${seconds} s per run, ${roundCount} rounds per scenario, loopback\n${sessionLine}\n`);
  if (results.length > 0) process.stdout.write(`\n${table.text}\n`);
  if (mixed) {
    const report = mixedReport(mixed);
    process.stdout.write(`\nmixed load (${mixed.seconds} s${workers > 1 ? `, serve --workers ${workers}: loop delay of the worst HTTP worker` : ', one process'}): ${report.met ? 'every target met' : 'a target missed'}\n\n${report.text}\n`);
  }
  process.stdout.write(`${JSON.stringify({ applications, connections, seconds, rounds: roundCount, sessions: signedIn, results: table.rows, mixed })}\n`);
}

main().catch((error: unknown) => {
  say(`bench:http failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});

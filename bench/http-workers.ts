// Reads scaling with `serve --workers N` (issue 20): the status read (sessions' tokens, as bench/http.ts) at
// 50 connections against `serve --workers N` for each N asked, on the same store, one server at a time,
// alternating the counts over rounds. The stock-express trivial route is measured in each round too, so
// each figure has its ceiling beside it.
//
//   IDENTITY_HASH_KEY=bench-identity-hash-key-0001 npm run bench:http-workers -- --data-dir /tmp/bench-1m --workers 1,2 --rounds 2
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveAuthKeys } from '../infra/auth/resolve-auth-keys.js';
import { issueToken } from '../infra/auth/tokens.js';
import { dataFiles } from '../infra/config/data-files.js';
import { loadConfig } from '../infra/config/load-config.js';
import { createLogger } from '../infra/logging/logger.js';
import { sampleApplications } from './http-fixtures.js';
import { runLoad } from './http-load.js';
import type { LoadFigures } from './http-load.js';
import { TRIVIAL_PATH } from './http-paths.js';
import { prepareSessions } from './http-sessions.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line: string): void => void process.stderr.write(`${line}\n`);
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    workers: { type: 'string', default: '1,2' },
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    sample: { type: 'string', default: '50000' },
    users: { type: 'string', default: '20000' },
    'sign-ins': { type: 'string', default: '10' },
    port: { type: 'string', default: '18480' },
  },
});

/** Starts a process; with `readyLine`, resolves with the rest of the first line that starts with it. */
function start(args: string[], env: NodeJS.ProcessEnv, readyLine?: string): Promise<{ child: ChildProcess; said: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    if (readyLine === undefined) resolve({ child, said: '' });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (readyLine !== undefined && line.startsWith(readyLine)) resolve({ child, said: line.slice(readyLine.length).trim() });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it was ready`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** Waits for GET /ready to answer 200: the primary's projections and process managers caught up. */
async function waitReady(url: string, server: ChildProcess): Promise<void> {
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    const res = await fetch(`${url}/ready`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const dataDir = values['data-dir'] ?? process.env.BENCH_DATA_DIR;
  if (!dataDir) throw new Error('--data-dir: a store seeded by npm run bench:http');
  const port = Number(values.port);
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port) };
  const keys = await resolveAuthKeys(loadConfig(env), createLogger({ level: 'silent' }));
  say('sampling applications and signing in the users…');
  const owned = sampleApplications(dataFiles(dataDir).events, Number(values.sample), 42);
  const counts = values.workers.split(',').map(Number);
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const warmup = Number(values.warmup);
  const connections = Number(values.connections);
  const plannedSeconds = rounds * counts.length * (2 * seconds + 2 * warmup + 10) + 60;
  const sessions = await prepareSessions(owned, { users: Number(values.users), signInsPerSecond: Number(values['sign-ins']), plannedSeconds }, (sub) =>
    issueToken(keys, { role: 'applicant', sub }, { ttl: '8h' }),
  );
  const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
  const url = `http://127.0.0.1:${port}`;
  const status = {
    name: 'status reads: GET /applications/:id',
    url,
    setupRequest: (req: autocannon.Request): autocannon.Request => {
      const { applications, token } = sessions.pick();
      return { ...req, path: `/api/v1/applications/${pick(applications)}`, headers: { ...req.headers, authorization: `Bearer ${token}` } };
    },
  };
  const stock = await start([join(root, 'bench', 'stock-express-server.ts')], { ...process.env, NODE_ENV: 'production' }, 'READY ');
  const stockSpec = { name: 'stock express 5 trivial route', url: `${stock.said}${TRIVIAL_PATH}` };
  const rows: { workers: number; round: number; status: LoadFigures; stock: LoadFigures }[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      // Alternated: 1, 2, then 2, 1, so a drift of the machine's speed does not favour one count.
      for (const workers of round % 2 === 1 ? counts : [...counts].reverse()) {
        say(`round ${round}: serve --workers ${workers}: starting (the primary catches up first)…`);
        const server = await start([join(root, 'infra', 'cli', 'main.ts'), 'serve', '--workers', String(workers)], env);
        try {
          await waitReady(url, server.child);
          await runLoad({ ...status, connections, seconds: warmup }, () => undefined);
          await runLoad({ ...stockSpec, connections, seconds: warmup }, () => undefined);
          say(`round ${round}: ${workers} worker(s): stock express, then status reads (${seconds} s each)…`);
          const ceiling = await runLoad({ ...stockSpec, connections, seconds }, say);
          const measured = await runLoad({ ...status, connections, seconds }, say);
          say(`round ${round}: ${workers} worker(s): status ${Math.round(measured.rps)} req/s, p99 ${measured.p99} ms; stock ${Math.round(ceiling.rps)} req/s`);
          rows.push({ workers, round, status: measured, stock: ceiling });
        } finally {
          await stop(server.child);
        }
      }
    }
  } finally {
    await stop(stock.child);
  }
  const lines = [
    '| HTTP processes | round | status req/s | p50 ms | p99 ms | failed | stock express req/s | ratio to stock |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      ({ workers, round, status: s, stock: c }) =>
        `| ${workers} | ${round} | ${Math.round(s.rps)} | ${s.p50} | ${s.p99} | ${s.non2xx + s.errors + s.timeouts} | ${Math.round(c.rps)} | ${(s.rps / c.rps).toFixed(2)} |`,
    ),
  ];
  process.stdout.write(`\nserve --workers: status reads at ${connections} connections, ${seconds} s a run, ${rounds} rounds (counts alternated)\n\n${lines.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify({ connections, seconds, rows: rows.map((r) => ({ workers: r.workers, round: r.round, rps: r.status.rps, p50: r.status.p50, p99: r.status.p99, stockRps: r.stock.rps })) })}\n`);
}

main().catch((error: unknown) => {
  say(`bench:http-workers failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});

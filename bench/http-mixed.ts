import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type autocannon from 'autocannon';
import { runLoad } from './http-load.js';
import type { LoadFigures } from './http-load.js';
import type { OpenLoopFigures, OpenLoopPlan } from './http-open-loop.js';

/** Issue 20's targets for a bureau's day: reads and the event loop stay quick while writes arrive. */
export const MIXED_TARGETS = { statusP99Ms: 25, loopDelayP99Ms: 10, writeAckP99Ms: 50 } as const;

export interface MixedSpec {
  root: string;
  api: string;
  /** The server's figures route (bench/http-server.ts CPU_PATH): its event-loop delay since the last look. */
  cpuUrl: string;
  seconds: number;
  /**
   * The whole load runs this long before the measured window, unmeasured: the writer opens its connections
   * and the server's write path takes its first calls (a cold start of about a second otherwise owned the p99).
   */
  warmupSeconds: number;
  /** The readers' connections: status reads (applicants) and queue reads (clerks), 50 together by default. */
  statusConnections: number;
  queueConnections: number;
  statusRequest: (req: autocannon.Request) => autocannon.Request;
  queueRequest: (req: autocannon.Request) => autocannon.Request;
  writes: Omit<OpenLoopPlan, 'api' | 'seconds' | 'warmupSeconds'>;
}

export interface MixedFigures {
  seconds: number;
  connections: { status: number; queue: number };
  status: LoadFigures;
  queue: LoadFigures;
  writes: OpenLoopFigures;
  /** The server's event-loop delay over the window (perf_hooks monitorEventLoopDelay, 1 ms resolution). */
  loopDelayMs: { p99: number; max: number };
  gc: unknown;
  serverCpuMicros: number;
}

interface ServerFigures {
  micros: number;
  gc: unknown;
  loopDelayMs: { p99: number; max: number };
}

/** The figures of a load not run (--queue-connections 0). */
const noLoad = (name: string): LoadFigures => ({ name, seconds: 0, requests: 0, rps: 0, p50: 0, p99: 0, errors: 0, timeouts: 0, non2xx: 0, statusCodes: {}, serverCpuMicros: null, serverStalls: null });

const serverFigures = async (url: string): Promise<ServerFigures> => (await (await fetch(url)).json()) as ServerFigures;

/** Starts the open-loop writer (bench/http-open-loop.ts) and resolves once its first write is due. */
function startWriter(root: string, plan: OpenLoopPlan): Promise<{ figures: Promise<OpenLoopFigures> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'http-open-loop.ts')], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.end(JSON.stringify(plan));
    const lines = createInterface({ input: child.stdout });
    let settle: (figures: OpenLoopFigures) => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    const figures = new Promise<OpenLoopFigures>((res, rej) => ((settle = res), (fail = rej)));
    figures.catch(() => undefined); // handled by the caller's await
    lines.on('line', (line) => {
      if (line === 'STARTED') resolve({ figures });
      else if (line.startsWith('{')) settle(JSON.parse(line) as OpenLoopFigures);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const error = new Error(`the open-loop writer exited with ${code}`);
      reject(error);
      if (code !== 0) fail(error);
    });
  });
}

/**
 * The mixed load: status and queue reads at their connections (closed loop, autocannon) while the writer
 * sends submissions and acceptances at a steady rate (open loop), all for the same window; then the
 * server's event-loop delay over that window.
 */
export async function runMixed(spec: MixedSpec, progress: (line: string) => void): Promise<MixedFigures> {
  const writer = await startWriter(spec.root, { ...spec.writes, api: spec.api, seconds: spec.seconds, warmupSeconds: spec.warmupSeconds });
  if (spec.warmupSeconds > 0) {
    await Promise.all([
      runLoad({ name: 'status reads (mixed warm-up)', url: spec.api, connections: spec.statusConnections, seconds: spec.warmupSeconds, setupRequest: spec.statusRequest }, () => undefined),
      spec.queueConnections > 0
        ? runLoad({ name: 'queue reads (mixed warm-up)', url: spec.api, connections: spec.queueConnections, seconds: spec.warmupSeconds, setupRequest: spec.queueRequest }, () => undefined)
        : Promise.resolve(),
    ]);
  }
  await serverFigures(spec.cpuUrl); // resets the server's loop-delay histogram
  const before = await serverFigures(spec.cpuUrl);
  const [status, queue] = await Promise.all([
    runLoad({ name: 'status reads (mixed)', url: spec.api, connections: spec.statusConnections, seconds: spec.seconds, setupRequest: spec.statusRequest }, progress),
    spec.queueConnections > 0
      ? runLoad({ name: 'queue reads (mixed)', url: spec.api, connections: spec.queueConnections, seconds: spec.seconds, setupRequest: spec.queueRequest }, () => undefined)
      : Promise.resolve(noLoad('queue reads (none)')),
  ]);
  const writes = await writer.figures;
  const after = await serverFigures(spec.cpuUrl);
  const requests = status.requests + queue.requests + writes.planned;
  return { seconds: spec.seconds, connections: { status: spec.statusConnections, queue: spec.queueConnections }, status, queue, writes, loopDelayMs: after.loopDelayMs, gc: after.gc, serverCpuMicros: requests === 0 ? 0 : (after.micros - before.micros) / requests };
}

/**
 * The floor the loop delay stands on: a closed-loop reader always has a request in flight, and one turn of
 * the event loop runs every request whose bytes have arrived, so a turn that finds all readers ready takes
 * their number times the CPU of a request. A timer waits out the turn in hand.
 */
function loopTurnLine(f: MixedFigures): string {
  const readers = f.connections.status + f.connections.queue;
  const turnMs = (readers * f.serverCpuMicros) / 1000;
  const budget = (MIXED_TARGETS.loopDelayP99Ms * 1000) / readers;
  return `loop turn with all ${readers} readers ready: ${readers} × ${f.serverCpuMicros.toFixed(0)} µs ≈ ${turnMs.toFixed(1)} ms (a loop delay under ${MIXED_TARGETS.loopDelayP99Ms} ms at this load needs under ${budget.toFixed(0)} µs a request, or fewer readers a loop)`;
}

/** The scenario's lines: each figure with its target and whether it was met. */
export function mixedReport(f: MixedFigures): { text: string; met: boolean } {
  const failed = (l: LoadFigures): number => l.non2xx + l.errors + l.timeouts;
  const writeFailures = Object.values(f.writes.byKind).reduce((sum, k) => sum + k.failed, 0);
  const rows: [string, string, string, boolean | null][] = [
    [`status read p99 (${f.connections.status} conn.)`, `${f.status.p99} ms (p50 ${f.status.p50}; ${Math.round(f.status.rps)} req/s; ${failed(f.status)} failed)`, `< ${MIXED_TARGETS.statusP99Ms} ms`, f.status.p99 < MIXED_TARGETS.statusP99Ms && failed(f.status) === 0],
    [`queue read p99 (${f.connections.queue} conn.)`, `${f.queue.p99} ms (p50 ${f.queue.p50}; ${Math.round(f.queue.rps)} req/s; ${failed(f.queue)} failed)`, '—', failed(f.queue) === 0 ? null : false],
    ['event-loop delay p99 (server)', `${f.loopDelayMs.p99.toFixed(1)} ms (max ${f.loopDelayMs.max.toFixed(1)})`, `< ${MIXED_TARGETS.loopDelayP99Ms} ms`, f.loopDelayMs.p99 < MIXED_TARGETS.loopDelayP99Ms],
    [
      `write acknowledgement p99 (${f.writes.planned} planned at ${(f.writes.planned / f.seconds).toFixed(0)}/s, open loop, after ${f.writes.warmup.sent} unmeasured)`,
      `${f.writes.ackP99} ms (p50 ${f.writes.ackP50}, max ${f.writes.ackMax}; ${Object.entries(f.writes.byKind)
        .map(([k, v]) => `${k} ${v.ok} ok, p99 ${v.p99}, ${v.inconsistent} not yet consistent`)
        .join('; ')}; ${writeFailures} failed; sender lag p99 ${f.writes.sendLagP99} ms)`,
      `< ${MIXED_TARGETS.writeAckP99Ms} ms`,
      f.writes.ackP99 < MIXED_TARGETS.writeAckP99Ms && writeFailures === 0,
    ],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => String(r[i]).length), ['figure', 'measured', 'target'][i]!.length));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join(' | ')} |`;
  const text = [
    line(['figure', 'measured', 'target', 'met']),
    `|${[...widths, 3].map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(([a, b, c, met]) => line([a, b, c, met === null ? '(no target)' : met ? 'met' : 'MISSED'])),
    `server: CPU ${f.serverCpuMicros.toFixed(0)} µs a request, GC ${JSON.stringify(f.gc)}`,
    loopTurnLine(f),
  ].join('\n');
  return { text, met: rows.every(([, , , met]) => met !== false) };
}

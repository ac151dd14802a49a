import type { LoadFigures } from './http-load.js';

/** The targets: status reads ≥ 0.5 × the trivial route with p99 < 25 ms; metrics p99 < 50 ms. */
export const TARGETS = { statusRatio: 0.5, statusP99Ms: 25, metricsP99Ms: 50 } as const;

export interface VerdictRow {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  trivialRps: number;
  trivialP99: number;
  ratio: number;
  /** Server CPU per request (µs), the route's and the trivial route's: the cost behind the ratio, steadier than req/s on a shared machine. */
  cpuMicros: number | null;
  trivialCpuMicros: number | null;
  target: string;
  met: boolean | null;
  /** Every round of the scenario (trivial route, then the scenario), lowest ratio first; the row's figures are the median round's. */
  rounds: { ratio: number; p99: number; trivialP99: number; met: boolean | null }[];
}

export interface ScenarioRounds {
  key: 'status' | 'submissions' | 'metrics';
  rounds: readonly { api: LoadFigures; trivial: LoadFigures }[];
}

const fixed = (n: number, digits = 0): string => n.toFixed(digits);

/** A scenario's requests per second as a share of the trivial route's in the same round. */
export const ratioOf = (api: LoadFigures, trivial: LoadFigures): number => (trivial.rps > 0 ? api.rps / trivial.rps : 0);

/**
 * One row per scenario: its median round by ratio (each round measures the trivial route just before the
 * scenario, so a drift of the machine's speed moves both), with the target, whether that round meets it,
 * and in how many rounds it is met.
 */
export function verdicts(results: readonly ScenarioRounds[]): { rows: VerdictRow[]; text: string } {
  const rows = results.map(({ key, rounds }): VerdictRow => {
    const judged = rounds.map(({ api, trivial }) => {
      const ratio = ratioOf(api, trivial);
      const failed = api.non2xx + api.errors + api.timeouts;
      // Submissions have no target of their own; any failed request fails a row.
      const { target, met } =
        key === 'status'
          ? { target: `ratio ≥ ${TARGETS.statusRatio}, p99 < ${TARGETS.statusP99Ms} ms`, met: ratio >= TARGETS.statusRatio && api.p99 < TARGETS.statusP99Ms && failed === 0 }
          : key === 'metrics'
            ? { target: `p99 < ${TARGETS.metricsP99Ms} ms`, met: api.p99 < TARGETS.metricsP99Ms && failed === 0 }
            : { target: '—', met: failed === 0 ? null : false };
      return { api, trivial, ratio, target, met };
    });
    const sorted = [...judged].sort((a, b) => a.ratio - b.ratio);
    const { api, trivial, ratio, target, met } = sorted[Math.floor((sorted.length - 1) / 2)]!;
    return {
      scenario: api.name,
      rps: api.rps,
      p50: api.p50,
      p99: api.p99,
      non2xx: api.non2xx,
      errors: api.errors + api.timeouts,
      trivialRps: trivial.rps,
      trivialP99: trivial.p99,
      ratio,
      cpuMicros: api.serverCpuMicros,
      trivialCpuMicros: trivial.serverCpuMicros,
      target,
      met,
      rounds: sorted.map((r) => ({ ratio: r.ratio, p99: r.api.p99, trivialP99: r.trivial.p99, met: r.met })),
    };
  });
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'trivial req/s (p99 ms)', 'ratio', 'CPU µs/req (trivial)', 'target', 'met', 'rounds met', 'ratio, p99 in each round'];
  const cpu = (r: VerdictRow): string => (r.cpuMicros === null || r.trivialCpuMicros === null ? '—' : `${fixed(r.cpuMicros)} (${fixed(r.trivialCpuMicros)})`);
  const body = rows.map((r) => [
    r.scenario,
    fixed(r.rps),
    fixed(r.p50, 1),
    fixed(r.p99, 1),
    String(r.non2xx),
    String(r.errors),
    `${fixed(r.trivialRps)} (${fixed(r.trivialP99, 1)})`,
    fixed(r.ratio, 2),
    cpu(r),
    r.target,
    r.met === null ? '(no target)' : r.met ? 'yes' : 'NO',
    r.met === null ? '—' : `${r.rounds.filter((x) => x.met === true).length}/${r.rounds.length}`,
    r.rounds.map((x) => `${fixed(x.ratio, 2)}, ${fixed(x.p99)}`).join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const text = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
  return { rows, text };
}

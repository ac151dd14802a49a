import type { LoadFigures } from './http-load.js';

/** The targets: status reads ≥ 0.5 × the stock-express trivial route with p99 < 25 ms; metrics p99 < 50 ms. */
export const TARGETS = { statusRatio: 0.5, statusP99Ms: 25, metricsP99Ms: 50 } as const;

export interface VerdictRow {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** The ceiling: the trivial route on stock express 5, its own process, measured first in each round. */
  stockRps: number;
  stockP99: number;
  /** Our tuned trivial route (the API's middleware and process), measured second. */
  trivialRps: number;
  trivialP99: number;
  /** To the stock ceiling. */
  ratio: number;
  /** To our tuned trivial route: the ratio reported before issue 20, kept as history. */
  tunedRatio: number;
  /** Server CPU per request (µs), the route's and the trivial route's: the cost behind the ratio, steadier than req/s on a shared machine. */
  cpuMicros: number | null;
  trivialCpuMicros: number | null;
  stockCpuMicros: number | null;
  target: string;
  met: boolean | null;
  /** Every round of the scenario (stock route, tuned route, then the scenario), lowest ratio first; the row's figures are the median round's. */
  rounds: { ratio: number; tunedRatio: number; p99: number; trivialP99: number; met: boolean | null }[];
}

export interface ScenarioRounds {
  key: 'status' | 'submissions' | 'metrics';
  rounds: readonly { api: LoadFigures; trivial: LoadFigures; stock: LoadFigures }[];
}

const fixed = (n: number, digits = 0): string => n.toFixed(digits);

/** A scenario's requests per second as a share of another route's in the same round. */
export const ratioOf = (api: LoadFigures, trivial: LoadFigures): number => (trivial.rps > 0 ? api.rps / trivial.rps : 0);

/**
 * One row per scenario: its median round by ratio to stock express (each round measures the stock and the
 * tuned trivial routes just before the scenario, so a drift of the machine's speed moves all three), with the target, whether that round meets it,
 * and in how many rounds it is met.
 */
export function verdicts(results: readonly ScenarioRounds[]): { rows: VerdictRow[]; text: string } {
  const rows = results.map(({ key, rounds }): VerdictRow => {
    const judged = rounds.map(({ api, trivial, stock }) => {
      const ratio = ratioOf(api, stock);
      const tunedRatio = ratioOf(api, trivial);
      const failed = api.non2xx + api.errors + api.timeouts;
      // Submissions have no target of their own; any failed request fails a row.
      const { target, met } =
        key === 'status'
          ? { target: `ratio ≥ ${TARGETS.statusRatio}, p99 < ${TARGETS.statusP99Ms} ms`, met: ratio >= TARGETS.statusRatio && api.p99 < TARGETS.statusP99Ms && failed === 0 }
          : key === 'metrics'
            ? { target: `p99 < ${TARGETS.metricsP99Ms} ms`, met: api.p99 < TARGETS.metricsP99Ms && failed === 0 }
            : { target: '—', met: failed === 0 ? null : false };
      return { api, trivial, stock, ratio, tunedRatio, target, met };
    });
    const sorted = [...judged].sort((a, b) => a.ratio - b.ratio);
    const { api, trivial, stock, ratio, tunedRatio, target, met } = sorted[Math.floor((sorted.length - 1) / 2)]!;
    return {
      scenario: api.name,
      rps: api.rps,
      p50: api.p50,
      p99: api.p99,
      non2xx: api.non2xx,
      errors: api.errors + api.timeouts,
      stockRps: stock.rps,
      stockP99: stock.p99,
      trivialRps: trivial.rps,
      trivialP99: trivial.p99,
      ratio,
      tunedRatio,
      cpuMicros: api.serverCpuMicros,
      trivialCpuMicros: trivial.serverCpuMicros,
      stockCpuMicros: stock.serverCpuMicros,
      target,
      met,
      rounds: sorted.map((r) => ({ ratio: r.ratio, tunedRatio: r.tunedRatio, p99: r.api.p99, trivialP99: r.trivial.p99, met: r.met })),
    };
  });
  const header = [
    'scenario',
    'req/s',
    'p50 ms',
    'p99 ms',
    'non-2xx',
    'errors',
    'stock express req/s (p99 ms)',
    'tuned trivial req/s (p99 ms)',
    'ratio to stock',
    'CPU µs/req (stock; tuned)',
    'target',
    'met',
    'rounds met',
    'ratio, p99 in each round',
  ];
  const µs = (n: number | null): string => (n === null ? '—' : fixed(n));
  const cpu = (r: VerdictRow): string => `${µs(r.cpuMicros)} (${µs(r.stockCpuMicros)}; ${µs(r.trivialCpuMicros)})`;
  const body = rows.map((r) => [
    r.scenario,
    fixed(r.rps),
    fixed(r.p50, 1),
    fixed(r.p99, 1),
    String(r.non2xx),
    String(r.errors),
    `${fixed(r.stockRps)} (${fixed(r.stockP99, 1)})`,
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
  // History: before issue 20 the ratio was to our tuned trivial route (same middleware, same process).
  const history = rows.map((r) => `history: ${r.scenario}, ratio to our tuned trivial route ${fixed(r.tunedRatio, 2)} (${r.rounds.map((x) => fixed(x.tunedRatio, 2)).join(', ')})`);
  const text = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line), '', ...history].join('\n');
  return { rows, text };
}

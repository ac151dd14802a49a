import { expect } from 'chai';
import type { LoadFigures } from '../../bench/http-load.js';
import { verdicts } from '../../bench/http-report.js';

const load = (name: string, rps: number, p99: number): LoadFigures => ({
  name,
  seconds: 10,
  requests: rps * 10,
  rps,
  p50: p99 / 2,
  p99,
  errors: 0,
  timeouts: 0,
  non2xx: 0,
  statusCodes: { '200': rps * 10 },
  serverCpuMicros: 1e6 / rps,
  serverStalls: null,
});
/** A round: the stock-express ceiling, our tuned trivial route (at twice the scenario's rate unless given), the scenario. */
const round = (stockRps: number, rps: number, p99: number, trivialRps = rps * 2) => ({
  stock: load('stock', stockRps, 5),
  trivial: load('trivial', trivialRps, 10),
  api: load('status reads', rps, p99),
});

describe('bench/http verdicts over rounds', () => {
  it('reports the median round by its ratio to stock express and how many rounds met the target', () => {
    const { rows, text } = verdicts([{ key: 'status', rounds: [round(10_000, 4_000, 20), round(8_000, 4_400, 24), round(10_000, 6_000, 30)] }]);
    const [row] = rows;
    // Ratios 0.40, 0.55, 0.60: the median is the second round's, which meets both targets.
    expect(row!.ratio).to.equal(0.55);
    expect(row!.rps).to.equal(4_400);
    expect(row!.p99).to.equal(24);
    expect(row!.met).to.equal(true);
    // The first fails on ratio, the third on p99.
    expect(row!.rounds.map((r) => r.met)).to.deep.equal([false, true, false]);
    expect(text).to.include('1/3');
  });

  it('keeps the ratio to our tuned trivial route as a line of history beside the ratio to stock', () => {
    const { rows, text } = verdicts([{ key: 'status', rounds: [round(10_000, 5_000, 20, 20_000)] }]);
    expect(rows[0]!.ratio).to.equal(0.5);
    expect(rows[0]!.tunedRatio).to.equal(0.25);
    expect(text).to.match(/history: status reads, ratio to our tuned trivial route 0\.25/);
  });

  it('judges metrics on p99 alone and leaves submissions without a target', () => {
    const { rows } = verdicts([
      { key: 'metrics', rounds: [round(10_000, 2_000, 49)] },
      { key: 'submissions', rounds: [round(10_000, 900, 200)] },
    ]);
    expect(rows.map((r) => r.met)).to.deep.equal([true, null]);
  });

  it('fails a round with failed requests whatever its speed', () => {
    const failing = round(10_000, 9_000, 5);
    failing.api.non2xx = 1;
    const { rows } = verdicts([{ key: 'submissions', rounds: [failing] }]);
    expect(rows[0]!.met).to.equal(false);
  });
});

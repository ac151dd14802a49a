import { expect } from 'chai';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { toShanghaiInstant } from '../../events/index.js';
import { evaluateInstantApproval } from '../../services/application/index.js';
import { loadBuiltinCatalog } from '../../services/catalog/index.js';
import { formFor } from '../../infra/seed/forms.js';
import { apportion } from '../../infra/seed/item-frequency.js';
import { createPeople, creditCheckChar, idCheckDigit } from '../../infra/seed/people.js';
import { createRng, weightedSampler } from '../../infra/seed/rng.js';
import { shanghaiInstantOf } from '../../infra/seed/sim-clock.js';

describe('seed generator parts', () => {
  it('writes instants exactly as events/clock.ts toShanghaiInstant does', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2026, 11, 31) }), (ms) => {
        const local = DateTime.fromMillis(ms, { zone: 'Asia/Shanghai' });
        const msOfDay = ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
        expect(shanghaiInstantOf(local.toISODate()!, msOfDay)).to.equal(toShanghaiInstant(ms));
      }),
    );
  });

  it('draws the same sequence for the same seed, uuids of the v4 shape, and weights in proportion', () => {
    const a = createRng(42);
    const b = createRng(42);
    const drawsA = Array.from({ length: 5 }, () => a.uuid());
    expect(Array.from({ length: 5 }, () => b.uuid())).to.deep.equal(drawsA);
    expect(drawsA.every((u) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u))).to.equal(true);
    expect(createRng(43).uuid()).to.not.equal(createRng(42).uuid());
    const sample = weightedSampler([1, 0, 3]);
    const rng = createRng(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[sample(rng)]! += 1;
    expect(counts[1]).to.equal(0);
    expect(counts[2]! / counts[0]!).to.be.within(2.8, 3.2);
  });

  it('apportions exact totals by weight, with a floor of one for rare keys', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.001, max: 100, noNaN: true }), { minLength: 1, maxLength: 120 }), fc.integer({ min: 200, max: 10_000 }), (weights, total) => {
        const counts = apportion(weights, total, 1);
        expect(counts.reduce((x, y) => x + y, 0)).to.equal(total);
        expect(counts.every((c) => c >= 1)).to.equal(true);
      }),
    );
    expect(apportion([1, 3], 8, 0)).to.deep.equal([2, 6]);
  });

  it('makes valid identity numbers (GB 11643) and credit codes (GB 32100) for the same person every time', () => {
    expect(idCheckDigit('11010519491231002')).to.equal('X');
    expect(creditCheckChar('91350100M000100Y4')).to.equal('3');
    const people = createPeople(7, 10_000, 2025);
    const worker = people.at('worker', 12);
    expect(people.at('worker', 12)).to.deep.equal(worker);
    const id = worker.applicant.idNumber!;
    expect(id).to.match(/^44060[4-8]\d{11}[\dX]$/);
    expect(id[17]).to.equal(idCheckDigit(id.slice(0, 17)));
    expect(2025 - worker.birthYear).to.be.within(18, 59);
    const employer = people.at('employer', 3).applicant;
    expect(employer.kind).to.equal('employer');
    expect(employer.idNumber![17]).to.equal(creditCheckChar(employer.idNumber!.slice(0, 17)));
  });

  it('fills forms on which every 秒批 rule of the catalog holds, or, declined, fails', () => {
    const rng = createRng(5);
    for (const item of loadBuiltinCatalog().items) {
      const rule = item.instantApproval;
      if (!rule) continue;
      const materials = item.materials.map((m) => ({ code: m.code, source: m.source }));
      for (let i = 0; i < 20; i++) {
        const facts = { age: rng.int(18, 59), submittedOn: '2025-03-03' };
        expect(evaluateInstantApproval(rule, formFor([rule], facts, rng, false), materials).holds, item.code).to.equal(true);
        expect(evaluateInstantApproval(rule, formFor([rule], facts, rng, true), materials).holds, item.code).to.equal(false);
      }
    }
  });
});

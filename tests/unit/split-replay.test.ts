import { expect } from 'chai';
import fc from 'fast-check';
import { splitReplay } from '../../infra/projections/split-replay.js';
import { ALL_PROJECTIONS } from '../../infra/read-models/all-projections.js';
import type { SqlProjection } from '../../infra/read-models/sql-projection.js';

const costed = (name: string, replayCost: number): SqlProjection => ({ ...ALL_PROJECTIONS[0]!, name, replayCost });
const names = (list: readonly SqlProjection[]) => list.map((p) => p.name).sort();
const cost = (list: readonly SqlProjection[]) => list.reduce((sum, p) => sum + p.replayCost, 0);

describe('splitting a replay between two threads', () => {
  it('keeps the heaviest projection here and balances the rest against it', () => {
    const split = splitReplay(ALL_PROJECTIONS, () => true);
    expect(names(split.local)).to.deep.equal(['application-status', 'bundle-progress', 'review-tickets']);
    expect(names(split.helper)).to.deep.equal(['catalog-rates', 'metrics', 'work-queue']);
  });

  it('leaves here what the helper cannot open, and has nothing to share with one projection', () => {
    const split = splitReplay(ALL_PROJECTIONS, (p) => p.name === 'work-queue');
    expect(names(split.helper)).to.deep.equal(['work-queue']);
    expect(split.local).to.have.length(ALL_PROJECTIONS.length - 1);
    expect(splitReplay([ALL_PROJECTIONS[0]!], () => true).helper).to.deep.equal([]);
  });

  it('puts every projection on exactly one side, the two sides within the heaviest cost of each other', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }), (costs) => {
        const list = costs.map((c, i) => costed(`p${i}`, c));
        const { local, helper } = splitReplay(list, () => true);
        expect([...names(local), ...names(helper)].sort()).to.deep.equal(names(list));
        expect(Math.abs(cost(local) - cost(helper))).to.be.at.most(Math.max(...costs));
        expect(cost(local)).to.be.at.least(Math.max(...costs));
      }),
    );
  });
});

import { expect } from 'chai';
import { chainLimit } from '../../web/src/bundle-limits.js';
import type { BundleMemberLimits } from '../../web/src/bundle-limits.js';
import { ACTIONS_BY_STATE, ACTION_FIELDS, actionBody } from '../../web/src/clerk-actions.js';

// The web console's few pure functions (the pages themselves are tested in Chromium, tests/browser).

const member = (code: string, dependsOn: string[], committed: number, statutory: number, unit: 'working' | 'natural' = 'working'): BundleMemberLimits => ({
  code,
  dependsOn,
  committedLimit: { value: committed, unit },
  statutoryLimit: { value: statutory, unit },
});

describe('web console: a bundle\'s limits along its members\' dependencies', () => {
  it('adds the limits along the longest chain, not across parallel members', () => {
    // 职工退休一件事: SB-011 → SB-012 → KA-013, one after another.
    const retirement = [member('SB-011', [], 5, 20), member('SB-012', ['SB-011'], 10, 20), member('KA-013', ['SB-012'], 2, 5)];
    expect(chainLimit(retirement, 'committedLimit')).to.equal(17);
    expect(chainLimit(retirement, 'statutoryLimit')).to.equal(45);
    // Two members that both wait for the first run side by side: the longer one counts.
    const fork = [member('A', [], 3, 10), member('B', ['A'], 4, 10), member('C', ['A'], 6, 10)];
    expect(chainLimit(fork, 'committedLimit')).to.equal(9);
  });

  it('counts a calendar-day limit as 5 working days in 7, rounded up, and survives a dependency outside the bundle or a cycle', () => {
    expect(chainLimit([member('LD-003', [], 15, 15, 'natural')], 'statutoryLimit')).to.equal(11);
    expect(chainLimit([member('A', ['missing'], 2, 2)], 'committedLimit')).to.equal(2);
    expect(chainLimit([member('A', ['B'], 2, 2), member('B', ['A'], 3, 3)], 'committedLimit')).to.be.within(2, 5);
    expect(chainLimit([], 'committedLimit')).to.equal(0);
  });
});

describe('web console: the clerk\'s action forms', () => {
  it('sends only the fields filled in, numbers as numbers, and the express fields only for express', () => {
    expect(actionBody('decide', { outcome: 'approved', legalBasis: '《社会保险法》', reason: '' })).to.deep.equal({ outcome: 'approved', legalBasis: '《社会保险法》' });
    expect(actionBody('extend', { days: '5', approver: '局长', reason: '专家评审' })).to.deep.equal({ days: 5, approver: '局长', reason: '专家评审' });
    expect(actionBody('dispatch', { mode: 'electronic', carrier: 'EMS', waybillNo: 'E1' })).to.deep.equal({ mode: 'electronic' });
    expect(actionBody('dispatch', { mode: 'express', carrier: 'EMS', waybillNo: 'E1' })).to.deep.equal({ mode: 'express', carrier: 'EMS', waybillNo: 'E1' });
    expect(actionBody('accept', { outcome: 'approved' })).to.deep.equal({});
  });

  it('offers for each state only actions it has a form for', () => {
    for (const [state, actions] of Object.entries(ACTIONS_BY_STATE)) {
      for (const action of actions) expect(ACTION_FIELDS, `${state}: ${action}`).to.have.property(action);
    }
  });
});

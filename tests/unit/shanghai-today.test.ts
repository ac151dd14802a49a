import { expect } from 'chai';
import { shanghaiToday } from '../../events/index.js';

describe('shanghaiToday', () => {
  it('follows the clock across Asia/Shanghai midnight (16:00 UTC), forwards and back', () => {
    let now = new Date('2025-03-04T15:59:59.999Z');
    const today = shanghaiToday(() => now);
    expect(today()).to.equal('2025-03-04');
    expect(today()).to.equal('2025-03-04');
    now = new Date('2025-03-04T16:00:00.000Z');
    expect(today()).to.equal('2025-03-05');
    now = new Date('2025-03-05T15:59:59.000Z');
    expect(today()).to.equal('2025-03-05');
    now = new Date('2025-03-01T00:00:00.000Z'); // a test clock set back
    expect(today()).to.equal('2025-03-01');
  });
});

import { expect } from 'chai';
import { createLogger } from '../../infra/logging/logger.js';
import { startLegalClock } from '../../infra/process-managers/index.js';
import { testClock } from '../support/command-harness.js';

// The legal clock's timer: one sweep per Asia/Shanghai date, at start and on the first check of a new day.

const logger = createLogger({ level: 'silent' });
const until = async (done: () => boolean, ms = 2000): Promise<void> => {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('legal clock timer', () => {
  it('sweeps at start, once per date, and again when the date changes', async () => {
    const clock = testClock('2020-10-12');
    const swept: string[] = [];
    const legal = startLegalClock({ clock: clock.now, logger, sweep: (today) => Promise.resolve(void swept.push(today)), checkEveryMs: 60_000 });
    await legal.check();
    await legal.check();
    expect(swept).to.deep.equal(['2020-10-12']);
    clock.setDate('2020-10-13');
    await legal.check();
    expect(swept).to.deep.equal(['2020-10-12', '2020-10-13']);
    expect(legal.lastSwept()).to.equal('2020-10-13');
    await legal.stop();
  });

  it('notices a new date by its own timer, counting the date in Asia/Shanghai', async () => {
    // 23:59:59 on 10/12 in Shanghai is 15:59:59 UTC: still the 12th; a second later the 13th.
    let now = new Date('2020-10-12T15:59:59Z');
    const swept: string[] = [];
    const legal = startLegalClock({ clock: () => now, logger, sweep: (today) => Promise.resolve(void swept.push(today)), checkEveryMs: 5 });
    await until(() => swept.length === 1);
    now = new Date('2020-10-12T16:00:00Z');
    await until(() => swept.length === 2);
    expect(swept).to.deep.equal(['2020-10-12', '2020-10-13']);
    await legal.stop();
  });

  it('tries a failed date again at the next check, never runs two sweeps at once, and sweeps no more once stopped', async () => {
    const clock = testClock('2020-10-12');
    let running = 0;
    let overlapped = false;
    let failures = 1;
    const swept: string[] = [];
    const legal = startLegalClock({
      clock: clock.now,
      logger,
      checkEveryMs: 60_000,
      sweep: async (today) => {
        running += 1;
        overlapped ||= running > 1;
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        if (failures-- > 0) throw new Error('store unavailable');
        swept.push(today);
      },
    });
    await Promise.all([legal.check(), legal.check(), legal.check()]);
    expect(overlapped).to.equal(false);
    expect(swept).to.deep.equal(['2020-10-12']);
    await legal.stop();
    clock.setDate('2020-10-13');
    await legal.check();
    expect(swept).to.deep.equal(['2020-10-12']);
  });
});

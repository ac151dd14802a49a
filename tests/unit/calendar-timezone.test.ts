import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { probe } from '../support/calendar-probe.js';

const PROBE = fileURLToPath(new URL('../support/calendar-probe.ts', import.meta.url));

/** Runs the probe in a fresh Node process: TZ is read at process start, so only a child can honestly change it. */
async function runProbe(tz: string, mode = 'probe'): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', PROBE, mode], { env: { ...process.env, TZ: tz } });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('calendar: independent of the process time zone', () => {
  it('gives the same answers under TZ=America/Los_Angeles as the notices say', async () => {
    const child = await runProbe('America/Los_Angeles');
    expect(child.tzOffsetMinutes).to.equal(420); // the child really runs 7 h behind UTC (PDT)
    expect(child).to.deep.include({
      version: 'chinese-days@1.5.7+cn-2020-spring-festival-extension+provisional-2027-2028',
      addWorkdays: ['2020-10-12', '2026-10-08', '2020-02-04'],
      workdaysBetween: 12,
      addNaturalDays: '2020-10-09',
      deadline: { status: 'running', deadline: '2020-10-14', suspendedDays: 2, totalDays: 7 },
    });
    const here = probe();
    expect(child.days).to.have.length(3653).and.equal(here.days); // every day of 2019–2028 alike, the provisional years too
  });

  it('matches chinese-days itself on every day of 2019–2026 where that library is reliable (TZ=Asia/Shanghai)', async () => {
    const child = await runProbe('Asia/Shanghai', 'cross-check');
    expect(child).to.deep.equal({ tzOffsetMinutes: -480, disagreements: [] });
  });
});

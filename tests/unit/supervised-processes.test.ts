import { expect } from 'chai';
import { superviseProcesses } from '../../infra/composition/supervised-processes.js';
import type { ProcessStarter } from '../../infra/composition/supervised-processes.js';
import { createLogger } from '../../infra/logging/logger.js';
import type { RunningProcess } from '../../infra/process-managers/index.js';
import { RetryLaterError } from '../../infra/process-managers/retry-later.js';

function runningThat(name: string, outcome: 'fine' | Error): RunningProcess {
  const settle = outcome === 'fine' ? Promise.resolve() : Promise.reject(outcome);
  settle.catch(() => undefined);
  const done = outcome === 'fine' ? new Promise<void>(() => undefined) : Promise.reject(outcome);
  done.catch(() => undefined);
  return { name, caughtUp: settle, checkpoint: () => 0, stop: () => Promise.resolve(), done };
}

function logCollector() {
  const lines: { level: string; msg: string }[] = [];
  return { lines, logger: createLogger({ level: 'info', sink: { write: (line: string) => lines.push(JSON.parse(line) as { level: string; msg: string }) } }) };
}

describe('supervised process managers', () => {
  it('a process that steps back to wait is restarted, logged as a wait, and counts as caught up once restarted', async () => {
    const { lines, logger } = logCollector();
    let starts = 0;
    const waiting: ProcessStarter = {
      name: 'calendar-process',
      start: () => Promise.resolve(runningThat('calendar-process', ++starts < 3 ? new RetryLaterError('read models behind') : 'fine')),
    };
    const fine: ProcessStarter = { name: 'bundle-process', start: () => Promise.resolve(runningThat('bundle-process', 'fine')) };
    const supervised = await superviseProcesses([waiting, fine], logger, 10);
    await supervised.caughtUp();
    expect(starts).to.equal(3);
    expect(supervised.running().map((p) => p.name).sort()).to.deep.equal(['bundle-process', 'calendar-process']);
    await supervised.stop();
    expect(lines.filter((l) => l.msg === 'process manager waits, then resumes')).to.have.length(2);
    expect(lines.filter((l) => l.level === 'error' || l.level === 'fatal')).to.deep.equal([]);
  });

  it('a failed reaction is an error in the log and a failed catch-up for the caller', async () => {
    const { lines, logger } = logCollector();
    const failing: ProcessStarter = { name: 'review-process', start: () => Promise.resolve(runningThat('review-process', new Error('disk on fire'))) };
    const supervised = await superviseProcesses([failing], logger, 10_000);
    let failure: unknown;
    await supervised.caughtUp().catch((error: unknown) => (failure = error));
    expect((failure as Error).message).to.equal('disk on fire');
    await supervised.stop();
    expect(lines.some((l) => l.level === 'error' && l.msg.includes('failed reaction'))).to.equal(true);
  });
});

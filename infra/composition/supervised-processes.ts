import type { Logger } from '../logging/logger.js';
import type { RunningProcess } from '../process-managers/index.js';
import { RetryLaterError } from '../process-managers/retry-later.js';

/** A process manager as the composition runs it: started from its checkpoint, restarted when a reaction fails. */
export interface ProcessStarter {
  readonly name: string;
  start(): Promise<RunningProcess>;
}

export interface SupervisedProcesses {
  /** The ones running now, for readiness and read-your-writes. */
  running(): readonly RunningProcess[];
  /** Resolves once every process has caught up with the log as it was when it started. */
  caughtUp(): Promise<void>;
  /** Stops them all after the event in hand; no restart after this. */
  stop(): Promise<void>;
}

/**
 * Runs the process managers. A reaction that throws ends its subscription with the checkpoint before the
 * event (reaction-runner.ts), so starting again retries it: after a pause, as an outage of a dependency is
 * the likely cause. Stopping waits for the event in hand.
 */
export async function superviseProcesses(starters: readonly ProcessStarter[], logger: Logger, restartDelayMs = 1000): Promise<SupervisedProcesses> {
  const current = new Map<string, RunningProcess>();
  let stopping = false;
  const timers = new Set<NodeJS.Timeout>();

  async function launch(starter: ProcessStarter): Promise<RunningProcess> {
    const running = await starter.start();
    current.set(starter.name, running);
    running.done.catch((error: unknown) => {
      if (stopping || current.get(starter.name) !== running) return;
      current.delete(starter.name);
      if (error instanceof RetryLaterError) logger.info({ process: starter.name, checkpoint: running.checkpoint(), reason: error.message }, 'process manager waits, then resumes');
      else logger.error({ err: error, process: starter.name, checkpoint: running.checkpoint() }, 'process manager stopped on a failed reaction; restarting');
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) launch(starter).catch((e: unknown) => logger.error({ err: e, process: starter.name }, 'process manager could not restart'));
      }, restartDelayMs);
      timers.add(timer);
    });
    return running;
  }

  /** A process that stepped back to wait (RetryLaterError) has caught up once a later start of it has. */
  async function followRestarts(name: string, error: unknown): Promise<void> {
    if (!(error instanceof RetryLaterError)) throw error;
    for (;;) {
      if (stopping) return;
      const next = current.get(name);
      if (next) {
        try {
          await next.caughtUp;
          return;
        } catch (again) {
          if (!(again instanceof RetryLaterError)) throw again;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(restartDelayMs, 100)));
    }
  }

  const started = await Promise.all(starters.map(launch));
  return {
    running: () => [...current.values()],
    caughtUp: async () => {
      await Promise.all(started.map((p) => p.caughtUp.catch((error: unknown) => followRestarts(p.name, error))));
    },
    async stop() {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      const all = [...current.values()];
      current.clear();
      await Promise.all(
        all.map((p) =>
          p.stop().catch((error: unknown) => logger.warn({ err: error, process: p.name }, 'process manager had failed before it was stopped')),
        ),
      );
    },
  };
}

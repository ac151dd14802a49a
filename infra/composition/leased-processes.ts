import type { Logger } from '../logging/logger.js';
import { holdLease } from '../store/postgres-lease.js';
import { superviseProcesses } from './supervised-processes.js';
import type { ProcessStarter, SupervisedProcesses } from './supervised-processes.js';

/** The advisory-lock key of the process managers' lease ("HRSP"). */
const PROCESS_MANAGERS_LEASE = 0x48525350;

/**
 * With several API instances on one PostgreSQL log, the process managers run in one of them at a time: the
 * holder of a lease (postgres-lease.ts). When it dies, another instance takes over within `retryMs` and
 * resumes from its own checkpoints; a reaction it repeats carries the same derived command id, so the log
 * gets it once. An instance without the lease serves reads and commands as usual.
 */
export async function leasedProcesses(
  starters: readonly ProcessStarter[],
  options: { url: string; logger: Logger; retryMs?: number },
): Promise<SupervisedProcesses> {
  const { logger } = options;
  let current: SupervisedProcesses | undefined;
  const lease = holdLease({
    url: options.url,
    key: PROCESS_MANAGERS_LEASE,
    ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
    events: {
      acquired: async () => {
        current = await superviseProcesses(starters, logger);
        logger.info({ processes: starters.map((s) => s.name) }, 'this instance holds the process-manager lease and runs them');
      },
      lost: async () => {
        const running = current;
        current = undefined;
        await running?.stop();
        logger.warn('the process-manager lease is lost; another instance will run them');
      },
    },
    onError: (error) => logger.warn({ err: error }, 'process-manager lease: the database connection failed; trying again'),
  });
  await lease.settled;
  return {
    running: () => current?.running() ?? [],
    caughtUp: () => current?.caughtUp() ?? Promise.resolve(),
    stop: () => lease.stop(),
  };
}

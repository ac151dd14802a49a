import { rebuildOutdatedProjections } from '../application/outdated-projections.js';
import type { OutdatedRebuild } from '../application/outdated-projections.js';
import type { Logger } from '../logging/logger.js';
import type { ProjectionRunner } from '../projections/runner.js';
import { holdLease } from '../store/postgres-lease.js';

/** The advisory-lock key of the projection lease ("HRSJ"). */
const PROJECTIONS_LEASE = 0x4852534a;

/** The projections an instance applies: following the log, and rebuilding the outdated ones beside the live ones. */
export interface RunningProjections {
  /** Settles once the projections outdated when this instance began applying are rebuilt (at once when it does not apply them). */
  readonly outdatedRebuilt: Promise<void>;
  /** Looks again for outdated projections (after a calendar revision), when this instance applies them. */
  recheck(): Promise<void>;
  /** Whether this instance applies the log now. */
  applying(): boolean;
  stop(): Promise<void>;
}

/** One instance on its own read models: it applies the log itself. */
export function ownProjections(runner: ProjectionRunner, logger: Logger): RunningProjections {
  runner.start();
  const outdated = rebuildOutdatedProjections(runner, logger);
  return {
    outdatedRebuilt: outdated.done,
    recheck: () => outdated.recheck(),
    applying: () => true,
    async stop() {
      await outdated.stop();
      await runner.stop();
    },
  };
}

/** An HTTP worker of `serve --workers`: its primary applies the log; this process reads what it commits. */
export function appliedElsewhere(): RunningProjections {
  return { outdatedRebuilt: Promise.resolve(), recheck: () => Promise.resolve(), applying: () => false, stop: () => Promise.resolve() };
}

/**
 * With the read models on PostgreSQL, shared by every instance, one instance applies the log at a time: the
 * holder of a lease (postgres-lease.ts), as for the process managers. The others serve reads from the same
 * tables and wait on the shared checkpoints (X-Min-Position). When the holder dies another takes over within
 * `retryMs` and follows on from the committed checkpoints: a batch and its checkpoint commit together, and
 * each commit re-reads the checkpoint under the write lock, so nothing is applied twice, even by a holder
 * that has not yet noticed it lost the lease.
 */
export async function leasedProjections(runner: ProjectionRunner, options: { url: string; logger: Logger; retryMs?: number }): Promise<RunningProjections> {
  const { logger } = options;
  let outdated: OutdatedRebuild | undefined;
  let firstRebuild: Promise<void> | undefined;
  const lease = holdLease({
    url: options.url,
    key: PROJECTIONS_LEASE,
    name: 'hrss-projections',
    ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
    events: {
      acquired: () => {
        runner.start();
        outdated = rebuildOutdatedProjections(runner, logger);
        firstRebuild ??= outdated.done;
        logger.info('this instance holds the projection lease and applies the log to the shared read models');
        return Promise.resolve();
      },
      lost: async () => {
        const running = outdated;
        outdated = undefined;
        await running?.stop();
        await runner.stop();
        logger.warn('the projection lease is lost; another instance will apply the log');
      },
    },
    onError: (error) => logger.warn({ err: error }, 'projection lease: the database connection failed; trying again'),
  });
  await lease.settled;
  return {
    outdatedRebuilt: firstRebuild ?? Promise.resolve(),
    recheck: () => outdated?.recheck() ?? Promise.resolve(),
    applying: () => lease.held(),
    stop: () => lease.stop(),
  };
}

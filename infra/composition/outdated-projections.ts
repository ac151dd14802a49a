import type { Logger } from '../logging/logger.js';
import type { ProjectionRunner } from '../projections/runner.js';

export interface OutdatedRebuild {
  /** Settles when every outdated projection is rebuilt, or the rebuild stopped (never rejects). */
  readonly done: Promise<void>;
  /** Stops after the batch in hand; the next start resumes the build from there. */
  stop(): Promise<void>;
}

/** A progress line at most this often (fraction of the log). */
const PROGRESS_STEP = 0.1;

/**
 * After an upgrade that changed a projection's fold, the server rebuilds that projection beside the live
 * generation (which keeps serving the old fold) and switches to the new one once it has caught up:
 * nobody has to remember `rebuild --outdated`, and no route is down meanwhile. All of them in one pass over
 * the log, yielding to requests between reads.
 */
export function rebuildOutdatedProjections(runner: ProjectionRunner, logger: Logger): OutdatedRebuild {
  const names = runner.outdated();
  const controller = new AbortController();
  const run = async (): Promise<void> => {
    const started = performance.now();
    let logged = 0;
    logger.warn({ projections: names }, 'projections built by an older version: rebuilding them beside the ones in use');
    const results = await runner.rebuild(names, {
      signal: controller.signal,
      yieldBetweenReads: true,
      onProgress(position, head) {
        const share = head === 0 ? 1 : position / head;
        if (share - logged < PROGRESS_STEP) return;
        logged = share;
        logger.info({ projections: names, position, head, percent: Math.min(100, Math.round(share * 100)) }, 'projection rebuild progress');
      },
    });
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    for (const result of results) {
      logger.info({ projection: result.name, generation: result.generation, position: result.position, replaced: result.replaced, seconds }, 'rebuilt projection is now in use');
    }
  };
  const done = names.length === 0
    ? Promise.resolve()
    : run().catch((error: unknown) => {
        if (controller.signal.aborted) logger.info('projection rebuild stopped; it resumes at the next start');
        else logger.error({ err: error }, 'projection rebuild failed; the previous generation stays in use');
      });
  return {
    done,
    async stop() {
      controller.abort(new Error('server stopping'));
      await done;
    },
  };
}

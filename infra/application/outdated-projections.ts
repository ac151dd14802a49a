import type { Logger } from '../logging/logger.js';
import type { ProjectionRunner } from '../projections/runner.js';

export interface OutdatedRebuild {
  /** Settles when the projections outdated at start are rebuilt, or the rebuild stopped (never rejects). */
  readonly done: Promise<void>;
  /**
   * Looks again, after the pass in hand: a calendar revision leaves the projections counted on the calendar
   * (the metrics) outdated while running. Returns when that pass settles (never rejects).
   */
  recheck(): Promise<void>;
  /** Stops after the batch in hand; the next start resumes the build from there. */
  stop(): Promise<void>;
}

/** A progress line at most this often (fraction of the log). */
const PROGRESS_STEP = 0.1;

/**
 * After an upgrade that changed a projection's fold, or a holiday notice that changed the calendar a fold
 * counted on, the server rebuilds that projection beside the live generation (which keeps serving the old
 * figures) and switches to the new one once it has caught up: nobody has to remember `rebuild --outdated`,
 * and no route is down meanwhile. All of them in one pass over the log, yielding to requests between reads.
 */
export function rebuildOutdatedProjections(runner: ProjectionRunner, logger: Logger): OutdatedRebuild {
  const controller = new AbortController();
  const pass = async (): Promise<void> => {
    if (controller.signal.aborted) return;
    const names = runner.outdated();
    if (names.length === 0) return;
    const started = performance.now();
    let logged = 0;
    logger.warn({ projections: names }, 'projections built by an older version or counted on another calendar: rebuilding them beside the ones in use');
    try {
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
    } catch (error) {
      if (controller.signal.aborted) logger.info('projection rebuild stopped; it resumes at the next start');
      else logger.error({ err: error }, 'projection rebuild failed; the previous generation stays in use');
    }
  };
  const done = pass();
  let last = done;
  return {
    done,
    recheck() {
      last = last.then(pass);
      return last;
    },
    async stop() {
      controller.abort(new Error('server stopping'));
      await last;
    },
  };
}

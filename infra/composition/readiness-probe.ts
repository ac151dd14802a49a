import { storeAndProjectionsProbe } from '../application/readiness.js';
import type { ReadinessCheck, ReadinessProbe } from '../application/readiness.js';
import type { ProjectionRunner } from '../projections/runner.js';
import type { EventStore } from '../store/port.js';
import type { SupervisedProcesses } from './supervised-processes.js';

export interface ApiReadinessOptions {
  store: Pick<EventStore, 'headPosition'>;
  runner: Pick<ProjectionRunner, 'checkpoints' | 'failed'>;
  processes: SupervisedProcesses;
  /** The process managers that should be running. */
  processNames: readonly string[];
  maxLag: number;
  draining: () => boolean;
  /** Notes beside the checks that never make the instance unready. */
  warnings?: () => ReadinessCheck[];
}

/**
 * Ready when the store answers, every projection and every process manager is within `maxLag` events of
 * the head, the projection runner is following the log, and the instance is not shutting down.
 */
export function apiReadiness(options: ApiReadinessOptions): ReadinessProbe {
  let runnerError: string | undefined;
  options.runner.failed.catch((error: unknown) => {
    runnerError = error instanceof Error ? error.message : String(error);
  });
  const base = storeAndProjectionsProbe({
    headPosition: () => options.store.headPosition(),
    projections: () => Object.entries(options.runner.checkpoints()).map(([name, position]) => ({ name, checkpoint: () => position })),
    maxLag: options.maxLag,
    draining: options.draining,
  });
  return async () => {
    const report = await base();
    const checks: ReadinessCheck[] = [...report.checks];
    if (runnerError !== undefined) checks.push({ name: 'projection-runner', ok: false, detail: `stopped: ${runnerError}` });
    const head = await options.store.headPosition().catch(() => undefined);
    const running = new Map(options.processes.running().map((p) => [p.name, p]));
    for (const name of options.processNames) {
      const p = running.get(name);
      if (!p) checks.push({ name: `process:${name}`, ok: false, detail: 'not running (restarting after a failed reaction)' });
      else if (head !== undefined) {
        const lag = Math.max(0, head - p.checkpoint());
        checks.push({ name: `process:${name}`, ok: lag <= options.maxLag, detail: `${lag} events behind (bound ${options.maxLag})` });
      }
    }
    const warnings = options.warnings?.() ?? [];
    return { ready: checks.every((c) => c.ok), checks, ...(warnings.length > 0 ? { warnings } : {}) };
  };
}

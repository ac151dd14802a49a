import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import type { AuthKeys } from '../auth/auth-keys.js';
import type { AppConfig } from '../config/app-config.js';
import { startServer } from '../http/server.js';
import type { RunningServer } from '../http/server.js';
import type { Logger } from '../logging/logger.js';
import { reachedFromPrimary, tellReached } from '../projections/reached-over-ipc.js';
import { answerAppends, primaryWriterLink } from '../store/process-writer.js';
import type { IpcChannel } from '../store/process-writer.js';
import { composeApi } from './compose-api.js';

/** A worker that died while serving is replaced after this pause (not in a tight loop). */
const RESTART_DELAY_MS = 1000;

export interface WorkersOptions {
  config: AppConfig;
  logger: Logger;
  authKeys: AuthKeys;
  workers: number;
  /** Resolves on the signal to stop (SIGTERM, SIGINT). */
  stopSignal: Promise<string>;
}

/**
 * `serve --workers N` on the embedded store (issue 20): N HTTP processes (node:cluster, sharing the port)
 * and the primary, which composes everything but HTTP: the one writer (its writer thread), the projections,
 * the process managers and the legal clock, once. Each worker serves the routes on its own read connections
 * and sends its appends to the primary (infra/store/process-writer.ts), which answers each after its commit.
 * After each commit of its projections the primary tells every worker the position reached
 * (infra/projections/reached-over-ipc.ts), so a read waiting for its write (X-Min-Position) wakes at once.
 * On the stop signal the workers drain their requests first (their appends are still answered), then the
 * primary closes: the writer commits what waits.
 */
export async function serveWorkers(options: WorkersOptions): Promise<void> {
  if (cluster.isPrimary) return primary(options);
  return worker(options);
}

async function primary({ config, logger, authKeys, workers, stopSignal }: WorkersOptions): Promise<void> {
  // Composed before any worker starts: a fresh DATA_DIR gets its catalog and calendar once, from here.
  const engine = await composeApi({ config, logger, authKeys });
  cluster.setupPrimary({ serialization: 'advanced' });
  let stopping = false;
  const running = new Set<Worker>();
  const fork = (): void => {
    const child = cluster.fork();
    running.add(child);
    answerAppends(engine.store, child);
    child.on('exit', (code, signal) => {
      running.delete(child);
      if (stopping) return;
      logger.error({ worker: child.id, code, signal }, 'an HTTP worker stopped: starting another');
      setTimeout(() => stopping || fork(), RESTART_DELAY_MS).unref();
    });
  };
  // One notice per commit per worker; with every worker gone (all restarting) none is sent.
  engine.runner.onReached((position) => {
    for (const child of running) tellReached(child, position);
  });
  for (let i = 0; i < workers; i++) fork();
  logger.info({ workers, store: config.store.backend, dataDir: config.dataDir, port: config.port }, 'serving with HTTP workers');
  const signal = await stopSignal;
  stopping = true;
  logger.info({ signal, workers: running.size }, 'stopping the HTTP workers, then the writer');
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.process.kill('SIGTERM');
        }),
    ),
  );
  await engine.close();
}

async function worker({ config, logger, authKeys, stopSignal }: WorkersOptions): Promise<void> {
  const primaryChannel = process as unknown as IpcChannel;
  const api = await composeApi({
    config,
    logger,
    authKeys,
    role: 'http',
    appendVia: primaryWriterLink(primaryChannel),
    reachedVia: reachedFromPrimary(primaryChannel),
  });
  let running: RunningServer;
  try {
    running = await startServer({ app: api.app, host: config.host, port: config.port, logger, shutdownTimeoutMs: config.shutdownTimeoutMs, closeHooks: api.closeHooks });
  } catch (error) {
    await api.close();
    throw error;
  }
  api.setDraining(() => running.draining());
  await running.shutdown(await stopSignal);
  // The IPC channel keeps a worker alive: it leaves once drained.
  process.disconnect?.();
}

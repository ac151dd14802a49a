import { parseArgs } from 'node:util';
import { resolveAuthKeys } from '../../auth/resolve-auth-keys.js';
import { loadConfig } from '../../config/load-config.js';
import { composeApi } from '../../composition/compose-api.js';
import { serveWorkers } from '../../composition/serve-workers.js';
import { startServer } from '../../http/server.js';
import type { RunningServer } from '../../http/server.js';
import { createLogger } from '../../logging/logger.js';
import type { Logger } from '../../logging/logger.js';
import type { CliCommand } from '../lib/cli-command.js';

/** Resolves on the first SIGTERM/SIGINT; a second signal while stopping exits at once. */
function stopSignal(logger: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let signalled = false;
    const handle = (signal: NodeJS.Signals): void => {
      if (signalled) {
        logger.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(1);
      }
      signalled = true;
      resolve(signal);
    };
    process.on('SIGTERM', handle);
    process.on('SIGINT', handle);
  });
}

/**
 * `npm start`: the HTTP API on the configured store. On a fresh DATA_DIR the built-in catalog is published
 * as version 1; the projections and process managers catch up in the background (GET /ready says when).
 */
export const command: CliCommand = {
  summary: 'start the HTTP API (what npm start runs)',
  usage: 'main.ts serve [--port <port>] [--workers <n>]',
  async run(argv, io) {
    const { values } = parseArgs({ args: [...argv], options: { port: { type: 'string' }, workers: { type: 'string' } }, strict: true });
    const config = loadConfig(io.env, { PORT: values.port, WEB_CONCURRENCY: values.workers });
    const logger = createLogger({ level: config.logLevel });
    const authKeys = await resolveAuthKeys(config, logger);
    // N HTTP processes on the embedded store, one writer and the projections once (serve-workers.ts).
    if (config.webConcurrency > 1) {
      if (config.store.backend !== 'sqlite') throw new Error(`serve --workers runs on the embedded store; STORE=${config.store.backend} scales with more instances instead`);
      await serveWorkers({ config, logger, authKeys, workers: config.webConcurrency, stopSignal: stopSignal(logger) });
      return 0;
    }
    const api = await composeApi({ config, logger, authKeys });
    let running: RunningServer;
    try {
      running = await startServer({
        app: api.app,
        host: config.host,
        port: config.port,
        logger,
        shutdownTimeoutMs: config.shutdownTimeoutMs,
        closeHooks: api.closeHooks,
      });
    } catch (error) {
      await api.close();
      throw error;
    }
    api.setDraining(() => running.draining());
    const catalog = api.catalog.current();
    logger.info(
      { store: config.store.backend, dataDir: config.dataDir, catalogVersion: catalog.version, items: catalog.items.length, calendar: api.calendar.version },
      'serving',
    );
    await running.shutdown(await stopSignal(logger));
    return 0;
  },
};

import { parseArgs } from 'node:util';
import { resolveAuthKeys } from '../../auth/resolve-auth-keys.js';
import { loadConfig } from '../../config/load-config.js';
import { composeApi } from '../../composition/compose-api.js';
import { startServer } from '../../http/server.js';
import type { RunningServer } from '../../http/server.js';
import { createLogger } from '../../logging/logger.js';
import type { Logger } from '../../logging/logger.js';
import type { CliCommand } from '../lib/cli-command.js';

/** Stops cleanly on SIGTERM/SIGINT; a second signal while stopping exits at once. */
function onSignals(running: RunningServer, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    let signalled = false;
    const handle = (signal: NodeJS.Signals): void => {
      if (signalled) {
        logger.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(1);
      }
      signalled = true;
      void running.shutdown(signal).then(resolve);
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
  usage: 'main.ts serve [--port <port>]',
  async run(argv, io) {
    const { values } = parseArgs({ args: [...argv], options: { port: { type: 'string' } }, strict: true });
    const config = loadConfig(io.env, { PORT: values.port });
    const logger = createLogger({ level: config.logLevel });
    const authKeys = await resolveAuthKeys(config, logger);
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
    await onSignals(running, logger);
    return 0;
  },
};

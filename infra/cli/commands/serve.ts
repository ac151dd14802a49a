import path from 'node:path';
import { parseArgs } from 'node:util';
import { eventRegistry } from '../../../events/index.js';
import { loadBuiltinCatalog } from '../../../services/catalog/load-catalog.js';
import { resolveAuthKeys } from '../../auth/resolve-auth-keys.js';
import type { AppConfig } from '../../config/app-config.js';
import { loadConfig } from '../../config/load-config.js';
import { createApp } from '../../http/create-app.js';
import { createSqliteIdempotencyStore } from '../../http/idempotency/sqlite-idempotency-store.js';
import { storeAndProjectionsProbe } from '../../http/readiness.js';
import { startServer } from '../../http/server.js';
import type { RunningServer } from '../../http/server.js';
import { createLogger } from '../../logging/logger.js';
import type { Logger } from '../../logging/logger.js';
import { createSqliteStore } from '../../store/sqlite-store.js';
import type { EventStore } from '../../store/port.js';
import type { CliCommand } from '../lib/cli-command.js';

const IDEMPOTENCY_PURGE_MS = 10 * 60_000;

function openEventStore(config: AppConfig): EventStore {
  if (config.store.backend !== 'sqlite') {
    throw new Error(`STORE=${config.store.backend} is not wired into serve yet; use STORE=sqlite`);
  }
  return createSqliteStore({ path: path.join(config.dataDir, 'events.sqlite'), registry: eventRegistry, groupCommit: true });
}

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

/** `npm start`: the HTTP API on the configured store, with the built-in catalog. */
export const command: CliCommand = {
  summary: 'start the HTTP API (what npm start runs)',
  usage: 'main.ts serve [--port <port>]',
  async run(argv, io) {
    const { values } = parseArgs({ args: [...argv], options: { port: { type: 'string' } }, strict: true });
    const config = loadConfig(io.env, { PORT: values.port });
    const logger = createLogger({ level: config.logLevel });
    const authKeys = await resolveAuthKeys(config, logger);
    const catalog = loadBuiltinCatalog();
    const store = openEventStore(config);
    const idempotency = createSqliteIdempotencyStore({ file: config.idempotency.file, ttlMs: config.idempotency.ttlMs });
    const purge = setInterval(() => idempotency.purgeExpired(), IDEMPOTENCY_PURGE_MS).unref();

    // The server exists only after the app that reports its readiness: the probe asks it through this.
    let draining = (): boolean => false;
    const readiness = storeAndProjectionsProbe({
      headPosition: () => store.headPosition(),
      // Projections join here once the composition root runs them.
      projections: () => [],
      maxLag: config.readiness.maxProjectionLag,
      draining: () => draining(),
    });
    const { app } = createApp({ config, logger, authKeys, catalog, idempotency, readiness });
    const running = await startServer({
      app,
      host: config.host,
      port: config.port,
      logger,
      shutdownTimeoutMs: config.shutdownTimeoutMs,
      closeHooks: [
        { name: 'idempotency-store', close: () => (clearInterval(purge), idempotency.close()) },
        { name: 'event-store', close: () => store.close() },
      ],
    });
    draining = () => running.draining();
    logger.info({ store: config.store.backend, dataDir: config.dataDir, catalogVersion: catalog.version, items: catalog.items.length }, 'serving');
    await onSignals(running, logger);
    return 0;
  },
};

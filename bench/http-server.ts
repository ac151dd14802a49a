// The server side of bench/http.ts, in a process of its own so the load generator does not share its
// thread: the real composition root (infra/composition/compose-api.ts) on DATA_DIR, plus GET /bench/trivial,
// a trivial express route in the same process (on a port of its own) and behind the same middleware as every
// API route, as the ceiling. Prints `READY <api url> <trivial url>` on stdout once the process managers and
// projections have caught up.
import type { RequestListener } from 'node:http';
import express from 'express';
import { resolveAuthKeys } from '../infra/auth/resolve-auth-keys.js';
import { composeApi } from '../infra/composition/compose-api.js';
import { commonMiddleware } from '../infra/http/create-app.js';
import { loadConfig } from '../infra/config/load-config.js';
import { startServer } from '../infra/http/server.js';
import { createLogger } from '../infra/logging/logger.js';
import { CPU_PATH, TRIVIAL_PATH } from './http-paths.js';
import { processFigures } from './server-figures.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  const authKeys = await resolveAuthKeys(config, logger);
  const composition = await composeApi({ config, logger, authKeys });
  if (!(await composition.caughtUp(30 * 60_000))) throw new Error('the projections did not catch up with the log within 30 minutes');
  // BENCH_LIVE_PROJECTIONS=off: the live projections stop once caught up, so a run shows what their batches
  // cost the event loop (the reads still answer, from read models that no longer follow the writes).
  if (process.env.BENCH_LIVE_PROJECTIONS === 'off') await composition.runner.stop();

  // What every API request passes through before its route (create-app.ts commonMiddleware): request id and
  // log line, security headers, the body parser.
  const trivial = express();
  trivial.disable('x-powered-by');
  trivial.set('etag', false); // as the API app: no hash of each body
  trivial.use(...commonMiddleware(config, logger));
  trivial.get(TRIVIAL_PATH, (_req, res) => {
    res.json({ ok: true });
  });
  const figures = processFigures();
  const api: RequestListener = (req, res) => {
    if (req.url === CPU_PATH) {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(figures()));
    } else composition.app(req, res);
  };

  // A server per app, both in this process: each builds its requests with its own app's prototypes, as
  // `serve` does (infra/http/express-prototypes.ts). On one server, one app would get the other's requests
  // and express would re-set their prototypes on every request.
  const common = { host: config.host, port: config.port, logger, shutdownTimeoutMs: config.shutdownTimeoutMs };
  const running = await startServer({ ...common, app: api, prototypes: composition.app, closeHooks: composition.closeHooks });
  const trivialServer = await startServer({ ...common, app: trivial });
  composition.setDraining(() => running.draining());
  process.stdout.write(`READY ${running.url} ${trivialServer.url}\n`);
  const stop = (): void => {
    void Promise.all([trivialServer.shutdown('bench done'), running.shutdown('bench done')]).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

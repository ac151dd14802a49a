// The server side of bench/http.ts --workers N (issue 20): the layout of `serve --workers N`
// (infra/composition/serve-workers.ts) with the bench's figures. The primary composes everything but HTTP
// (the writer, the projections, the process managers) and forks N HTTP workers that compose with role http and
// send their appends to it; a figures server in the primary answers CPU_PATH with the processes' CPU time
// (all of them) and the worst HTTP worker's event-loop delay and GC. Prints `READY <api url> <figures url>`.
import cluster from 'node:cluster';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveAuthKeys } from '../infra/auth/resolve-auth-keys.js';
import { composeApi } from '../infra/composition/compose-api.js';
import { loadConfig } from '../infra/config/load-config.js';
import { startServer } from '../infra/http/server.js';
import { createLogger } from '../infra/logging/logger.js';
import { answerAppends, primaryWriterLink } from '../infra/store/process-writer.js';
import type { IpcChannel } from '../infra/store/process-writer.js';
import { CPU_PATH } from './http-paths.js';
import { processFigures } from './server-figures.js';
import type { ServerFigures } from './server-figures.js';

type BenchMessage = { bench: 'listening'; url: string } | { bench: 'figures'; figures: ServerFigures } | { bench: 'figures?' };
const benchMessage = (m: unknown): BenchMessage | undefined => (typeof m === 'object' && m !== null && 'bench' in m ? (m as BenchMessage) : undefined);

async function primary(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  const authKeys = await resolveAuthKeys(config, logger);
  const engine = await composeApi({ config, logger, authKeys });
  if (!(await engine.caughtUp(30 * 60_000))) throw new Error('the projections did not catch up with the log within 30 minutes');
  const count = Number(process.env.BENCH_WORKERS);
  cluster.setupPrimary({ serialization: 'advanced' });
  const own = processFigures();
  const workers = Array.from({ length: count }, () => cluster.fork());
  const urls = await Promise.all(
    workers.map((worker) => {
      answerAppends(engine.store, worker);
      return new Promise<string>((resolve) =>
        worker.on('message', (m: unknown) => {
          const message = benchMessage(m);
          if (message?.bench === 'listening') resolve(message.url);
        }),
      );
    }),
  );
  if (new Set(urls).size !== 1) throw new Error(`the workers listen on different addresses: ${urls.join(', ')}`);
  const ask = (worker: (typeof workers)[number]): Promise<ServerFigures> =>
    new Promise((resolve) => {
      const listener = (m: unknown): void => {
        const message = benchMessage(m);
        if (message?.bench !== 'figures') return;
        worker.off('message', listener);
        resolve(message.figures);
      };
      worker.on('message', listener);
      worker.send({ bench: 'figures?' } satisfies BenchMessage);
    });
  const figuresServer = http.createServer((req, res) => {
    if (req.url !== CPU_PATH) return void res.writeHead(404).end();
    void Promise.all(workers.map(ask)).then((each) => {
      const mine = own();
      const figures: ServerFigures & { workers: ServerFigures[] } = {
        micros: mine.micros + each.reduce((sum, f) => sum + f.micros, 0),
        gc: { count: Math.max(...each.map((f) => f.gc.count)), totalMs: Math.max(...each.map((f) => f.gc.totalMs)), maxMs: Math.max(...each.map((f) => f.gc.maxMs)) },
        loopDelayMs: { p99: Math.max(...each.map((f) => f.loopDelayMs.p99)), max: Math.max(...each.map((f) => f.loopDelayMs.max)) },
        workers: each,
      };
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(figures));
    });
  });
  await new Promise<void>((resolve) => figuresServer.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`READY ${urls[0]!} http://127.0.0.1:${(figuresServer.address() as AddressInfo).port}\n`);
  const stop = (): void => {
    figuresServer.close();
    void Promise.all(workers.map((w) => new Promise<void>((resolve) => (w.once('exit', () => resolve()), w.process.kill('SIGTERM')))))
      .then(() => engine.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function worker(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  const authKeys = await resolveAuthKeys(config, logger);
  const api = await composeApi({ config, logger, authKeys, role: 'http', appendVia: primaryWriterLink(process as unknown as IpcChannel) });
  const figures = processFigures();
  const running = await startServer({ app: api.app, host: config.host, port: config.port, logger, shutdownTimeoutMs: config.shutdownTimeoutMs, closeHooks: api.closeHooks });
  api.setDraining(() => running.draining());
  process.on('message', (m: unknown) => {
    if (benchMessage(m)?.bench === 'figures?') process.send!({ bench: 'figures', figures: figures() } satisfies BenchMessage);
  });
  process.send!({ bench: 'listening', url: running.url } satisfies BenchMessage);
  process.on('SIGTERM', () => void running.shutdown('bench done').then(() => process.disconnect()));
}

(cluster.isPrimary ? primary() : worker()).catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

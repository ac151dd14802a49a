import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../logging/logger.js';
import { answerClientError } from './client-error.js';
import { expressServerOptions, hasExpressPrototypes } from './express-prototypes.js';
import type { ExpressPrototypes } from './express-prototypes.js';

/** Something to close once no request is running any more: projections, the event store, the idempotency store. */
export interface CloseHook {
  name: string;
  close(): Promise<void> | void;
}

export interface ServerOptions {
  app: RequestListener;
  /**
   * The express app whose requests and responses the server builds with its prototypes already in place
   * (express-prototypes.ts says why): `app` itself when it is an express app; give it when `app` wraps one.
   */
  prototypes?: ExpressPrototypes;
  host: string;
  port: number;
  logger: Logger;
  /** How long in-flight requests may take to finish before their connections are cut. */
  shutdownTimeoutMs: number;
  /** Run in order after the HTTP side has drained (projections before the store they read). */
  closeHooks?: readonly CloseHook[];
}

export interface RunningServer {
  server: http.Server;
  port: number;
  url: string;
  /** True from the moment shutdown begins (readiness answers 503). */
  draining(): boolean;
  /** Stops accepting, lets in-flight requests finish, then runs the close hooks. Safe to call twice. */
  shutdown(reason?: string): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { logger } = options;
  const inFlight = new Set<ServerResponse>();
  let draining = false;

  const prototypes = options.prototypes ?? (hasExpressPrototypes(options.app) ? options.app : undefined);
  const server = http.createServer(prototypes ? expressServerOptions(prototypes) : {}, (req, res) => {
    inFlight.add(res);
    res.on('close', () => inFlight.delete(res));
    // A keep-alive client learns with this answer that the connection ends.
    if (draining) res.setHeader('Connection', 'close');
    options.app(req, res);
  });
  server.on('clientError', answerClientError);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host}:${port}`;
  logger.info({ url }, 'listening');

  let shuttingDown: Promise<void> | undefined;

  async function drainHttp(): Promise<void> {
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Connections that finish their last request while we wait become idle: close them as they do.
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.shutdownTimeoutMs);
    });
    try {
      if ((await Promise.race([closed, timedOut])) === 'timeout') {
        logger.warn({ unfinished: inFlight.size }, 'shutdown timeout: cutting the connections of unfinished requests');
        server.closeAllConnections();
        await closed;
      }
    } finally {
      clearInterval(sweeper);
      clearTimeout(timer);
    }
  }

  async function runCloseHooks(): Promise<void> {
    for (const hook of options.closeHooks ?? []) {
      try {
        await hook.close();
        logger.info({ hook: hook.name }, 'closed');
      } catch (error) {
        logger.error({ err: error, hook: hook.name }, 'close hook failed');
      }
    }
  }

  return {
    server,
    port,
    url,
    draining: () => draining,
    shutdown(reason = 'shutdown requested') {
      shuttingDown ??= (async () => {
        draining = true;
        logger.info({ reason, inFlight: inFlight.size }, 'shutting down: no new connections, finishing requests in flight');
        await drainHttp();
        await runCloseHooks();
        logger.info('shutdown complete');
        logger.flush();
      })();
      return shuttingDown;
    },
  };
}

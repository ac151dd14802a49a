import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hs256Keys } from '../../../infra/auth/auth-keys.js';
import type { Principal } from '../../../infra/auth/principal.js';
import { issueToken } from '../../../infra/auth/tokens.js';
import { composeApi } from '../../../infra/composition/compose-api.js';
import type { ApiComposition } from '../../../infra/composition/compose-api.js';
import { loadConfig } from '../../../infra/config/load-config.js';
import { startServer } from '../../../infra/http/server.js';
import type { RunningServer } from '../../../infra/http/server.js';
import { createLogger } from '../../../infra/logging/logger.js';
import { buildConsoleIfStale } from '../../../web/build-console.js';
import { testClock } from '../../support/command-harness.js';
import { tempDir } from '../../support/sqlite-harness.js';
import { TEST_SECRET } from '../../http/support/test-app.js';

// A real server for the browser: the demo seed (a year of traffic, through the seed command as a user runs it),
// then the whole composition listening on a free port with the console built, on a clock the test sets.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ConsoleServer {
  url: string;
  api: ApiComposition;
  clock: ReturnType<typeof testClock>;
  /** A bearer token for direct API calls (what another clerk or the test's own checks send). */
  bearer(principal: Principal): Promise<string>;
  /** fetch on the API with a principal's token; JSON in and out. */
  call(principal: Principal, method: 'GET' | 'POST', apiPath: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; etag: string | null }>;
  close(): Promise<void>;
}

export async function startConsoleServer(options: { date: string; applications: number }): Promise<ConsoleServer> {
  await buildConsoleIfStale(() => undefined);
  const data = tempDir('hrss-browser-');
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', 'seed', '--demo', '--applications', String(options.applications), '--data-dir', data.dir], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
  });
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: data.dir, JWT_SECRET: TEST_SECRET, RATE_LIMIT_APPLICANT_MAX: '100000', LOG_LEVEL: 'warn' });
  const logger = createLogger({ level: 'warn', sink: { write: () => true } });
  const authKeys = hs256Keys(TEST_SECRET, { issuer: config.jwt.issuer, audience: config.jwt.audience });
  const clock = testClock(options.date);
  const api = await composeApi({ config, logger, authKeys, clock: clock.now, webConsoleDir: path.join(root, 'web', 'dist') });
  await api.caughtUp();
  let running: RunningServer;
  try {
    running = await startServer({ app: api.app, host: '127.0.0.1', port: 0, logger, shutdownTimeoutMs: 2_000, closeHooks: api.closeHooks });
  } catch (error) {
    await api.close();
    throw error;
  }
  const url = `http://127.0.0.1:${running.port}`;
  const bearer = (principal: Principal): Promise<string> => issueToken(authKeys, principal);
  return {
    url,
    api,
    clock,
    bearer,
    async call(principal, method, apiPath, body, headers = {}) {
      const res = await fetch(`${url}/api/v1${apiPath}`, {
        method,
        headers: { Authorization: `Bearer ${await bearer(principal)}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null, etag: res.headers.get('ETag') };
    },
    async close() {
      await running.shutdown('test');
      data.remove();
    },
  };
}

import type { Response } from 'supertest';
import { hs256Keys } from '../../../infra/auth/auth-keys.js';
import type { Principal } from '../../../infra/auth/principal.js';
import { issueToken } from '../../../infra/auth/tokens.js';
import { composeApi } from '../../../infra/composition/compose-api.js';
import type { ApiComposition } from '../../../infra/composition/compose-api.js';
import { loadConfig } from '../../../infra/config/load-config.js';
import { createLogger } from '../../../infra/logging/logger.js';
import type { RecordedEvent } from '../../../infra/store/port.js';
import { testClock } from '../../support/command-harness.js';
import { tempDir } from '../../support/sqlite-harness.js';
import { request } from './checked-request.js';
import type { CheckedTest } from './checked-request.js';
import { TEST_SECRET } from './test-app.js';

export const API = '/api/v1';

/** The real composition (SQLite files in a temp DATA_DIR) behind supertest, with a clock the test moves. */
export interface ApiHarness {
  api: ApiComposition;
  dataDir: string;
  clock: ReturnType<typeof testClock>;
  /** Log lines written, raw. */
  logLines: string[];
  bearer(principal: Principal): Promise<string>;
  /** Each answer is checked against the served OpenAPI document (checked-request.ts). */
  get(path: string, principal?: Principal, headers?: Record<string, string>): Promise<Response>;
  post(path: string, principal: Principal | undefined, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** get and post for answers the document does not describe on purpose; `reason` says why. */
  undocumented(reason: string): Pick<ApiHarness, 'get' | 'post'>;
  head(): Promise<number>;
  /** Every event in the log. */
  log(): Promise<RecordedEvent[]>;
  dispose(): Promise<void>;
}

export interface ApiHarnessOptions {
  /** The law's date the clock starts on (a Monday by default). */
  date?: string;
  env?: Record<string, string>;
  /** Reuse a data directory (a restart); removed by dispose only when the harness made it. */
  dataDir?: string;
  /** The web console's built files to serve (compose-api's default otherwise). */
  webConsoleDir?: string;
}

export async function startApi(options: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const made = options.dataDir === undefined ? tempDir('hrss-api-') : undefined;
  const dataDir = options.dataDir ?? made!.dir;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_SECRET,
    RATE_LIMIT_APPLICANT_MAX: '100000',
    ...options.env,
  });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'info', sink: { write: (line: string) => logLines.push(line) } });
  const authKeys = hs256Keys(TEST_SECRET, { issuer: config.jwt.issuer, audience: config.jwt.audience, maxLifetimeSeconds: config.jwt.maxLifetimeSeconds });
  const clock = testClock(options.date ?? '2026-09-28');
  const api = await composeApi({ config, logger, authKeys, clock: clock.now, ...(options.webConsoleDir === undefined ? {} : { webConsoleDir: options.webConsoleDir }) });
  await api.caughtUp();
  const tokens = new Map<string, string>();
  const bearer = async (principal: Principal): Promise<string> => {
    const id = JSON.stringify(principal);
    let token = tokens.get(id);
    if (!token) {
      token = `Bearer ${await issueToken(authKeys, principal)}`;
      tokens.set(id, token);
    }
    return token;
  };
  // Not async: a supertest Test is a thenable, and resolving a promise with it would send it.
  const withAuth = (req: CheckedTest, authorization: string | undefined, headers: Record<string, string>, optOut: string | undefined): CheckedTest => {
    if (authorization) req.set('Authorization', authorization);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return optOut === undefined ? req : req.undocumented(optOut);
  };
  const auth = async (principal: Principal | undefined): Promise<string | undefined> => (principal ? bearer(principal) : undefined);
  const calls = (optOut?: string): Pick<ApiHarness, 'get' | 'post'> => ({
    get: async (path, principal, headers = {}) => await withAuth(request(api.app).get(path), await auth(principal), headers, optOut),
    post: async (path, principal, body, headers = {}) => {
      const req = withAuth(request(api.app).post(path), await auth(principal), headers, optOut);
      return body === undefined ? await req : await req.send(body as object);
    },
  });
  return {
    api,
    dataDir,
    clock,
    logLines,
    bearer,
    ...calls(),
    undocumented: (reason) => calls(reason),
    head: () => api.store.headPosition(),
    log: () => api.store.readAll(),
    async dispose() {
      await api.close();
      made?.remove();
    },
  };
}

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hs256Keys } from '../infra/auth/auth-keys.js';
import type { Principal } from '../infra/auth/principal.js';
import { issueToken } from '../infra/auth/tokens.js';
import { loadConfig } from '../infra/config/load-config.js';

/**
 * The real server as a deployment runs it: `infra/cli/main.ts serve` in a process of its own, on a data
 * directory, on a port the system picks, so the torture runs can SIGKILL it and start it again.
 */

export const root = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'torture-run-secret-of-at-least-32-characters';

export interface ServedApi {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote on stderr (warnings, errors; the info log goes nowhere). */
  stderr(): string;
  /** Resolves with the exit code or signal when the process has ended. */
  exited: Promise<string>;
}

/** The environment every process of a run shares: the same keys, so tokens and identity hashes agree. */
export function runEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _dropped, ...inherited } = process.env;
  return {
    ...inherited,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    // The listening line is logged at info; request lines go to a pipe we drain.
    LOG_LEVEL: 'info',
    JWT_SECRET: SECRET,
    IDENTITY_HASH_KEY: 'torture-run-identity-key',
    RATE_LIMIT_APPLICANT_MAX: '1000000',
    ...extra,
  };
}

/** Starts `serve` and resolves once it listens (the projections catch up in the background). */
export function startServe(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<ServedApi> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let pending = '';
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not listen within ${timeoutMs} ms:\n${stderr.slice(-2000)}`));
    }, timeoutMs);
    let listening = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (listening) return;
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const url = /"url":"(http:\/\/[^"]+)"/.exec(line)?.[1];
        if (url && !listening) {
          listening = true;
          pending = '';
          clearTimeout(timer);
          resolve({ url, child, stderr: () => stderr, exited });
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
    });
    void exited.then((how) => {
      clearTimeout(timer);
      if (!listening) reject(new Error(`serve exited (${how}) before it listened:\n${stderr.slice(-2000)}`));
    });
  });
}

/** SIGKILL: no shutdown hook runs, nothing is flushed that the kernel does not already have. */
export async function kill(api: ServedApi): Promise<void> {
  if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
  await api.exited;
}

/** SIGTERM: the graceful stop; resolves with how it ended ("0" when clean). */
export async function stop(api: ServedApi): Promise<string> {
  if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGTERM');
  return api.exited;
}

/** Runs a CLI command of the project to its end; resolves with its exit code and output. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Tokens the served API accepts (the run's HS256 secret, the configured issuer and audience). */
export function tokenIssuer(env: NodeJS.ProcessEnv): (principal: Principal, ttl?: string) => Promise<string> {
  const config = loadConfig(env);
  const keys = hs256Keys(SECRET, { issuer: config.jwt.issuer, audience: config.jwt.audience });
  const cache = new Map<string, string>();
  return async (principal, ttl = '2h') => {
    const id = `${JSON.stringify(principal)} ${ttl}`;
    let token = cache.get(id);
    if (!token) cache.set(id, (token = await issueToken(keys, principal, { ttl })));
    return token;
  };
}

export const TORTURE_SECRET = SECRET;

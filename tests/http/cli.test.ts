import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { resolveAuthKeys } from '../../infra/auth/resolve-auth-keys.js';
import { verifyToken } from '../../infra/auth/tokens.js';
import { runCli } from '../../infra/cli/main.js';
import { loadConfig } from '../../infra/config/load-config.js';
import { createLogger } from '../../infra/logging/logger.js';
import { checkedFetch } from './support/checked-request.js';

function collector() {
  let text = '';
  return { write: (s: string) => (text += s), text: () => text };
}

describe('CLI', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'hrss-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists its commands, discovered from infra/cli/commands', async () => {
    const stdout = collector();
    expect(await runCli(['help'], { stdout, stderr: collector() })).to.equal(0);
    expect(stdout.text()).to.match(/serve\s+start the HTTP API/).and.match(/token\s+issue a bearer token/);
    const stderr = collector();
    expect(await runCli(['nope'], { stdout: collector(), stderr })).to.equal(1);
    expect(stderr.text()).to.contain('unknown command "nope"');
    expect(await runCli(['../load-config'], { stdout: collector(), stderr: collector() })).to.equal(1);
  });

  it('issues a clerk token that serve (same DATA_DIR) accepts', async () => {
    const env = { NODE_ENV: 'development', DATA_DIR: dataDir };
    const stdout = collector();
    const stderr = collector();
    const code = await runCli(['token', '--role', 'clerk', '--department', 'D-SI', '--hall', 'H-2', '--sub', 'c-7', '--ttl', '1h'], { stdout, stderr, env });
    expect(code, stderr.text()).to.equal(0);
    const token = stdout.text().trim();
    expect(token.split('.')).to.have.length(3);
    expect(stderr.text()).to.contain('development HS256 secret');
    const keys = await resolveAuthKeys(loadConfig(env), createLogger({ level: 'silent' }));
    expect(await verifyToken(keys, token)).to.deep.equal({ role: 'clerk', sub: 'c-7', department: 'D-SI', hall: 'H-2' });
  });

  it('refuses a clerk token without its scope, and a bad ttl', async () => {
    const env = { NODE_ENV: 'development', DATA_DIR: dataDir };
    const stderr = collector();
    expect(await runCli(['token', '--role', 'clerk', '--sub', 'c'], { stdout: collector(), stderr, env })).to.equal(2);
    // The hall is optional: a back-office clerk (后台) has none.
    expect(stderr.text()).to.contain('--department').and.not.contain('--hall:');
    expect(await runCli(['token', '--role', 'applicant', '--sub', 'a', '--ttl', 'forever'], { stdout: collector(), stderr: collector(), env })).to.equal(2);
    // Longer than a clerk token may live (12 h by default; TOKEN_MAX_LIFETIMES sets it): not handed out.
    const long = collector();
    const out = collector();
    expect(await runCli(['token', '--role', 'clerk', '--department', 'D', '--sub', 'c', '--ttl', '7d'], { stdout: out, stderr: long, env })).to.equal(2);
    expect(long.text()).to.contain('lives longer than a clerk token may (12 h)');
    expect(out.text()).to.equal('');
    const configured = { ...env, TOKEN_MAX_LIFETIMES: 'clerk=1h' };
    expect(await runCli(['token', '--role', 'clerk', '--department', 'D', '--sub', 'c', '--ttl', '2h'], { stdout: collector(), stderr: collector(), env: configured })).to.equal(2);
    expect(await runCli(['token', '--role', 'clerk', '--department', 'D', '--sub', 'c', '--ttl', '30m'], { stdout: collector(), stderr: collector(), env: configured })).to.equal(0);
  });

  it('serve starts on the built-in catalog, answers, and stops cleanly on SIGTERM', async function () {
    this.timeout(20_000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', 'serve'], {
      env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      let url: string | undefined;
      while (!url && Date.now() < deadline) {
        url = /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
        if (!url) await new Promise((r) => setTimeout(r, 50));
      }
      expect(url, out).to.be.a('string');
      const health = await checkedFetch(`${url}/health`);
      expect(health.status).to.equal(200);
      const ready = await checkedFetch(`${url}/ready`);
      expect(ready.status, await ready.clone().text()).to.equal(200);
      const items = (await (await checkedFetch(`${url}/api/v1/catalog/items`)).json()) as { total: number };
      expect(items.total).to.equal(97);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).to.equal(0);
    expect(out).to.contain('shutdown complete');
  });
});

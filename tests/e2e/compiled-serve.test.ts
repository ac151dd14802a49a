import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { checkedFetch } from '../http/support/checked-request.js';

/*
 * What a production deployment runs: the runtime folders compiled by tsconfig.build.json (as `npm run build`
 * does) and started with plain node, no tsx anywhere. The output goes to .tmp/ inside the checkout rather
 * than dist/, so a developer's build is left alone, while node_modules and package.json ("type": "module")
 * are still found from it.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A child process to its end; never rejects, the caller looks at the exit code. */
function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: root, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('compiled build: node dist/infra/cli/main.js serve, without tsx', function () {
  this.timeout(240_000);
  let work: string;
  let out: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    mkdirSync(join(root, '.tmp'), { recursive: true });
    work = mkdtempSync(join(root, '.tmp', 'compiled-serve-'));
    out = join(work, 'dist');
    dataDir = mkdtempSync(join(tmpdir(), 'hrss-compiled-'));
    // Production settings, and no NODE_OPTIONS: nothing may bring tsx into the children.
    const { NODE_OPTIONS: _dropped, ...inherited } = process.env;
    env = {
      ...inherited,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      JWT_SECRET: 'compiled-serve-test-secret-of-32-characters',
      IDENTITY_HASH_KEY: 'compiled-serve-identity-key',
    };
    const built = await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out], env);
    expect(built.code, `tsc -p tsconfig.build.json failed:\n${built.stdout}${built.stderr}`).to.equal(0);
  });

  after(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('emits the runtime folders and the JSON they import, and nothing of tests or bench', () => {
    expect(statSync(join(out, 'infra', 'cli', 'main.js')).isFile()).to.equal(true);
    expect(statSync(join(out, 'infra', 'composition', 'projection-helper-worker.js')).isFile()).to.equal(true);
    expect(statSync(join(out, 'services', 'catalog', 'builtin', 'bundles.json')).isFile()).to.equal(true);
    expect(statSync(join(out, 'services', 'calendar', 'revisions', '2020-spring-festival-extension.json')).isFile()).to.equal(true);
    expect(() => statSync(join(out, 'tests'))).to.throw(/ENOENT/);
    expect(() => statSync(join(out, 'bench'))).to.throw(/ENOENT/);
  });

  it('serves: ready, the public catalog and the OpenAPI document, then stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(out, 'infra', 'cli', 'main.js'), 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let running = true;
    void exited.then(() => (running = false));
    try {
      const deadline = Date.now() + 60_000;
      let url: string | undefined;
      while (!url && running && Date.now() < deadline) {
        url = /"url":"(http:\/\/[^"]+)"/.exec(log)?.[1];
        if (!url) await new Promise((r) => setTimeout(r, 50));
      }
      expect(url, log).to.be.a('string');
      // The projections catch up in the background: ready once they have.
      let ready = await checkedFetch(`${url}/ready`);
      while (ready.status !== 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        ready = await checkedFetch(`${url}/ready`);
      }
      expect(ready.status, await ready.clone().text()).to.equal(200);

      const items = await checkedFetch(`${url}/api/v1/catalog/items`);
      expect(items.status).to.equal(200);
      expect(items.headers.get('content-type')).to.match(/^application\/json/);
      const list = (await items.json()) as { catalogVersion: number; total: number; items: { code: string }[] };
      expect(list).to.include({ catalogVersion: 1, total: 97 });
      expect(list.items).to.have.length(97);

      const openapi = await checkedFetch(`${url}/api/v1/openapi.json`);
      expect(openapi.status).to.equal(200);
      expect(((await openapi.json()) as { openapi: string }).openapi).to.match(/^3\./);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, log).to.equal(0);
    expect(log).to.contain('shutdown complete');
  });

  it('rebuilds every projection from the compiled CLI, with --threads 2', async () => {
    const rebuilt = await run(process.execPath, [join(out, 'infra', 'cli', 'main.js'), 'rebuild', '--all', '--threads', '2', '--data-dir', dataDir], env);
    expect(rebuilt.code, `${rebuilt.stdout}${rebuilt.stderr}`).to.equal(0);
    expect(rebuilt.stdout).to.match(/active at position \d+/);
  });

  it('starts the projection helper thread from the compiled worker module', async () => {
    // The CLI's log is far too short for a second thread (HELPER_MIN_EVENTS), so the helper is started
    // directly, on the data directory serve has just written: it opens the files, applies its share of the
    // active projections (already at the head) and reports the position it reached.
    const script = `
      const { threadHelper } = await import(process.env.HELPER_MODULE);
      const { defaultCalendar } = await import(process.env.CALENDAR_MODULE);
      const { join } = await import('node:path');
      const dataDir = process.env.DATA_DIR;
      const helper = threadHelper({
        eventsPath: join(dataDir, 'events.sqlite'),
        readModelsPath: join(dataDir, 'read-models.sqlite'),
        identityKey: process.env.IDENTITY_HASH_KEY,
        calendarDir: null,
        calendarVersion: defaultCalendar().version,
      });
      const run = helper.start({ names: ['catalog-rates', 'metrics'], status: 'active', batchSize: 100, commitEvery: 1000 });
      process.stdout.write(JSON.stringify({ position: await run.done }));
    `;
    const helperEnv = {
      ...env,
      HELPER_MODULE: pathToFileURL(join(out, 'infra', 'composition', 'projection-helper-thread.js')).href,
      CALENDAR_MODULE: pathToFileURL(join(out, 'services', 'calendar', 'index.js')).href,
    };
    // A file, not --eval: a worker inherits its process's execArgv, and --input-type would refuse its entry.
    const scriptFile = join(work, 'start-helper.mjs');
    writeFileSync(scriptFile, script);
    const ran = await run(process.execPath, [scriptFile], helperEnv);
    expect(ran.code, `${ran.stdout}${ran.stderr}`).to.equal(0);
    const { position } = JSON.parse(ran.stdout) as { position: number };
    expect(position).to.be.a('number').and.at.least(1);
  });
});

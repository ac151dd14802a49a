import { expect } from 'chai';
import { runCli } from '../../infra/cli/main.js';
import { tempDir } from '../support/sqlite-harness.js';

function collector() {
  let text = '';
  return { write: (s: string) => (text += s), text: () => text };
}

async function cli(args: string[], env: Record<string, string>) {
  const stdout = collector();
  const stderr = collector();
  const code = await runCli(args, { stdout, stderr, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('CLI rebuild and report on a seeded data directory (the files serve opens)', function () {
  this.timeout(60_000);
  const dir = tempDir('hrss-cli-rr-');
  let env: Record<string, string>;

  before(async () => {
    env = { NODE_ENV: 'development', DATA_DIR: dir.dir, IDENTITY_HASH_KEY: 'cli-test-identity-hash-key' };
    const seeded = await cli(['seed', '--demo', '--applications', '600', '--seed', '5'], env);
    expect(seeded.code, seeded.stderr).to.equal(0);
  });
  after(() => dir.remove());

  it('rebuilds every projection as a new generation and switches to it', async () => {
    const rebuilt = await cli(['rebuild', '--all', '--batch', '700'], env);
    expect(rebuilt.code, rebuilt.stderr).to.equal(0);
    const lines = rebuilt.stdout.trim().split('\n');
    expect(lines.length).to.be.greaterThan(3);
    for (const line of lines) expect(line).to.match(/^[a-z-]+: generation 2 active at position \d+, generation 1 dropped/);
    const again = await cli(['rebuild', '--outdated'], env);
    expect(again.code).to.equal(0);
    expect(again.stdout).to.equal('nothing to rebuild\n');
  });

  it('rebuilds with --threads 2 (a log this small stays on one thread) and refuses another thread count', async () => {
    const rebuilt = await cli(['rebuild', 'metrics', 'work-queue', '--threads', '2'], env);
    expect(rebuilt.code, rebuilt.stderr).to.equal(0);
    expect(rebuilt.stdout).to.match(/^metrics: generation \d+ active/m);
    const three = await cli(['rebuild', '--all', '--threads', '3'], env);
    expect(three.code).to.equal(2);
    expect(three.stderr).to.contain('--threads "3" is not 1 or 2');
  });

  it('refuses an unknown projection or a bad batch size before opening anything', async () => {
    const unknown = await cli(['rebuild', 'no-such-projection'], env);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.contain('unknown projection no-such-projection');
    const batch = await cli(['rebuild', '--all', '--batch', 'lots'], env);
    expect(batch.code).to.equal(2);
    expect(batch.stderr).to.contain('--batch "lots"');
  });

  it('publishes a month once, refuses a second publication without --revise, and shows it as JSON and CSV', async () => {
    const published = await cli(['report', 'publish', '2025-03', '--as-of', '2025-12-31', '--by', 'sup-1'], env);
    expect(published.code, published.stderr).to.equal(0);
    expect(published.stdout).to.match(/^published report-2025-03 as publication 1 \(stream revision 0\) at log position \d+ \(design-6\/v\d+\)/);
    const twice = await cli(['report', 'publish', '2025-03'], env);
    expect(twice.code).to.equal(1);
    expect(twice.stderr).to.contain('already published');
    const revised = await cli(['report', 'publish', '2025-03', '--revise', '--as-of', '2025-12-31'], env);
    expect(revised.code, revised.stderr).to.equal(0);
    expect(revised.stdout).to.contain('publication 2 (stream revision 1)');

    const json = await cli(['report', 'show', '2025-03'], env);
    expect(json.code).to.equal(0);
    const report = JSON.parse(json.stdout) as { month: string; formulaVersion: string };
    expect(report.month).to.equal('2025-03');
    const csv = await cli(['report', 'show', '2025-03', '--csv'], env);
    expect(csv.code).to.equal(0);
    expect(csv.stdout.split('\n').length).to.be.greaterThan(10);
    expect(csv.stdout).to.not.contain('{');
  });

  it('answers a month never published with exit 1, and a malformed month with usage', async () => {
    const missing = await cli(['report', 'show', '2024-01'], env);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain('no report published for 2024-01');
    const malformed = await cli(['report', 'publish', '2025-13'], env);
    expect(malformed.code).to.equal(2);
    expect(malformed.stderr).to.contain('"2025-13" is not YYYY-MM');
  });
});

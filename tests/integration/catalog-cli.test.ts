import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { eventRegistry } from '../../events/index.js';
import { runCli } from '../../infra/cli/main.js';
import { openCatalogKeeper } from '../../infra/application/catalog-keeper.js';
import type { OpenCatalogKeeper } from '../../infra/application/catalog-keeper.js';
import { dataFiles } from '../../infra/config/data-files.js';
import type { EventStore } from '../../infra/store/port.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { parseCsv, formatCsv } from '../../services/catalog/csv.js';
import { loadBuiltinCatalog } from '../../services/catalog/index.js';
import { tempDir } from '../support/sqlite-harness.js';

function collector() {
  let text = '';
  return { write: (s: string) => (text += s), text: () => text };
}

/** Sets one cell of a CSV file: the row whose first column is `key`, the column named `column`. */
function setCell(file: string, key: string, column: string, value: string): void {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  const col = header!.indexOf(column);
  const row = rows.find((r) => r[0] === key)!;
  row[col] = value;
  writeFileSync(file, formatCsv([header!, ...rows]));
}

describe('CLI catalog: a bureau imports its own 实施清单 as the next version, and the API takes it up', function () {
  this.timeout(20_000);
  const dir = tempDir('hrss-catalog-cli-');
  let store: EventStore;
  let keeper: OpenCatalogKeeper;
  const env = () => ({ NODE_ENV: 'development', DATA_DIR: dir.dir });
  const cli = async (...args: string[]) => {
    const stdout = collector();
    const stderr = collector();
    const code = await runCli(args, { stdout, stderr, env: env() });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };
  // An item with a committed limit under its statutory one, so both can move.
  const item = loadBuiltinCatalog().items.find((i) => i.committedLimit.value > 1 && i.statutoryLimit.value > i.committedLimit.value + 2)!;

  before(async () => {
    expect((await cli('catalog', 'show')).code).to.equal(1);
    store = createSqliteStore({ path: dataFiles(dir.dir).events, registry: eventRegistry });
    keeper = await openCatalogKeeper(store, () => new Date());
  });
  after(async () => {
    keeper.close();
    await store.close();
    dir.remove();
  });

  it('shows and exports the version in force', async () => {
    const shown = await cli('catalog', 'show');
    expect(shown.code).to.equal(0);
    expect(shown.stdout).to.match(/^catalog version 1: 97 items, 10 bundles, sha256:/);
    const exported = await cli('catalog', 'export', path.join(dir.dir, 'export'));
    expect(exported.code, exported.stderr).to.equal(0);
    expect(readFileSync(path.join(dir.dir, 'export', 'items.csv'), 'utf8').split('\n')[0]).to.match(/^task_code,/);
  });

  it('refuses a CSV that breaks the auditors’ rules with every problem named, publishing nothing', async () => {
    const items = path.join(dir.dir, 'export', 'items.csv');
    const materials = path.join(dir.dir, 'export', 'materials.csv');
    const original = readFileSync(items, 'utf8');
    setCell(items, item.code, 'promise_day', String(item.statutoryLimit.value + 5));
    const other = loadBuiltinCatalog().items.find((i) => i.code !== item.code)!;
    setCell(items, other.code, 'dept_code', '');
    const refused = await cli('catalog', 'import', items, '--materials', materials);
    writeFileSync(items, original);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain('nothing published').and.contain('2 problem(s)');
    expect(refused.stderr).to.contain(item.code).and.contain('promise_day').and.contain(other.code).and.contain('dept_code');
    expect(await store.streamRevision('catalog')).to.equal(0);
    const noMaterials = await cli('catalog', 'import', items);
    expect(noMaterials.code).to.equal(2);
    expect(noMaterials.stderr).to.contain('--materials');
  });

  it('validates on --dry-run, then publishes version 2 from CSV, which a running keeper takes up', async () => {
    const items = path.join(dir.dir, 'export', 'items.csv');
    const materials = path.join(dir.dir, 'export', 'materials.csv');
    setCell(items, item.code, 'promise_day', String(item.committedLimit.value - 1));
    const dry = await cli('catalog', 'import', items, '--materials', materials, '--dry-run');
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.match(/^valid: would publish catalog version 2 \(97 items, 10 bundles/);
    expect(await store.streamRevision('catalog')).to.equal(0);

    const published = await cli('catalog', 'import', items, '--materials', materials, '--by', 'admin-wang');
    expect(published.code, published.stderr).to.equal(0);
    expect(published.stdout).to.match(/^published catalog version 2 .* at log position \d+/);
    expect(keeper.current().version).to.equal(1);
    expect(await keeper.refresh()).to.equal(2);
    expect(keeper.current().items.find((i) => i.code === item.code)!.committedLimit.value).to.equal(item.committedLimit.value - 1);
    const [event] = await store.readStream('catalog', { fromRevision: 1 });
    expect(event!.metadata.actor).to.deep.equal({ role: 'admin', id: 'admin-wang' });
  });

  it('imports JSON in the built-in shape as version 3', async () => {
    const { items, bundles } = keeper.current();
    const file = path.join(dir.dir, 'catalog.json');
    writeFileSync(file, JSON.stringify({ items: items.filter((i) => i.code !== 'NOT-THERE'), bundles }));
    const published = await cli('catalog', 'import', file);
    expect(published.code, published.stderr).to.equal(0);
    expect(published.stdout).to.contain('published catalog version 3');
    expect(await keeper.refresh()).to.equal(3);
  });
});

import { spawn } from 'node:child_process';
import { openSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { startApi } from '../http/support/api-harness.js';
import { submitItem } from '../http/support/api-flows.js';
import { tempDir } from '../support/sqlite-harness.js';

// Issue 18, item 8: a page of events.sqlite overwritten made `rebuild --all` print "database disk image is
// malformed" and never exit. Every command exits non-zero on a storage error, and says what is damaged.
describe('a CLI command on a damaged event store', () => {
  it('exits 1 at once, naming the damage, instead of hanging', async function () {
    this.timeout(60_000);
    const dir = tempDir('hrss-damaged-cli-');
    try {
      const h = await startApi({ date: '2026-06-01', dataDir: dir.dir });
      for (let i = 0; i < 200; i++) await submitItem(h);
      await h.dispose();
      // A page of the events table overwritten (its root: which page that is depends on the layout, so ask).
      const file = path.join(dir.dir, 'events.sqlite');
      const db = new Database(file, { readonly: true });
      const root = db.prepare<[], number>("SELECT rootpage FROM sqlite_master WHERE name = 'events'").pluck().get()!;
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.close();
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(pageSize, 0xde), 0, pageSize, pageSize * (root - 1));
      closeSync(fd);
      const child = spawn(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', 'rebuild', '--all', '--data-dir', dir.dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(null);
        }, 45_000);
        child.on('exit', (c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      expect(code, stderr.slice(-2000)).to.equal(1);
      expect(stderr).to.contain('a store file is damaged').and.contain('malformed');
    } finally {
      dir.remove();
    }
  });
});

import path from 'node:path';
import { expect } from 'chai';
import { runCli } from '../../infra/cli/main.js';
import { eventRegistry } from '../../events/index.js';
import { createSqliteStore } from '../../infra/store/sqlite-store.js';
import { startApi } from '../http/support/api-harness.js';
import { submitItem } from '../http/support/api-flows.js';
import { tempDir } from '../support/sqlite-harness.js';

describe('npm run backup: an online, consistent copy of the embedded event store', () => {
  it('copies the log while the service writes: a sound file holding a gap-free prefix of the log, every event readable', async function () {
    this.timeout(60_000);
    const dir = tempDir('hrss-backup-');
    const dest = tempDir('hrss-backup-dest-');
    try {
      const h = await startApi({ date: '2026-06-01', dataDir: dir.dir });
      try {
        for (let i = 0; i < 50; i++) await submitItem(h);
        // Traffic goes on while the backup runs.
        let writing = true;
        const traffic = (async () => {
          while (writing) await submitItem(h);
        })();
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(['backup', dest.dir, '--data-dir', dir.dir], { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: {} });
        writing = false;
        await traffic;
        expect(code, err.join('')).to.equal(0);
        expect(out.join('')).to.match(/backed up \d+ events .*quick_check ok/);

        const copyPath = path.join(dest.dir, 'events.sqlite');
        const copy = createSqliteStore({ path: copyPath, registry: eventRegistry, readTrust: 'none' });
        try {
          const events = await copy.readAll();
          expect(events.length).to.be.at.least(52);
          expect(events.map((e) => e.position)).to.deep.equal(events.map((_, i) => i + 1));
          // A prefix of the live log, event for event.
          const live = await h.log();
          expect(events.map((e) => e.eventId)).to.deep.equal(live.slice(0, events.length).map((e) => e.eventId));
        } finally {
          await copy.close();
        }
        const again = await runCli(['backup', dest.dir, '--data-dir', dir.dir], { stdout: { write: () => true }, stderr: { write: () => true }, env: {} });
        expect(again, 'a backup is never overwritten').to.equal(1);
      } finally {
        await h.dispose();
      }
    } finally {
      dir.remove();
      dest.remove();
    }
  });
});

import { expect } from 'chai';
import { runCli } from '../../infra/cli/main.js';
import { StatusView } from '../../infra/http/routes/application-views.js';
import { API, startApi } from '../http/support/api-harness.js';
import { ZHANG } from '../http/support/api-flows.js';
import { bodyAs } from '../http/support/bodies.js';
import { startEsdbServer } from '../support/esdb-server.js';
import { collectingIo, hallHistory } from '../support/migration-source.js';
import { tempDir } from '../support/sqlite-harness.js';

const io = collectingIo;

describe('npm run migrate: the log from SQLite into EventStoreDB', () => {
  it('appends every command under its id, verifies, resumes with nothing to add, and the API serves the same on EventStoreDB', async function () {
    this.timeout(60_000);
    const dir = tempDir('hrss-migrate-esdb-');
    const server = await startEsdbServer();
    try {
      const { ids, served, events } = await hallHistory(dir.dir);

      const run = io();
      expect(await runCli(['migrate', '--from', `sqlite:${dir.dir}`, '--to', server.url, '--batch', '4'], run.io), run.err.join('')).to.equal(0);
      expect(run.out.join('')).to.contain(`appended ${events} events; 0 were there already`).and.contain('verified: the same log on both sides');

      const again = io();
      expect(await runCli(['migrate', '--from', `sqlite:${dir.dir}`, '--to', server.url], again.io), again.err.join('')).to.equal(0);
      expect(again.out.join('')).to.contain(`appended 0 events; ${events} were there already`).and.contain('verified');

      const moved = await startApi({ date: '2026-06-01', env: { STORE: 'eventstoredb', EVENTSTORE_URL: server.url } });
      try {
        for (const [i, id] of ids.entries()) expect(bodyAs(StatusView, await moved.get(`${API}/applications/${id}`, ZHANG))).to.deep.equal(served[i]);
      } finally {
        await moved.dispose();
      }
    } finally {
      await server.stop();
      dir.remove();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { runCli } from '../../infra/cli/main.js';
import { ConfigError, loadConfig } from '../../infra/config/load-config.js';
import { openReadModelDatabase } from '../../infra/read-models/open-read-models.js';
import { openEventStore } from '../../infra/store/open-event-store.js';
import { applicationSubmitted } from '../support/sample-events.js';
import { startEsdbServer } from '../support/esdb-server.js';
import { tempDir } from '../support/sqlite-harness.js';

describe('the store factories: the configured backend, at the configured paths', () => {
  const dir = tempDir('hrss-store-factory-');
  after(() => dir.remove());

  it('opens a SQLite event store and a read-model database in DATA_DIR', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir.dir });
    expect(config.store).to.deep.equal({
      backend: 'sqlite',
      eventsPath: path.join(dir.dir, 'events.sqlite'),
      readModelsPath: path.join(dir.dir, 'read-models.sqlite'),
    });

    const applicationId = randomUUID();
    const stream = `application-${applicationId}`;
    const store = openEventStore({ ...config.store, groupCommit: { maxBatch: 16, maxDelayMs: 0 } });
    try {
      expect(store.backend).to.equal('sqlite');
      const appended = await store.append(stream, [applicationSubmitted(applicationId)], { expectedVersion: 'no_stream' });
      expect(appended.position).to.equal(1);
    } finally {
      await store.close();
    }
    expect(existsSync(config.store.eventsPath)).to.equal(true);
    // Reopened from the same configuration: the same log.
    const again = openEventStore(config.store);
    try {
      expect(await again.headPosition()).to.equal(1);
      expect((await again.readStream(stream)).map((e) => e.type)).to.deep.equal(['ApplicationSubmitted']);
    } finally {
      await again.close();
    }

    const db = openReadModelDatabase(config.store);
    try {
      expect(db.name).to.equal(config.store.readModelsPath);
      expect(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'projection_state'").get()?.name).to.equal(
        'projection_state',
      );
    } finally {
      db.close();
    }
    expect(existsSync(config.store.readModelsPath)).to.equal(true);
  });

  it('opens an EventStoreDB event store from EVENTSTORE_URL, with the read models in DATA_DIR', async () => {
    const server = await startEsdbServer();
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir.dir, STORE: 'eventstoredb', EVENTSTORE_URL: server.url });
    const applicationId = randomUUID();
    const stream = `application-${applicationId}`;
    const store = openEventStore(config.store);
    try {
      expect(store.backend).to.equal('eventstoredb');
      const appended = await store.append(stream, [applicationSubmitted(applicationId)], { expectedVersion: 'no_stream' });
      expect(server.allEvents().map((e) => [e.streamId, Number(e.commit)])).to.deep.equal([[stream, appended.position]]);
      expect(await store.headPosition()).to.equal(appended.position);
    } finally {
      await store.close();
      await server.stop();
    }
    const db = openReadModelDatabase(config.store);
    try {
      expect(db.name).to.equal(path.join(dir.dir, 'read-models.sqlite'));
    } finally {
      db.close();
    }
  });

  it('refuses a backend it does not have in the configuration, naming STORE and the accepted values', () => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dir.dir, STORE: 'cassandra' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ConfigError).problems).to.deep.equal(['STORE: "cassandra" is not a store backend of this build; accepted: sqlite, postgres, eventstoredb']);
  });

  it('so a CLI command refuses it before opening anything', async () => {
    const elsewhere = path.join(dir.dir, 'not-made');
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: { NODE_ENV: 'test', DATA_DIR: elsewhere, STORE: 'cassandra' } };
    let error: unknown;
    await runCli(['seed', '--demo', '--applications', '10'], io).catch((e: unknown) => (error = e));
    // The command module is imported by runCli: its ConfigError may be another instance of the class than this file's.
    expect((error as Error).name).to.equal('ConfigError');
    expect((error as Error).message).to.match(/STORE: "cassandra" is not a store backend of this build; accepted: sqlite, postgres, eventstoredb/);
    expect(existsSync(elsewhere)).to.equal(false);
  });
});

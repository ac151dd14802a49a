import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../infra/config/load-config.js';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).to.deep.include({ nodeEnv: 'development', production: false, port: 8080, host: '0.0.0.0', logLevel: 'info', shutdownTimeoutMs: 10_000 });
    expect(config.dataDir).to.equal(path.resolve('./data'));
    expect(config.store).to.deep.equal({ backend: 'sqlite', eventsPath: path.resolve('./data/events.sqlite'), readModelsPath: path.resolve('./data/read-models.sqlite') });
    expect(config.http).to.deep.equal({ bodyLimit: '256kb', trustProxy: false, rateLimit: { windowMs: 60_000, applicantMax: 300 }, tokenCacheBytes: 32 * 2 ** 20 });
    expect(config.idempotency).to.deep.equal({ file: path.resolve('./data/idempotency.sqlite'), ttlMs: 24 * 3_600_000 });
    expect(config.jwt).to.deep.include({ secret: undefined, privateKeyPem: undefined, issuer: 'one-network-hrss' });
  });

  it('reads and coerces the variables', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '9090',
      DATA_DIR: '/tmp/hrss',
      STORE: 'sqlite',
      JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----',
      BODY_LIMIT: '1 MB',
      TRUST_PROXY: 'true',
      IDEMPOTENCY_DB: ':memory:',
      LOG_LEVEL: 'warn',
    });
    expect(config).to.deep.include({ production: true, port: 9090, dataDir: '/tmp/hrss', logLevel: 'warn' });
    expect(config.store).to.deep.equal({ backend: 'sqlite', eventsPath: '/tmp/hrss/events.sqlite', readModelsPath: '/tmp/hrss/read-models.sqlite' });
    expect(config.jwt.privateKeyPem).to.equal('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----');
    expect(config.http).to.deep.include({ bodyLimit: '1mb', trustProxy: true });
    expect(config.idempotency.file).to.equal(':memory:');
  });

  it('lets command-line flags win over the environment', () => {
    expect(loadConfig({ PORT: '9000' }, { PORT: '9100', HOST: undefined }).port).to.equal(9100);
    expect(loadConfig({ PORT: '9000' }, { PORT: undefined }).port).to.equal(9000);
  });

  it('is silent by default under test', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).to.equal('silent');
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', STORE: 'cassandra', JWT_SECRET: 'short', NODE_ENV: 'staging' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'STORE', 'JWT_SECRET', 'NODE_ENV']) expect(problems).to.contain(name);
  });

  it('accepts only the store backends this build has, PostgreSQL and EventStoreDB with their URLs, and one kind of JWT key', () => {
    expect(() => loadConfig({ STORE: 'cassandra' })).to.throw(ConfigError, /STORE: "cassandra" is not a store backend of this build; accepted: sqlite, postgres, eventstoredb/);
    expect(() => loadConfig({ STORE: 'eventstoredb' })).to.throw(ConfigError, /EVENTSTORE_URL: STORE=eventstoredb needs EVENTSTORE_URL/);
    expect(() => loadConfig({ STORE: 'eventstoredb', EVENTSTORE_URL: 'postgres://x' })).to.throw(ConfigError, /EVENTSTORE_URL: an esdb:\/\/ connection string/);
    const esdbConfig = loadConfig({ STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false' });
    expect(esdbConfig.store).to.deep.include({ backend: 'eventstoredb', eventStoreUrl: 'esdb://127.0.0.1:2113?tls=false', eventStoreDeadlineMs: 10_000 });
    expect(esdbConfig.store).not.to.have.property('databaseUrl');
    expect(() => loadConfig({ STORE: 'postgres' })).to.throw(ConfigError, /DATABASE_URL: STORE=postgres needs DATABASE_URL/);
    expect(() => loadConfig({ STORE: 'postgres', DATABASE_URL: 'mysql://x' })).to.throw(ConfigError, /DATABASE_URL: a postgres:\/\/ URL/);
    const pgConfig = loadConfig({ STORE: 'postgres', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/hrss', PG_POOL_MAX: '4' });
    expect(pgConfig.store).to.deep.include({ backend: 'postgres', databaseUrl: 'postgres://postgres@127.0.0.1:5432/hrss', poolMax: 4, statementTimeoutMs: 30_000 });
    // The read models beside the log, shared, unless READ_MODELS=sqlite keeps them in each instance's DATA_DIR.
    expect(pgConfig.store.readModelsOn).to.equal('postgres');
    expect(loadConfig({ STORE: 'postgres', DATABASE_URL: 'postgres://h/db', READ_MODELS: 'sqlite' }).store.readModelsOn).to.equal('sqlite');
    expect(() => loadConfig({ READ_MODELS: 'postgres' })).to.throw(ConfigError, /READ_MODELS: READ_MODELS=postgres needs STORE=postgres/);
    expect(() => loadConfig({ STORE: 'postgres', DATABASE_URL: 'postgres://h/db', READ_MODELS: 'mysql' })).to.throw(ConfigError, /READ_MODELS/);
    expect(esdbConfig.store).not.to.have.property('readModelsOn');
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(32), JWT_PUBLIC_KEY: 'pem' })).to.throw(ConfigError, /not both/);
  });
});

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { expect } from 'chai';
import pg from 'pg';
import { hs256Keys } from '../../infra/auth/auth-keys.js';
import { issueToken } from '../../infra/auth/tokens.js';
import { loadConfig } from '../../infra/config/load-config.js';
import { itemBody, retirementBundle, ZHANG } from '../http/support/api-flows.js';
import { checkedFetch } from '../http/support/checked-request.js';
import { TEST_SECRET } from '../http/support/test-app.js';
import { describePostgres, PG_URL, temporaryDatabase } from '../support/postgres-harness.js';
import { tempDir } from '../support/sqlite-harness.js';

interface Instance {
  child: ChildProcess;
  url: string;
  dir: { dir: string; remove: () => void };
}

/** `serve` in a process of its own on the shared log, with a data directory (its read models) of its own. */
async function serve(databaseUrl: string): Promise<Instance> {
  const dir = tempDir('hrss-instance-');
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', 'serve'], {
    env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dir.dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', JWT_SECRET: TEST_SECRET, STORE: 'postgres', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  while (!url && Date.now() < deadline) {
    url = /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
    if (!url) await new Promise((r) => setTimeout(r, 50));
  }
  expect(url, out).to.be.a('string');
  return { child, url: url!, dir };
}

/**
 * The OS pid of the process holding a lease, from the lease connection's name (`hrss-lease-<pid>` for the
 * process managers', `hrss-projections-<pid>` for the projections'); null for none.
 */
async function leaseHolder(databaseUrl: string, lease = 'hrss-lease'): Promise<number | null> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ application_name: string }>(
      `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND a.datname = $1 AND a.application_name LIKE $2`,
      [new URL(databaseUrl).pathname.slice(1), `${lease}-%`],
    );
    return rows.length === 0 ? null : Number(rows[0]!.application_name.slice(`${lease}-`.length));
  } finally {
    await client.end();
  }
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) expect.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

await describePostgres('several instances on one PostgreSQL log: the process managers fail over', () => {
  it('runs them in one instance; SIGKILL it and another takes over within seconds, reacting once to what comes next', async function () {
    this.timeout(90_000);
    const db = await temporaryDatabase();
    const instances: Instance[] = [];
    try {
      instances.push(await serve(db.url), await serve(db.url));
      const holder = await until('a lease holder', () => leaseHolder(db.url));
      const [dead, survivor] = instances[0]!.child.pid === holder ? [instances[0]!, instances[1]!] : [instances[1]!, instances[0]!];
      expect(dead.child.pid).to.equal(holder);

      dead.child.kill('SIGKILL');
      const takenOver = Date.now();
      const next = await until('the survivor to hold the lease', async () => ((await leaseHolder(db.url)) === survivor.child.pid ? survivor.child.pid : null));
      expect(next).to.equal(survivor.child.pid);
      // Within seconds: the lock went with the dead connection, and the survivor tries every 2 s.
      expect(Date.now() - takenOver).to.be.below(10_000);

      // The survivor's bundle process opens the bundle's first member, once.
      const config = loadConfig({ JWT_SECRET: TEST_SECRET });
      const token = `Bearer ${await issueToken(hs256Keys(TEST_SECRET, { issuer: config.jwt.issuer, audience: config.jwt.audience }), ZHANG)}`;
      const submitted = await checkedFetch(`${survivor.url}/api/v1/bundles`, {
        method: 'POST',
        headers: { Authorization: token, 'Content-Type': 'application/json', 'Idempotency-Key': 'failover-bundle-1' },
        body: JSON.stringify(retirementBundle()),
      });
      expect(submitted.status).to.equal(201);
      const { id } = (await submitted.json()) as { id: string };
      const members = await until('the first member to open', async () => {
        const res = await checkedFetch(`${survivor.url}/api/v1/bundles/${id}`, { headers: { Authorization: token } });
        const body = (await res.json()) as { members: { applicationId: string | null }[] };
        const opened = body.members.filter((m) => m.applicationId !== null);
        return opened.length > 0 ? opened : null;
      });
      expect(members).to.have.length(1);
      const log = new pg.Client({ connectionString: db.url });
      await log.connect();
      try {
        const { rows } = await log.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM events WHERE type = 'ApplicationSubmitted'");
        expect(rows[0]!.n).to.equal(1);
      } finally {
        await log.end();
      }
    } finally {
      for (const i of instances) {
        if (i.child.exitCode === null && i.child.signalCode === null) {
          i.child.kill('SIGTERM');
          await new Promise((resolve) => i.child.once('exit', resolve));
        }
        i.dir.remove();
      }
      await db.drop();
    }
  });
});

await describePostgres('several instances on shared PostgreSQL read models: the projections fail over', () => {
  it('applies the log in one instance; SIGKILL it while writes arrive and another takes over within seconds, applying each event once', async function () {
    this.timeout(120_000);
    const db = await temporaryDatabase();
    const instances: Instance[] = [];
    try {
      instances.push(await serve(db.url), await serve(db.url));
      const holder = await until('a projection lease holder', () => leaseHolder(db.url, 'hrss-projections'));
      const [dead, survivor] = instances[0]!.child.pid === holder ? [instances[0]!, instances[1]!] : [instances[1]!, instances[0]!];
      expect(dead.child.pid).to.equal(holder);

      const config = loadConfig({ JWT_SECRET: TEST_SECRET });
      const token = `Bearer ${await issueToken(hs256Keys(TEST_SECRET, { issuer: config.jwt.issuer, audience: config.jwt.audience }), ZHANG)}`;
      const submit = async (n: number): Promise<{ id: string; position: number }> => {
        const res = await checkedFetch(`${survivor.url}/api/v1/applications`, {
          method: 'POST',
          headers: { Authorization: token, 'Content-Type': 'application/json', 'Idempotency-Key': `projection-failover-${n}` },
          body: JSON.stringify(itemBody()),
        });
        expect(res.status).to.equal(201);
        return (await res.json()) as { id: string; position: number };
      };
      // Writes in flight through the survivor while the holder applies them: it dies between or inside its batches.
      const before = await Promise.all(Array.from({ length: 8 }, (_, i) => submit(i)));
      const during = Promise.all(Array.from({ length: 16 }, (_, i) => submit(100 + i)));
      dead.child.kill('SIGKILL');
      const killedAt = Date.now();
      const after = await during;
      await until('the survivor to hold the projection lease', async () => ((await leaseHolder(db.url, 'hrss-projections')) === survivor.child.pid ? true : null));
      // Within seconds: the lock went with the dead connection, and the survivor tries every 2 s.
      expect(Date.now() - killedAt).to.be.below(10_000);

      // Read-your-writes on the survivor, now the one applying the log: the last write at the position it returned.
      const last = [...before, ...after].sort((a, b) => b.position - a.position)[0]!;
      const read = await checkedFetch(`${survivor.url}/api/v1/applications/${last.id}`, { headers: { Authorization: token, 'X-Min-Position': String(last.position) } });
      expect(read.status).to.equal(200);

      // Nothing applied twice: the counts the read models add up equal the log's, row for row.
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const generation = async (name: string): Promise<number> =>
          (await client.query<{ g: number }>("SELECT generation::int AS g FROM projection_state WHERE name = $1 AND status = 'active'", [name])).rows[0]!.g;
        const count = async (sql: string): Promise<number> => (await client.query<{ n: number }>(sql)).rows[0]!.n;
        const submitted = await count("SELECT COUNT(*)::int AS n FROM events WHERE type = 'ApplicationSubmitted'");
        expect(submitted).to.equal(24);
        expect(await count(`SELECT COUNT(*)::int AS n FROM app_status_g${await generation('application-status')}`)).to.equal(submitted);
        expect(await count(`SELECT SUM(submitted)::int AS n FROM metric_counts_g${await generation('metrics')} WHERE dim = 'all'`)).to.equal(submitted);
        expect(await count(`SELECT COUNT(*)::int AS n FROM work_item_g${await generation('work-queue')}`)).to.equal(submitted);
      } finally {
        await client.end();
      }
    } finally {
      for (const i of instances) {
        if (i.child.exitCode === null && i.child.signalCode === null) {
          i.child.kill('SIGTERM');
          await new Promise((resolve) => i.child.once('exit', resolve));
        }
        i.dir.remove();
      }
      await db.drop();
    }
  });
});

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../infra/config/load-config.js';
import { createRng } from '../infra/seed/rng.js';
import type { Rng } from '../infra/seed/rng.js';
import { openEventStore } from '../infra/store/open-event-store.js';
import type { RecordedEvent } from '../infra/store/port.js';
import { temporaryDatabase } from '../tests/support/postgres-harness.js';
import { CLERK, LAST_STEP, nextWrite } from './kill-workload.js';
import type { OpenCase, Write } from './kill-workload.js';
import { compareReadModels, compareWithPostgresRebuild } from './read-model-compare.js';
import { kill, runCli, runEnv, startServe, stop, tokenIssuer } from './served-api.js';
import type { ServedApi } from './served-api.js';

/**
 * The SIGKILL-under-load run (issue 18): the real server on a fresh data directory, concurrent clients
 * writing through HTTP with Idempotency-Keys, the server SIGKILLed at random moments and started again, each
 * unanswered request sent again with the same key once it is back. At the end, from the log itself: every
 * acknowledged write is there exactly once, as the answer said; nothing was written twice; and the read
 * models equal a rebuild from the log.
 */

export interface KillRunOptions {
  kills: number;
  /** Stop killing after this many seconds, whatever `kills` says. */
  maxSeconds: number;
  seed: number;
  clients: number;
  /** How long the server lives between its start and its kill, drawn in [min, max] ms. */
  upMs: [number, number];
  /** Where the run's data directory goes (a fresh directory inside it, removed unless `keep`). */
  parentDir?: string;
  keep?: boolean;
  progress?: (line: string) => void;
  /** The event store: SQLite in the data directory (the default) or a fresh database on the PostgreSQL server of the tests. */
  store?: 'sqlite' | 'postgres';
}

export interface KillFigures {
  kills: number;
  writesSent: number;
  acknowledged: number;
  /** Requests sent again with the same key: their first attempt had no answer (killed), or a 503/409. */
  retries: number;
  /** Acknowledged answers that said the write had been done before (duplicate, or replayed by the idempotency store). */
  answeredFromEarlierAttempt: number;
  /** 409 idempotency-key-in-use answers (issue 18 hole 3: a dead process's claim). */
  keyInUse: number;
  /** 4xx answers to a write: the workload sends only valid writes, so each is a finding. */
  refused: number;
  lost: number;
  duplicated: number;
  /** Events written for the clients' commands that no acknowledgement accounts for. */
  unaccounted: number;
  readModelMismatches: number;
  events: number;
  seconds: number;
  dataDir: string;
  findings: string[];
}

export interface Ack {
  write: Write;
  status: number;
  body: { id: string; revision: number; position: number; duplicate: boolean; events: string[] };
  replayed: boolean;
}

/** The server's current address, and a way to wait for the next one when it is down. */
function serverSlot() {
  let url: string | null = null;
  let generation = 0;
  let waiters: (() => void)[] = [];
  return {
    up(next: string) {
      url = next;
      generation++;
      for (const w of waiters) w();
      waiters = [];
    },
    down() {
      url = null;
    },
    generation: () => generation,
    async current(): Promise<{ url: string; generation: number }> {
      while (url === null) await new Promise<void>((resolve) => waiters.push(resolve));
      return { url, generation };
    },
    /** Resolves once the server has been started again after `seen` (or after `ms`, to look again). */
    async after(seen: number, ms: number): Promise<void> {
      if (generation !== seen) return;
      await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), sleep(ms)]);
    },
  };
}

export async function killRun(options: KillRunOptions): Promise<KillFigures> {
  const say = options.progress ?? (() => undefined);
  const started = performance.now();
  const dataDir = mkdtempSync(join(options.parentDir ?? tmpdir(), 'hrss-torture-kill-'));
  // On PostgreSQL the log lives in a database of the run's own, dropped at the end; the read models and the
  // idempotency file stay in the data directory, as they do in production on that backend.
  const database = options.store === 'postgres' ? await temporaryDatabase() : undefined;
  const env = runEnv(dataDir, database ? { STORE: 'postgres', DATABASE_URL: database.url } : {});
  const token = tokenIssuer(env);
  const rng = createRng(options.seed);
  const runId = `${options.seed}-${Date.now().toString(36)}`;
  const slot = serverSlot();
  const figures: KillFigures = {
    kills: 0, writesSent: 0, acknowledged: 0, retries: 0, answeredFromEarlierAttempt: 0, keyInUse: 0, refused: 0,
    lost: 0, duplicated: 0, unaccounted: 0, readModelMismatches: 0, events: 0, seconds: 0, dataDir, findings: [],
  };
  const acks: Ack[] = [];
  const sent = new Map<string, Write>();
  let writing = true;

  /** Sends a write until it is answered: through kills, 503s and 409s, always with the same key. */
  async function send(write: Write): Promise<Ack | null> {
    sent.set(write.commandId, write);
    figures.writesSent++;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Idempotency-Key': write.key,
      Authorization: `Bearer ${await token(write.principal)}`,
      ...(write.ifMatch ? { 'If-Match': write.ifMatch } : {}),
    };
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) figures.retries++;
      const { url, generation } = await slot.current();
      let res: Response;
      try {
        res = await fetch(`${url}${write.path}`, { method: 'POST', headers, body: write.body === undefined ? undefined : JSON.stringify(write.body), signal: AbortSignal.timeout(60_000) });
      } catch {
        // No answer: the server died under the request. It may or may not have been written; same key again.
        await slot.after(generation, 2_000);
        continue;
      }
      const text = await res.text().catch(() => null);
      if (text === null) {
        await slot.after(generation, 2_000);
        continue;
      }
      // Busy or starting (503), or the key still claimed (409): both say wait. A fifth of Retry-After keeps
      // the run brisk; the server must cope with an impatient client too.
      if (res.status === 503 || res.status === 409) {
        if (res.status === 409) figures.keyInUse++;
        await sleep(Number(res.headers.get('retry-after') ?? '1') * 200);
        continue;
      }
      if (res.status >= 200 && res.status < 300) {
        const ack: Ack = { write, status: res.status, body: JSON.parse(text) as Ack['body'], replayed: res.headers.get('idempotent-replayed') === 'true' };
        acks.push(ack);
        figures.acknowledged++;
        if (ack.body.duplicate || ack.replayed) figures.answeredFromEarlierAttempt++;
        return ack;
      }
      figures.refused++;
      figures.findings.push(`${write.kind} ${write.path} (key ${write.key}, attempt ${attempt + 1}) answered ${res.status}: ${text.slice(0, 300)}`);
      return null;
    }
  }

  async function client(index: number, clientRng: Rng): Promise<void> {
    const open: OpenCase[] = [];
    for (let n = 0; writing; n++) {
      const { write, follows } = nextWrite(clientRng, runId, index, n, open);
      const ack = await send(write);
      if (!ack) {
        if (follows) open.splice(open.indexOf(follows), 1);
        continue;
      }
      if (follows) {
        follows.revision = ack.body.revision;
        if (++follows.step === LAST_STEP) open.splice(open.indexOf(follows), 1);
      } else if (write.kind === 'submission') {
        open.push({ id: ack.body.id, revision: ack.body.revision, step: 0 });
      }
    }
  }

  try {
    let api: ServedApi = await startServe(env);
    slot.up(api.url);
    const clients = Array.from({ length: options.clients }, (_, i) => client(i, rng.fork(`client-${i}`)));
    const deadline = started + options.maxSeconds * 1000;
    try {
      while (figures.kills < options.kills && performance.now() < deadline) {
        await sleep(rng.int(options.upMs[0], options.upMs[1]));
        slot.down();
        await kill(api);
        figures.kills++;
        say(
          `kill ${figures.kills}/${options.kills} · ${figures.acknowledged} acknowledged · ${figures.retries} retries · ` +
            `${figures.answeredFromEarlierAttempt} answered from an earlier attempt · ${figures.keyInUse} key-in-use · ${figures.refused} refused`,
        );
        api = await startServe(env);
        slot.up(api.url);
      }
      // The last life: the clients finish what they have in flight, then stop.
      writing = false;
      await Promise.all(clients);
      await settle(api.url, env, await token(CLERK), acks);
    } finally {
      writing = false;
      const how = await stop(api);
      if (how !== '0') figures.findings.push(`the last server did not stop cleanly (${how}): ${api.stderr().slice(-1000)}`);
    }
    const log = await readLog(env);
    figures.events = log.length;
    checkLog(log, acks, sent, figures);
    // The hash chain holds across every kill: each event follows from the one before it (issue 18).
    const verified = await runCli(['verify'], env);
    if (verified.code !== 0) figures.findings.push(`npm run verify exited ${verified.code}: ${verified.stderr.slice(-1000)}`);
    figures.readModelMismatches = database
      ? await rebuiltEqualsLiveOnPostgres(database.url, dataDir, env, figures.findings)
      : await rebuiltEqualsLive(dataDir, env, figures.findings);
  } finally {
    await database?.drop();
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  }
  figures.seconds = Math.round((performance.now() - started) / 1000);
  return figures;
}

/** Waits until the read models hold the whole log and the process managers have nothing left to add. */
async function settle(url: string, env: NodeJS.ProcessEnv, clerkToken: string, acks: readonly Ack[]): Promise<void> {
  const probe = acks.find((a) => a.write.kind === 'submission');
  if (!probe) return;
  let last = -1;
  const deadline = performance.now() + 5 * 60_000;
  for (;;) {
    if (performance.now() > deadline) throw new Error('the read models did not reach the head of the log within 5 minutes of the last start');
    const head = await headOf(env);
    const res = await fetch(`${url}/api/v1/applications/${probe.body.id}`, { headers: { Authorization: `Bearer ${clerkToken}`, 'X-Min-Position': String(head) } });
    await res.text();
    if (res.status === 200 && head === last) return;
    if (res.status === 200) last = head;
    await sleep(300);
  }
}

async function headOf(env: NodeJS.ProcessEnv): Promise<number> {
  const store = openEventStore(loadConfig(env).store);
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

async function readLog(env: NodeJS.ProcessEnv): Promise<RecordedEvent[]> {
  const store = openEventStore(loadConfig(env).store);
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

/**
 * Each acknowledged write is in the log once, where its answer said; every event the clients' commands
 * wrote belongs to a command they sent, in one whole batch; streams have no gap or repeat.
 */
export function checkLog(log: readonly RecordedEvent[], acks: readonly Ack[], sent: ReadonlyMap<string, Write>, figures: KillFigures): void {
  const byCommand = new Map<string, RecordedEvent[]>();
  const revisions = new Map<string, number>();
  log.forEach((e, i) => {
    if (e.position !== i + 1) figures.findings.push(`position ${e.position} at index ${i}: the log has a gap or repeat`);
    const next = revisions.get(e.streamId) ?? 0;
    if (e.revision !== next) figures.findings.push(`${e.streamId}: revision ${e.revision} where ${next} was next`);
    revisions.set(e.streamId, e.revision + 1);
    const list = byCommand.get(e.metadata.commandId) ?? [];
    list.push(e);
    byCommand.set(e.metadata.commandId, list);
  });
  for (const [commandId, events] of byCommand) {
    const whole = events.every((e, i) => e.position === events[0]!.position + i && e.streamId === events[0]!.streamId);
    if (!whole) {
      figures.duplicated++;
      figures.findings.push(`command ${commandId} wrote ${events.length} events in more than one batch: ${events.map((e) => `${e.type}@${e.position}`).join(', ')}`);
    }
    const actor = events[0]!.metadata.actor;
    if ((actor.role === 'applicant' || actor.role === 'clerk') && !sent.has(commandId)) {
      figures.unaccounted++;
      figures.findings.push(`command ${commandId} of ${actor.role} ${actor.id} is in the log but was never sent: ${events.map((e) => e.type).join(', ')}`);
    }
  }
  for (const ack of acks) {
    const events = byCommand.get(ack.write.commandId);
    const last = events?.at(-1);
    if (!events || !last) {
      figures.lost++;
      figures.findings.push(`acknowledged ${ack.write.kind} ${ack.write.path} (key ${ack.write.key}, position ${ack.body.position}) is not in the log`);
      continue;
    }
    const streamOk = last.streamId.endsWith(ack.body.id);
    const sameAnswer = last.position === ack.body.position && last.revision === ack.body.revision && events.length === ack.body.events.length;
    if (!streamOk || !sameAnswer) {
      figures.lost++;
      figures.findings.push(
        `acknowledged ${ack.write.key} answered ${JSON.stringify(ack.body)} but the log has ${events.map((e) => `${e.type}@${e.streamId}:${e.revision}/${e.position}`).join(', ')}`,
      );
    }
  }
}

/** With the read models shared on PostgreSQL: rebuilds them beside the live generations (the server is down) and compares. */
async function rebuiltEqualsLiveOnPostgres(url: string, dataDir: string, env: NodeJS.ProcessEnv, findings: string[]): Promise<number> {
  const differing = await compareWithPostgresRebuild(url, async () => {
    const rebuilt = await runCli(['rebuild', '--all', '--data-dir', dataDir], env);
    if (rebuilt.code !== 0) findings.push(`rebuild --all exited ${rebuilt.code}: ${rebuilt.stderr.slice(-1000)}`);
    return rebuilt.code === 0;
  });
  if (differing === null) return 1;
  for (const table of differing) findings.push(`read model ${table} differs from its rebuild`);
  return differing.length;
}

/** Rebuilds every projection from the log in a copy of the data directory; tables that differ from the live ones. */
async function rebuiltEqualsLive(dataDir: string, env: NodeJS.ProcessEnv, findings: string[]): Promise<number> {
  const copy = mkdtempSync(join(tmpdir(), 'hrss-torture-rebuilt-'));
  try {
    cpSync(dataDir, copy, { recursive: true });
    const rebuilt = await runCli(['rebuild', '--all', '--data-dir', copy], { ...env, DATA_DIR: copy });
    if (rebuilt.code !== 0) {
      findings.push(`rebuild --all exited ${rebuilt.code}: ${rebuilt.stderr.slice(-1000)}`);
      return 1;
    }
    const differing = compareReadModels(join(dataDir, 'read-models.sqlite'), join(copy, 'read-models.sqlite'));
    for (const table of differing) findings.push(`read model ${table} differs from its rebuild`);
    return differing.length;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import type { Principal } from '../infra/auth/principal.js';
import { derivedId } from '../infra/commands/ids.js';
import { VALID_ACTION_BODIES } from '../tests/http/support/api-flows.js';
import { ResponseConformance } from '../tests/http/support/openapi-conformance.js';
import type { OpenApiDoc } from '../tests/http/support/openapi-conformance.js';
import { authzCallers, expectedAuthz } from './authz-expectations.js';
import { badTokens } from './bad-tokens.js';
import { concretePath, hostileRequests } from './hostile-requests.js';
import type { Hostile, Targets } from './hostile-requests.js';
import { sameMark, watchStore } from './store-watch.js';
import type { StoreMark, StoreWatch } from './store-watch.js';
import { runCli, runEnv, startServe, stop, tokenIssuer } from './served-api.js';
import type { ServedApi } from './served-api.js';

/**
 * The hostile-request run (issue 18): a real server on a seeded store, sent requests drawn by fast-check
 * from what an attacker or a broken client sends, then every operation of the served document by every kind
 * of caller. Every answer: never a 5xx, always what the served OpenAPI document says (a refusal is
 * problem+json), a hostile request never accepted, and a refused request (or any read) changes nothing: the
 * log's head, the event-store and read-model files (SQLite's data_version) and, now and then, the read
 * models' whole content are as they were.
 */

export interface FuzzRunOptions {
  requests: number;
  seed: number;
  /** Applications in the seeded history (seed --demo). */
  seededApplications: number;
  /** Compare the read models' whole content every this many requests. */
  dumpEvery: number;
  progress?: (line: string) => void;
}

export interface FuzzFigures {
  hostileRequests: number;
  byCategory: Record<string, number>;
  statuses: Record<string, number>;
  serverErrors: number;
  /** Answers the served OpenAPI document does not describe (status, media type or body). */
  nonConforming: number;
  /** Hostile requests answered 2xx. */
  acceptedHostile: number;
  /** Refused requests and reads after which the store was not as before. */
  changedByRefusal: number;
  readModelComparisons: number;
  /** Requests the server cut without an answer. */
  noAnswer: number;
  authzOperations: number;
  authzCallers: number;
  authzViolations: number;
  seconds: number;
  findings: string[];
}

/** Bodies the applicant's own actions accept. */
const APPLICANT_BODIES: Record<string, object> = {
  supplements: { materials: [{ code: 'id-card', source: 'upload' }] },
  withdraw: { reason: 'not mine' },
  rating: { level: 3 },
};

interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
  etag: string | null;
}

export async function fuzzRun(options: FuzzRunOptions): Promise<FuzzFigures> {
  const say = options.progress ?? (() => undefined);
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'hrss-torture-fuzz-'));
  const env = runEnv(dataDir);
  const token = tokenIssuer(env);
  const figures: FuzzFigures = {
    hostileRequests: 0, byCategory: {}, statuses: {}, serverErrors: 0, nonConforming: 0, acceptedHostile: 0, changedByRefusal: 0,
    readModelComparisons: 0, noAnswer: 0, authzOperations: 0, authzCallers: 0, authzViolations: 0, seconds: 0, findings: [],
  };
  const finding = (line: string): void => {
    if (figures.findings.length < 500) figures.findings.push(line);
  };

  say(`seeding ${options.seededApplications} applications…`);
  const seeded = await runCli(['seed', '--demo', '--applications', String(options.seededApplications), '--seed', String(options.seed), '--data-dir', dataDir], env);
  if (seeded.code !== 0) throw new Error(`seed failed: ${seeded.stderr.slice(-1000)}`);
  let api: ServedApi | undefined;
  let watch: StoreWatch | undefined;
  try {
    api = await startServe(env);
    const url = api.url;
    await waitReady(url);
    watch = watchStore(dataDir);
    const store = watch;
    const events = store.events;
    const doc = (await (await fetch(`${url}/api/v1/openapi.json`)).json()) as OpenApiDoc & { paths: Record<string, Record<string, { 'x-roles'?: string[] }>> };
    const conformance = new ResponseConformance(doc);

    const raw = async (method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer | null> => {
      try {
        const res = await fetch(`${url}${path}`, { method, headers, body, signal: AbortSignal.timeout(30_000) });
        return { status: res.status, contentType: res.headers.get('content-type') ?? undefined, text: await res.text(), etag: res.headers.get('etag') };
      } catch {
        return null;
      }
    };
    const bearer = async (who: Principal | undefined): Promise<Record<string, string>> => (who ? { Authorization: `Bearer ${await token(who)}` } : {});

    // The people, and a case of each kind to aim at.
    const owner: Principal = { role: 'applicant', sub: 'p-fuzz-owner' };
    const clerk: Principal = { role: 'clerk', sub: 'clerk-fuzz', department: 'FSRS-SBJ', hall: 'FS-CC-01' };
    const itemBody = () => ({
      itemCode: 'SB-014', channel: 'yueshengshi', applicant: { kind: 'individual', name: '张建国', idNumber: '440604196609121234', phone: '13800000000' },
      form: { reason: 'pension certification' }, materials: [{ code: 'id-card', source: 'e-licence', reference: 'EL-ID-4406' }], delivery: { mode: 'electronic' },
    });
    const bundleBody = () => ({
      bundleCode: 'YJS-07', channel: 'yueshengshi', applicant: { kind: 'individual', name: '张建国', idNumber: '440604196609121234', phone: '13800000000' },
      form: { birthDate: '1966-09-12', gender: 'male', insuredYears: 32 },
      materials: [{ code: 'id-card', source: 'e-licence', reference: 'EL-ID-4406' }, { code: 'retirement-form', source: 'upload', reference: 'upload-77' }, { code: 'personnel-file', source: 'paper', reference: 'SF1234567890' }],
      delivery: { mode: 'electronic' },
    });
    const create = async (path: string, body: unknown, key: string): Promise<string> => {
      const res = await raw('POST', path, { 'Content-Type': 'application/json', 'Idempotency-Key': key, ...(await bearer(owner)) }, JSON.stringify(body));
      if (res?.status !== 201) throw new Error(`setting up: POST ${path} answered ${res?.status}: ${res?.text.slice(0, 300)}`);
      return (JSON.parse(res.text) as { id: string }).id;
    };
    const seededApp = events
      .prepare<[string], { streamId: string; applicantId: string }>("SELECT stream_id AS streamId, json_extract(data, '$.applicant.id') AS applicantId FROM events WHERE type = 'ApplicationSubmitted' AND json_extract(data, '$.applicant.id') != ? LIMIT 1")
      .get(owner.sub);
    const review = events.prepare<[], string>("SELECT stream_id FROM events WHERE stream_id LIKE 'review-%' LIMIT 1").pluck().get();
    const templates = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => method === 'get' || method === 'post')
        .map(([method, op]) => ({ method: method.toUpperCase() as 'GET' | 'POST', path, roles: op['x-roles'] ?? null })),
    );
    const targets: Targets = {
      applicationId: await create('/api/v1/applications', itemBody(), 'fuzz-target-application'),
      bundleId: await create('/api/v1/bundles', bundleBody(), 'fuzz-target-bundle'),
      reviewId: review ? review.slice('review-'.length) : derivedId('fuzz', 'no-review'),
      templates,
      owner,
      otherApplicant: { role: 'applicant', sub: 'p-fuzz-other' },
      clerk,
      // 劳动能力鉴定: no part in SB-014 nor in the retirement bundle.
      otherClerk: { role: 'clerk', sub: 'clerk-fuzz-outsider', department: 'FSRS-LDJD', hall: 'FS-CC-03' },
      supervisor: { role: 'supervisor', sub: 'sup-fuzz' },
      admin: { role: 'admin', sub: 'admin-fuzz' },
      seeded: seededApp ? { applicationId: seededApp.streamId.slice('application-'.length), applicantId: seededApp.applicantId } : { applicationId: derivedId('fuzz', 'none'), applicantId: 'nobody' },
      badTokens: await badTokens(env, clerk),
      itemBody,
      bundleBody,
    };

    /** The store as it stands once the server has nothing left to do, and its read models' content then. */
    const quiet = async (): Promise<{ mark: StoreMark; dump: Record<string, unknown[]> }> => {
      const deadline = performance.now() + 2 * 60_000;
      for (;;) {
        if (performance.now() > deadline) throw new Error('the server did not settle within two minutes of a write');
        const mark = store.mark();
        const res = await raw('GET', `/api/v1/applications/${targets.applicationId}`, { ...(await bearer(clerk)), 'X-Min-Position': String(mark.head) });
        await sleep(250);
        if (res?.status === 200 && sameMark(store.mark(), mark)) return { mark, dump: store.dump() };
      }
    };
    let baseline = await quiet();
    let sinceDump = 0;
    const compareDump = (): void => {
      figures.readModelComparisons++;
      const now = store.dump();
      if (!isDeepStrictEqual(now, baseline.dump)) {
        figures.changedByRefusal++;
        finding('the read models changed although every request since the last comparison was refused or a read');
        baseline.dump = now;
      }
    };
    /** Sends one request and checks its answer and the store; the answer, or null when none came. */
    const check = async (label: string, method: string, path: string, headers: Record<string, string>, body: string | undefined, mustRefuse: boolean): Promise<Answer | null> => {
      const answer = await raw(method, path, headers, body);
      const shown = `${label}: ${method} ${path.slice(0, 120)}`;
      if (answer === null) {
        figures.noAnswer++;
        finding(`${shown}: no answer (connection cut)`);
        return null;
      }
      figures.statuses[answer.status] = (figures.statuses[answer.status] ?? 0) + 1;
      if (answer.status >= 500) {
        figures.serverErrors++;
        finding(`${shown} → ${answer.status} ${answer.text.slice(0, 300)}`);
      }
      const violations = conformance.violations({ method, url: path, status: answer.status, contentType: answer.contentType, text: answer.text });
      if (violations.length > 0) {
        figures.nonConforming++;
        finding(`${shown} → ${answer.status} ${answer.contentType ?? ''} not as documented: ${violations.slice(0, 3).join('; ')} ${answer.text.slice(0, 200)}`);
      }
      const accepted = answer.status < 400;
      if (accepted && mustRefuse) {
        figures.acceptedHostile++;
        finding(`${shown} was accepted (${answer.status}): ${answer.text.slice(0, 200)}`);
      }
      if (accepted && method === 'POST') {
        baseline = await quiet();
        sinceDump = 0;
        return answer;
      }
      const mark = store.mark();
      if (!sameMark(mark, baseline.mark)) {
        figures.changedByRefusal++;
        finding(`${shown} → ${answer.status} changed the store (${JSON.stringify(baseline.mark)} → ${JSON.stringify(mark)})`);
        baseline = await quiet();
      } else if (++sinceDump >= options.dumpEvery) {
        sinceDump = 0;
        compareDump();
      }
      return answer;
    };

    const etagOf = async (): Promise<number> => {
      const res = await raw('GET', `/api/v1/applications/${targets.applicationId}/history`, await bearer(clerk));
      return Number(/"(\d+)"/.exec(res?.etag ?? '')?.[1] ?? '0');
    };

    // Every operation × every kind of caller.
    const callers = authzCallers(targets);
    figures.authzOperations = templates.length;
    figures.authzCallers = callers.length;
    for (const op of templates) {
      for (const caller of callers) {
        const path = concretePath(op.path, targets);
        const auth = caller.authorization !== undefined ? { Authorization: caller.authorization } : await bearer(caller.principal);
        const expected = expectedAuthz(op, caller);
        // Someone else's case gets a request valid in every other way (body, current ETag), so that only the
        // scope check can stop it; everyone else an empty body, which stops at validation if let through.
        const full = expected.scoped && op.method === 'POST';
        const action = op.path.split('/').at(-1)!;
        const body = full ? JSON.stringify(VALID_ACTION_BODIES[action] ?? APPLICANT_BODIES[action] ?? {}) : op.method === 'POST' ? '{}' : undefined;
        const headers = { ...auth, ...(op.method === 'POST' ? { 'Content-Type': 'application/json' } : {}), ...(full ? { 'If-Match': `"${await etagOf()}"` } : {}) };
        const answer = await check(`authz ${caller.name}`, op.method, path, headers, body, expected.refused);
        if (answer && !expected.accepts(answer.status)) {
          figures.authzViolations++;
          finding(`authz: ${caller.name} ${op.method} ${op.path} → ${answer.status}, expected ${expected.describe}`);
        }
      }
    }
    say(`authorization matrix: ${templates.length} operations × ${callers.length} callers, ${figures.authzViolations} violations`);

    // Hostile requests, drawn by fast-check.
    const send = async (h: Hostile): Promise<void> => {
      figures.hostileRequests++;
      figures.byCategory[h.category] = (figures.byCategory[h.category] ?? 0) + 1;
      const headers: Record<string, string> = {
        ...(h.authorization !== undefined ? { Authorization: h.authorization } : await bearer(h.caller)),
        ...(h.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(h.ifMatchOffset !== undefined ? { 'If-Match': `"${(await etagOf()) + h.ifMatchOffset}"` } : {}),
        ...h.headers,
      };
      await check(h.category, h.method, h.path, headers, h.body, h.expect === 'reject');
      if (figures.hostileRequests % 500 === 0) {
        say(`${figures.hostileRequests}/${options.requests} hostile requests · ${figures.serverErrors} 5xx · ${figures.nonConforming} not as documented · ${figures.acceptedHostile} hostile accepted · ${figures.changedByRefusal} changed by a refusal`);
      }
    };
    await fc.assert(
      fc.asyncProperty(hostileRequests(targets), async (h) => {
        await send(h);
      }),
      { numRuns: options.requests, seed: options.seed, endOnFailure: true },
    );
    compareDump();
  } finally {
    watch?.close();
    if (api) {
      const how = await stop(api);
      if (how !== '0') finding(`the server did not stop cleanly (${how}): ${api.stderr().slice(-1000)}`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  figures.seconds = Math.round((performance.now() - started) / 1000);
  return figures;
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const res = await fetch(`${url}/ready`).catch(() => null);
    await res?.text();
    if (res?.status === 200) return;
    await sleep(200);
  }
  throw new Error('the server did not become ready within two minutes');
}

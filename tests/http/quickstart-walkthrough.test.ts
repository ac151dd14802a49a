import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { BundleView, StatusView, WorkQueueView } from '../../infra/http/routes/application-views.js';
import { MetricsView } from '../../infra/http/routes/supervisor-views.js';
import { createWorkCalendar } from '../../services/calendar/index.js';
import { applicant, clerk, supervisor } from './support/test-app.js';
import { bodyAs } from './support/bodies.js';
import { API, startApi } from './support/api-harness.js';
import { startEsdbServer } from '../support/esdb-server.js';
import { describePostgres, temporaryDatabase } from '../support/postgres-harness.js';
import type { EsdbTestServer } from '../support/esdb-server.js';
import type { ApiHarness } from './support/api-harness.js';

// The README's quick start (README.md), step by step, on the real composition: the request
// bodies are read from the document, and the outputs it shows must be what the API answers.

const doc = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const shown = (line: RegExp): string => {
  const match = line.exec(doc);
  if (!match) throw new Error(`README.md shows no ${String(line)}`);
  return match[0];
};
/** The document shortens ids to their first 8 characters and "…". */
const shortened = (json: unknown): string => JSON.stringify(json).replace(/"([0-9a-f]{8})-[0-9a-f-]{27}"/g, '"$1-…"');

// The principals of the document's `npm run token` lines.
const APPLICANT = applicant(/--role applicant --sub (\S+)/.exec(doc)![1]);
const [, clerkSub, department, hall] = /--role clerk --sub (\S+) --department (\S+) --hall (\S+)/.exec(doc)!;
const CLERK = clerk(department, hall, clerkSub);
const SUPERVISOR = supervisor(/--role supervisor --sub (\S+)/.exec(doc)![1]);

/**
 * The walk-through on `date`. On the date the README's outputs were recorded, every shown output must be what
 * the API answers; on any other date the same steps must succeed, with the deadlines the legal clock gives
 * for that date (a December run crosses New Year into a provisional year, and so does a run in one).
 */
function walkThrough(date: string, asRecorded: boolean, backend?: { env: () => Record<string, string> }): void {
  const calendar = createWorkCalendar();
  // SB-011 (退休审批): committed 5 and statutory 20 working days, counted from the acceptance date.
  const committed = calendar.addWorkdays(date, 5);
  const statutory = calendar.addWorkdays(date, 20);
  const provisional = calendar.isProvisional(statutory);
  const shownIf = (text: string): void => {
    if (asRecorded) expect(doc).to.contain(text);
  };
  let h: ApiHarness;
  let bundle = '';
  let app = '';
  before(async () => {
    h = await startApi({ date, ...(backend ? { env: backend.env() } : {}) });
  });
  after(() => h.dispose());

  it('1. the applicant submits the retirement bundle', async () => {
    const body = JSON.parse(/<<'JSON' \| tee \/dev\/stderr \| json \.id\n([\s\S]*?)\nJSON\n/.exec(doc)![1]!) as object;
    const key = /-H 'Idempotency-Key: ([^']+)'/.exec(doc)![1]!;
    expect(doc).to.contain('curl -s -X POST $API/bundles');
    const res = await h.post(`${API}/bundles`, APPLICANT, body, { 'Idempotency-Key': key });
    expect(res.status).to.equal(201);
    if (asRecorded) expect(JSON.stringify(res.body)).to.equal(shown(/\{"id":"[0-9a-f-]{36}","revision":0[^\n]*\}/));
    bundle = (res.body as { id: string }).id;
  });

  it('2. the bundle shows its first member open and the other two waiting', async () => {
    expect(doc).to.contain('curl -s $API/bundles/$BUNDLE -H "Authorization: Bearer $APPLICANT"');
    const view = bodyAs(BundleView, await h.get(`${API}/bundles/${bundle}`, APPLICANT));
    expect(view.members.map((m) => [m.itemCode, m.status])).to.deep.equal([
      ['SB-011', 'open'],
      ['SB-012', 'waiting'],
      ['KA-013', 'waiting'],
    ]);
    app = view.members[0]!.applicationId!;
    shownIf(`"applicationId":"${app}"`);
  });

  it("3. the clerk finds it in her department's queue and reads its ETag", async () => {
    expect(doc).to.contain('curl -s "$API/queue?scope=department" -H "Authorization: Bearer $CLERK"');
    const queue = bodyAs(WorkQueueView, await h.get(`${API}/queue?scope=department`, CLERK));
    expect(queue).to.deep.include({ scope: 'department', hall: null });
    shownIf('"scope":"department","hall":null');
    expect(queue.open.map((e) => e.applicationId)).to.deep.equal([app]);
    expect(queue.open[0]!.dueOn).to.equal(calendar.addWorkdays(date, 5)); // the one-time notice, 5 working days from receipt
    shownIf(`"counts":${JSON.stringify(queue.counts)}`);
    shownIf(`"dueOn":"${queue.open[0]!.dueOn}"`);
    const read = await h.get(`${API}/applications/${app}`, CLERK);
    expect(doc).to.contain(`ETag: ${read.headers.etag}`);
  });

  it('4. she accepts and decides with If-Match', async () => {
    const accepted = await h.post(`${API}/applications/${app}/accept`, CLERK, undefined, { 'If-Match': '"0"' });
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
    expect(doc).to.contain(`curl -s -X POST $API/applications/$APP/accept -H "Authorization: Bearer $CLERK" -H 'If-Match: "0"'`);
    shownIf(shortened(accepted.body));
    const decision = JSON.parse(/-d '(\{ "outcome": "approved"[^']*\})'/.exec(doc)![1]!) as object;
    const decided = await h.post(`${API}/applications/${app}/decide`, CLERK, decision, { 'If-Match': '"1"' });
    expect(decided.status).to.equal(200);
    expect((decided.body as { consistent: boolean }).consistent, JSON.stringify(decided.body)).to.equal(true);
    shownIf(shortened(decided.body));
  });

  it('5. the applicant reads the decision, and the bundle has opened its next member', async () => {
    const status = bodyAs(StatusView, await h.get(`${API}/applications/${app}`, APPLICANT));
    expect(status).to.deep.include({ state: 'decided', outcome: 'approved', committedDeadline: committed, statutoryDeadline: statutory, provisional });
    shownIf(`"committedDeadline":"${status.committedDeadline}","statutoryDeadline":"${status.statutoryDeadline}"`);
    const view = bodyAs(BundleView, await h.get(`${API}/bundles/${bundle}`, APPLICANT));
    expect(view.members.map((m) => [m.itemCode, m.outcome ?? m.status])).to.deep.equal([
      ['SB-011', 'approved'],
      ['SB-012', 'open'],
      ['KA-013', 'waiting'],
    ]);
    shownIf(`"applicationId":"${view.members[1]!.applicationId!.slice(0, 8)}-…"`);
  });

  it("6. the supervisor reads the bundle's metrics", async () => {
    expect(doc).to.contain('curl -s "$API/metrics?bundle=YJS-07" -H "Authorization: Bearer $SUPERVISOR"');
    const metrics = bodyAs(MetricsView, await h.get(`${API}/metrics?bundle=YJS-07`, SUPERVISOR));
    const figures = metrics.rows[0]!.figures;
    expect(figures.turnaround.count).to.equal(1);
    for (const name of ['turnaround', 'onTimeRate', 'realizedSpeedUp', 'promisedSpeedUp', 'sameDayShare', 'onlineIntakeRate', 'zeroSubmissionRate'] as const) {
      shownIf(`"${name}":${JSON.stringify(figures[name])}`);
    }
  });
}

// The document's outputs come from a run on 2026-11-28 (a Saturday: online intake runs every day).
describe('README quick start, as written (2026-11-28)', () => walkThrough('2026-11-28', true));
// Late December: the deadlines cross New Year into 2027, which has no State Council notice yet.
describe('README quick start in late December (2026-12-28)', () => walkThrough('2026-12-28', false));
// A day in a provisional year: the whole count runs on the statutory rule.
describe('README quick start in a provisional year (2027-03-01)', () => walkThrough('2027-03-01', false));

// The same walk-through with the log in EventStoreDB (the in-process server, through the real client), as
// `STORE=eventstoredb` would serve it: the answers are the same, positions aside.
describe('README quick start on EventStoreDB (2026-11-28)', () => {
  let server: EsdbTestServer;
  before(async () => {
    server = await startEsdbServer();
  });
  after(() => server.stop());
  // Nested, so the API is disposed (its hooks) before the server stops (this suite's).
  describe('the walk-through', () => walkThrough('2026-11-28', false, { env: () => ({ STORE: 'eventstoredb', EVENTSTORE_URL: server.url }) }));
});

// And with the log on PostgreSQL (STORE=postgres), a database of its own.
await describePostgres('README quick start on PostgreSQL (2026-11-28)', () => {
  let db: Awaited<ReturnType<typeof temporaryDatabase>>;
  before(async () => {
    db = await temporaryDatabase();
  });
  after(() => db.drop());
  describe('the walk-through', () => walkThrough('2026-11-28', false, { env: () => ({ STORE: 'postgres', DATABASE_URL: db.url }) }));
});

import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { BundleView, StatusView, WorkQueueView } from '../../infra/http/routes/application-views.js';
import { MetricsView } from '../../infra/http/routes/supervisor-views.js';
import { applicant, clerk, supervisor } from './support/test-app.js';
import { bodyAs } from './support/bodies.js';
import { API, startApi } from './support/api-harness.js';
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

describe('README quick start, as written', () => {
  let h: ApiHarness;
  let bundle = '';
  let app = '';
  before(async () => {
    // The document's outputs come from a run on 2026-11-28 (a Saturday: online intake runs every day).
    h = await startApi({ date: '2026-11-28' });
  });
  after(() => h.dispose());

  it('1. the applicant submits the retirement bundle', async () => {
    const body = JSON.parse(/<<'JSON' \| tee \/dev\/stderr \| json \.id\n([\s\S]*?)\nJSON\n/.exec(doc)![1]!) as object;
    const key = /-H 'Idempotency-Key: ([^']+)'/.exec(doc)![1]!;
    expect(doc).to.contain('curl -s -X POST $API/bundles');
    const res = await h.post(`${API}/bundles`, APPLICANT, body, { 'Idempotency-Key': key });
    expect(res.status).to.equal(201);
    expect(JSON.stringify(res.body)).to.equal(shown(/\{"id":"[0-9a-f-]{36}","revision":0[^\n]*\}/));
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
    expect(doc).to.contain(`"applicationId":"${app}"`);
  });

  it("3. the clerk finds it in her department's queue and reads its ETag", async () => {
    expect(doc).to.contain('curl -s $API/queue -H "Authorization: Bearer $CLERK"');
    const queue = bodyAs(WorkQueueView, await h.get(`${API}/queue`, CLERK));
    expect(queue.open.map((e) => e.applicationId)).to.deep.equal([app]);
    expect(doc).to.contain(`"counts":${JSON.stringify(queue.counts)}`);
    expect(doc).to.contain(`"dueOn":"${queue.open[0]!.dueOn}"`);
    const read = await h.get(`${API}/applications/${app}`, CLERK);
    expect(doc).to.contain(`ETag: ${read.headers.etag}`);
  });

  it('4. she accepts and decides with If-Match', async () => {
    const accepted = await h.post(`${API}/applications/${app}/accept`, CLERK, undefined, { 'If-Match': '"0"' });
    expect(doc).to.contain(`curl -s -X POST $API/applications/$APP/accept -H "Authorization: Bearer $CLERK" -H 'If-Match: "0"'`);
    expect(doc).to.contain(shortened(accepted.body));
    const decision = JSON.parse(/-d '(\{ "outcome": "approved"[^']*\})'/.exec(doc)![1]!) as object;
    const decided = await h.post(`${API}/applications/${app}/decide`, CLERK, decision, { 'If-Match': '"1"' });
    expect(decided.status).to.equal(200);
    expect(doc).to.contain(shortened(decided.body));
  });

  it('5. the applicant reads the decision, and the bundle has opened its next member', async () => {
    const status = bodyAs(StatusView, await h.get(`${API}/applications/${app}`, APPLICANT));
    expect(status).to.deep.include({ state: 'decided', outcome: 'approved', committedDeadline: '2026-12-04', statutoryDeadline: '2026-12-25' });
    expect(doc).to.contain(`"committedDeadline":"${status.committedDeadline}","statutoryDeadline":"${status.statutoryDeadline}"`);
    const view = bodyAs(BundleView, await h.get(`${API}/bundles/${bundle}`, APPLICANT));
    expect(view.members.map((m) => [m.itemCode, m.outcome ?? m.status])).to.deep.equal([
      ['SB-011', 'approved'],
      ['SB-012', 'open'],
      ['KA-013', 'waiting'],
    ]);
    expect(doc).to.contain(`"applicationId":"${view.members[1]!.applicationId!.slice(0, 8)}-…"`);
  });

  it("6. the supervisor reads the bundle's metrics", async () => {
    expect(doc).to.contain('curl -s "$API/metrics?bundle=YJS-07" -H "Authorization: Bearer $SUPERVISOR"');
    const metrics = bodyAs(MetricsView, await h.get(`${API}/metrics?bundle=YJS-07`, SUPERVISOR));
    const figures = metrics.rows[0]!.figures;
    for (const name of ['turnaround', 'onTimeRate', 'realizedSpeedUp', 'promisedSpeedUp', 'sameDayShare', 'onlineIntakeRate', 'zeroSubmissionRate'] as const) {
      expect(doc, name).to.contain(`"${name}":${JSON.stringify(figures[name])}`);
    }
  });
});

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { z } from 'zod';
import { runCli } from '../../infra/cli/main.js';
import { StatusView } from '../../infra/http/routes/application-views.js';
import { CalendarSummary, NoticeImportView } from '../../infra/http/routes/calendar-routes.js';
import { MetricsView } from '../../infra/http/routes/supervisor-views.js';
import { API, startApi } from './support/api-harness.js';
import type { ApiHarness } from './support/api-harness.js';
import { BOSS, CHEN, KEEPER, VALID_ACTION_BODIES, ZHANG, done, submitItem } from './support/api-flows.js';
import { bodyAs, problemOf } from './support/bodies.js';

// A 2027 notice as an operator would write it. Not the real one (unpublished when this was written): it adds
// Monday 4 January as a day off and Saturday 9 January as a make-up working day, so an open deadline moves.
const STATUTORY_2027 = ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-01', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03'];
/** The statutory rule's 补假 for 2027, which a real notice keeps as days off. */
const BUJIA_2027 = ['2027-02-09', '2027-02-10', '2027-05-03', '2027-05-04', '2027-10-04', '2027-10-05'];
export const notice2027 = (overrides: Record<string, unknown> = {}) => ({
  version: 'cn-2027-test',
  source: '国务院办公厅关于2027年部分节假日安排的通知 (test transcription)',
  years: { 2027: { holidays: [...STATUTORY_2027, ...BUJIA_2027, '2027-01-02', '2027-01-03', '2027-01-04'], makeupWorkdays: ['2027-01-09'], ...overrides } },
});

/** Reads the status until `done` holds (the import reaches the deadline through the calendar process). */
async function statusWhen(h: ApiHarness, id: string, until: (s: z.infer<typeof StatusView>) => boolean, timeoutMs = 15_000): Promise<z.infer<typeof StatusView>> {
  const started = Date.now();
  for (;;) {
    await h.api.caughtUp();
    const status = bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG));
    if (until(status) || Date.now() - started > timeoutMs) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('calendar: provisional years and notice import on a running server', () => {
  let h: ApiHarness;
  let id = '';
  beforeEach(async () => {
    // Thursday 31 December 2026: SB-014's committed day (1 working day) falls after 元旦, in provisional 2027.
    h = await startApi({ date: '2026-12-31' });
    id = await submitItem(h);
    await done(h, id, 'accept');
  });
  afterEach(() => h.dispose());

  it('accepts into a provisional year, says so, and warns the operator without going unready', async () => {
    const status = bodyAs(StatusView, await h.get(`${API}/applications/${id}`, ZHANG));
    expect(status).to.deep.include({ committedDeadline: '2027-01-04', statutoryDeadline: '2027-01-08', provisional: true });
    expect(status.provisionalNote?.en).to.contain('2027');
    const calendar = bodyAs(CalendarSummary, await h.get(`${API}/calendar`, BOSS));
    expect(calendar).to.deep.include({ officialYears: { from: 2019, to: 2026 }, provisionalYears: [2027, 2028] });
    expect(calendar.warning?.provisionalYears).to.deep.equal([2027]);
    const ready = await h.get('/ready');
    expect(ready.status).to.equal(200);
    expect((ready.body as { warnings: { name: string }[] }).warnings[0]!.name).to.equal('calendar');
    expect(h.logLines.some((l) => l.includes('"level":"warn"') && l.includes('No State Council holiday notice for 2027'))).to.equal(true);
  });

  it('refuses a bad notice naming the field, and changes nothing', async () => {
    const head = await h.head();
    const res = await h.post(`${API}/calendar/notices`, KEEPER, notice2027({ makeupWorkdays: ['2027-01-08'] }));
    expect(res.status).to.equal(422);
    const problem = problemOf(res);
    expect(problem.errors?.map((e) => e.field)).to.include('years.2027.makeupWorkdays.0');
    expect(await h.head()).to.equal(head);
    expect((await h.post(`${API}/calendar/notices`, CHEN, notice2027())).status).to.equal(403);
  });

  it('shows a dry run, then imports: the open deadline moves and stops being provisional, without a restart', async () => {
    const head = await h.head();
    const dry = bodyAs(NoticeImportView, await h.post(`${API}/calendar/notices?dryRun=true`, KEEPER, notice2027()));
    expect(dry).to.deep.include({ dryRun: true, position: null });
    expect(dry.years).to.deep.equal([{ year: 2027, before: 'provisional', becomeDaysOff: ['2027-01-04'], becomeWorkdays: ['2027-01-09'] }]);
    expect(dry.openDeadlines).to.deep.include({ examined: 1, moving: 1 });
    expect(dry.openDeadlines.first[0]!.after).to.deep.equal({ committedDeadline: '2027-01-05', statutoryDeadline: '2027-01-09', provisional: false });
    expect(await h.head()).to.equal(head);

    const res = await h.post(`${API}/calendar/notices`, KEEPER, notice2027());
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const status = await statusWhen(h, id, (s) => s.committedDeadline === '2027-01-05');
    expect(status).to.deep.include({ committedDeadline: '2027-01-05', statutoryDeadline: '2027-01-09', provisional: false, provisionalNote: null });
    const calendar = bodyAs(CalendarSummary, await h.get(`${API}/calendar`, CHEN));
    expect(calendar).to.deep.include({ officialYears: { from: 2019, to: 2027 }, provisionalYears: [2028, 2029] });
    expect(calendar.notices.map((n) => n.version)).to.deep.equal(['cn-2027-test']);
    expect(calendar.warning).to.equal(null);
    const again = bodyAs(NoticeImportView, await h.post(`${API}/calendar/notices`, KEEPER, notice2027()));
    expect(again.duplicate).to.equal(true);
  });

  it('takes a notice imported by the CLI (another process on the same data) within seconds', async () => {
    const file = path.join(h.dataDir, 'notice-2027.json');
    writeFileSync(file, JSON.stringify(notice2027()));
    const out: string[] = [];
    const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) }, env: { DATA_DIR: h.dataDir } };
    expect(await runCli(['calendar', 'import', file, '--dry-run'], io)).to.equal(0);
    expect(out.join('')).to.contain('dry run: would import').and.contain('1 of 1 open cases');
    expect(await runCli(['calendar', 'import', file], io)).to.equal(0);
    const status = await statusWhen(h, id, (s) => s.committedDeadline === '2027-01-05');
    expect(status).to.deep.include({ committedDeadline: '2027-01-05', provisional: false });
    expect(h.api.calendar.version).to.contain('+cn-2027-test+provisional-2028-2029');
    out.length = 0;
    expect(await runCli(['calendar', 'show', '2027'], io)).to.equal(0);
    expect(out.join('')).to.contain('2027: official').and.contain('2027-01-04 周一').and.contain('2027-01-09 周六');
    out.length = 0;
    expect(await runCli(['calendar', 'show', '2028'], io)).to.equal(0);
    expect(out.join('')).to.contain('2028: provisional').and.contain('元旦补假');
  });

  it('says its figures count provisional days, and recounts them once the notice is imported', async () => {
    // Decided on Tuesday 5 January 2027: Monday 4 January counts as a working day on the statutory rule.
    h.clock.setDate('2027-01-05');
    await done(h, id, 'decide', VALID_ACTION_BODIES.decide);
    await h.api.caughtUp();
    const january = async () => bodyAs(MetricsView, await h.get(`${API}/metrics?from=2027-01&to=2027-01`, BOSS));
    const before = await january();
    expect(before.includesProvisionalDays).to.equal(true);
    expect(before.provisionalNote?.zh).to.contain('重新计算');
    expect(before.rows[0]).to.deep.include({ includesProvisionalDays: true });
    expect(before.rows[0]!.figures.turnaround.mean).to.equal(2);
    expect(bodyAs(MetricsView, await h.get(`${API}/metrics?from=2026-12&to=2026-12`, BOSS)).includesProvisionalDays).to.equal(false);

    expect((await h.post(`${API}/calendar/notices`, KEEPER, notice2027())).status).to.equal(201);
    const started = Date.now();
    let after = await january();
    while (after.includesProvisionalDays && Date.now() - started < 15_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await january();
    }
    // The notice makes 4 January a day off: the turnaround is 1 working day, as a rebuild from the log says.
    expect(after).to.deep.include({ includesProvisionalDays: false, provisionalNote: null });
    expect(after.rows[0]!.figures.turnaround.mean).to.equal(1);
    expect(h.logLines.some((l) => l.includes('rebuilt projection is now in use') && l.includes('"projection":"metrics"'))).to.equal(true);
  });
});

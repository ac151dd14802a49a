import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { Principal } from '../../infra/auth/principal.js';
import { ARTIFACTS, describeBrowser, launchChromium, pageProblems } from './support/chromium.js';
import type { RunningBrowser } from './support/chromium.js';
import { act, caseReaches, choose, lowContrastTexts, signIn, unlabelledFields } from './support/console-page.js';
import { startConsoleServer } from './support/console-server.js';
import type { ConsoleServer } from './support/console-server.js';

// 职工退休一件事 (YJS-07) through the web console in Chromium, on a seeded server: 张建国 applies (through the
// API, as 粤省事 would), the clerks of 社保基金管理局 and 社会保障卡服务中心 work its three members through the
// forms (a supplement notice from the item's material list, a 412 after another clerk's change, a field error
// from the server, express dispatch with the waybill), 张建国 follows each step on his phone and rates the
// service, and the supervisor's dashboard shows what GET /metrics answers for the same filters.

const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const ZHANG: Principal = { role: 'applicant', sub: 'p-zhang-jianguo' };
const ZHAO: Principal = { role: 'clerk', sub: 'clerk-zhao', department: 'FSRS-SBJ', hall: 'FS-CC-01' };
const SUPERVISOR: Principal = { role: 'supervisor', sub: 'sup-liu' };
const PHONE = { width: 390, height: 844 };

interface Status {
  state: string;
  stateText: { zh: string };
  timeline: { zh: string }[];
  outcome: string | null;
  rating: number | null;
  express: { carrier: string; waybillNo: string } | null;
}

describeBrowser('the web console: 职工退休一件事 from the clerk\'s forms to the applicant\'s rating, and the dashboard', function () {
  this.timeout(180_000);
  // Each step builds on the one before.
  this.bail(true);
  let server: ConsoleServer;
  let browser: RunningBrowser;
  let clerk: Page;
  let applicant: Page;
  const problems: string[] = [];
  let bundleId = '';
  const members: Record<string, string> = {};

  const status = async (id: string): Promise<Status> => (await server.call(ZHANG, 'GET', `/applications/${id}`)).body as Status;
  const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const memberIds = async (): Promise<void> => {
    const bundle = (await server.call(ZHANG, 'GET', `/bundles/${bundleId}`)).body as { members: { itemCode: string; applicationId: string | null }[] };
    for (const m of bundle.members) if (m.applicationId) members[m.itemCode] = m.applicationId;
  };
  /** The applicant's page for one application shows the state and every timeline step the API has. */
  const applicantSees = async (code: string): Promise<void> => {
    await applicant.reload();
    const card = applicant.locator(`[data-test=my-application][data-item="${code}"]`);
    const expected = await status(members[code]!);
    await card.locator('[data-test=state]', { hasText: expected.stateText.zh }).waitFor();
    const steps = await card.locator('[data-test=timeline-step]').allTextContents();
    expect(steps.map((s) => s.trim())).to.deep.equal(expected.timeline.map((s) => s.zh));
  };
  const openFromQueue = async (page: Page, code: string): Promise<void> => {
    await page.locator('[data-test=queue-refresh]').click();
    await page.locator(`[data-test=open-${code}]`).first().click();
    await page.locator('[data-test=case-state]').waitFor();
  };

  before(async () => {
    server = await startConsoleServer({ date: '2026-11-02', applications: 2000 });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterEach(async function () {
    // What the pages showed when a step failed.
    if (this.currentTest?.state !== 'failed') return;
    for (const [name, page] of [['failed-clerk', clerk], ['failed-applicant', applicant]] as const) if (page && !page.isClosed()) await shot(page, name);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('张建国 applies for 职工退休一件事; his phone shows the bundle with its first member open', async () => {
    const submitted = await server.call(ZHANG, 'POST', '/bundles', {
      bundleCode: 'YJS-07',
      channel: 'yueshengshi',
      applicant: { kind: 'individual', name: '张建国', idNumber: '440604196609121234', phone: '13800000000' },
      form: { birthDate: '1966-09-12', gender: 'male', insuredYears: 32 },
      materials: [
        { code: 'id-card', source: 'e-licence', reference: 'EL-ID-4406' },
        { code: 'retirement-form', source: 'upload', reference: 'upload-77' },
        { code: 'personnel-file', source: 'paper', reference: 'SF1234567890' },
      ],
      delivery: { mode: 'electronic' },
    }, { 'Idempotency-Key': 'browser-zhang-retirement' });
    expect(submitted.status, JSON.stringify(submitted.body)).to.equal(201);
    bundleId = (submitted.body as { id: string }).id;
    await memberIds();
    applicant = await browser.page(PHONE);
    problems.push(...pageProblems(applicant));
    await signIn(applicant, server.url, { role: 'applicant', sub: ZHANG.sub });
    await applicant.locator('[data-test=my-bundle]').waitFor();
    expect(await applicant.locator('[data-test=my-bundle] .el-step').count()).to.equal(3);
    await applicantSees('SB-011');
  });

  it('clerk 陈 opens 退休审批 from her department\'s queue and sends one supplement notice built from the item\'s material list', async () => {
    clerk = await browser.page();
    problems.push(...pageProblems(clerk));
    await signIn(clerk, server.url, { role: 'clerk', sub: 'clerk-chen', department: 'FSRS-SBJ' });
    await openFromQueue(clerk, 'SB-011');
    await choose(clerk, 'action', { test: 'action-request-supplement' });
    await clerk.locator('[data-test=missing-personnel-file]').click();
    await clerk.locator('[data-test=missing-reason-personnel-file]').fill('人事档案缺1988–1995年工作经历页');
    await clerk.locator('[data-test=action-submit]').click();
    await caseReaches(clerk, 'awaiting-supplement');
    await applicantSees('SB-011');
    await applicant.locator('[data-test=my-application][data-item="SB-011"] [data-test=next-need]', { hasText: '人事档案（出生时间、工龄认定）: 人事档案缺1988–1995年工作经历页' }).waitFor();
  });

  it('she records the pages that came by express; her accept after another clerk\'s change is refused with a clear message and a reload', async () => {
    await act(clerk, 'receive-supplement');
    await caseReaches(clerk, 'submitted');
    // 赵 at the hall records a visit on the same case meanwhile: the revision 陈 read is no longer current.
    const current = await server.call(ZHAO, 'GET', `/applications/${members['SB-011']}`);
    const visit = await server.call(ZHAO, 'POST', `/applications/${members['SB-011']}/visit`, { purpose: 'consult' }, { 'If-Match': current.etag! });
    expect(visit.status, JSON.stringify(visit.body)).to.equal(200);
    await act(clerk, 'accept');
    await clerk.locator('[data-test=conflict]').waitFor();
    expect(await clerk.locator('[data-test=conflict]').textContent()).to.contain('此办件已被他人修改');
    expect((await status(members['SB-011']!)).state).to.equal('submitted');
    await clerk.locator('[data-test=conflict-reload]').click();
    await clerk.locator('[data-test=conflict]').waitFor({ state: 'detached' });
    await act(clerk, 'accept');
    await caseReaches(clerk, 'accepted');
    await applicantSees('SB-011');
  });

  it('a decision without its legal basis shows the server\'s field error beside the field; with it, approved', async () => {
    await act(clerk, 'decide', { select: { outcome: 'approved' } });
    const error = clerk.locator('.el-form-item.is-error', { has: clerk.locator('#field-legalBasis') }).locator('.el-form-item__error');
    await error.waitFor();
    expect(await error.textContent()).to.match(/\S/);
    expect((await status(members['SB-011']!)).state).to.equal('accepted');
    await clerk.locator('#field-legalBasis').fill('《国务院关于工人退休、退职的暂行办法》');
    await clerk.locator('[data-test=action-submit]').click();
    await caseReaches(clerk, 'decided');
    await applicantSees('SB-011');
  });

  it('she issues the 退休证 and sends it by free express with the waybill, which 张建国 sees', async () => {
    await act(clerk, 'issue', { select: { documentType: 'certificate' }, text: { documentNo: '退休证 FS-2026-08812' } });
    await caseReaches(clerk, 'result-issued');
    await act(clerk, 'dispatch', { select: { mode: 'express' }, text: { carrier: 'EMS', waybillNo: 'EMS1100223344' } });
    await caseReaches(clerk, 'result-dispatched');
    await clerk.locator('[data-test=case-waybill]', { hasText: 'EMS1100223344' }).waitFor();
    expect((await status(members['SB-011']!)).express).to.deep.include({ carrier: 'EMS', waybillNo: 'EMS1100223344' });
    await applicantSees('SB-011');
    await applicant.locator('[data-test=my-application][data-item="SB-011"] [data-test=waybill]', { hasText: 'EMS1100223344' }).waitFor();
  });

  it('the approval opened 养老金核定, which she works in the same department', async () => {
    await memberIds();
    expect(members['SB-012']).to.be.a('string');
    await openFromQueue(clerk, 'SB-012');
    await act(clerk, 'accept');
    await caseReaches(clerk, 'accepted');
    await act(clerk, 'decide', { select: { outcome: 'approved' }, text: { legalBasis: '《社会保险法》第十六条' } });
    await caseReaches(clerk, 'decided');
    await act(clerk, 'issue', { select: { documentType: 'document' }, text: { documentNo: '养老金核定表 HD-2026-5531' } });
    await caseReaches(clerk, 'result-issued');
    await act(clerk, 'dispatch', { select: { mode: 'electronic' } });
    await caseReaches(clerk, 'result-dispatched');
    await applicantSees('SB-012');
  });

  it('clerk 吴 of 社会保障卡服务中心 sets up the card account, the last member', async () => {
    await memberIds();
    const wu = await browser.page();
    problems.push(...pageProblems(wu));
    await signIn(wu, server.url, { role: 'clerk', sub: 'clerk-wu', department: 'FSRS-SBK' });
    await openFromQueue(wu, 'KA-013');
    await act(wu, 'accept');
    await caseReaches(wu, 'accepted');
    await act(wu, 'decide', { select: { outcome: 'approved' }, text: { legalBasis: '《社会保障卡管理办法》' } });
    await caseReaches(wu, 'decided');
    await wu.close();
    await applicantSees('KA-013');
  });

  it('张建国 sees the bundle complete and rates 退休审批 (好差评) on his phone', async () => {
    const bundle = (await server.call(ZHANG, 'GET', `/bundles/${bundleId}`)).body as { state: string };
    expect(bundle.state).to.equal('completed');
    await applicant.reload();
    const card = applicant.locator('[data-test=my-application][data-item="SB-011"]');
    await card.locator('[data-test=rating-level] .el-rate__item').nth(4).click();
    await card.locator('[data-test=rating-comment]').fill('一次办好，快递到家');
    await card.locator('[data-test=rating-submit]').click();
    await card.locator('[data-test=rated]', { hasText: '非常满意' }).waitFor();
    expect((await status(members['SB-011']!)).rating).to.equal(5);
    await shot(applicant, 'applicant-status');
    copyFileSync(path.join(ARTIFACTS, 'applicant-status.png'), path.join(SCREENSHOTS, 'applicant-status.png'));
  });

  it('a 不满意 rating of the card account opens a review ticket (整改) that 吴 works to closure on her workbench', async () => {
    const card = applicant.locator('[data-test=my-application][data-item="KA-013"]');
    await card.locator('[data-test=rating-level] .el-rate__item').nth(1).click();
    await card.locator('[data-test=rating-comment]').fill('到账时间没有说清楚');
    await card.locator('[data-test=rating-submit]').click();
    await card.locator('[data-test=rated]', { hasText: '不满意' }).waitFor();
    const WU: Principal = { role: 'clerk', sub: 'clerk-wu', department: 'FSRS-SBK' };
    let tickets: { ticketId: string; applicationId: string }[] = [];
    for (let tries = 0; tries < 50 && !tickets.some((t) => t.applicationId === members['KA-013']); tries++) {
      tickets = ((await server.call(WU, 'GET', '/reviews')).body as { tickets: typeof tickets }).tickets;
      if (!tickets.some((t) => t.applicationId === members['KA-013'])) await new Promise((r) => setTimeout(r, 100));
    }
    const ticket = tickets.find((t) => t.applicationId === members['KA-013'])!;
    expect(ticket, 'a ticket for the bad rating').to.exist;
    const wu = await browser.page();
    problems.push(...pageProblems(wu));
    await signIn(wu, server.url, { role: 'clerk', sub: WU.sub, department: 'FSRS-SBK' });
    await wu.locator(`[data-test=ticket-${ticket.ticketId}]`).click();
    await wu.locator('[data-test=review-note]').fill('已电话回访，说明到账时间');
    await wu.locator('[data-test=review-submit]').click();
    await wu.locator('[data-test=ticket] li', { hasText: '已电话回访' }).waitFor();
    await wu.locator('[data-test=ticket] label', { hasText: '整改完结' }).click();
    await wu.locator('[data-test=review-note]').fill('短信模板补充到账时间');
    await wu.locator('[data-test=review-submit]').click();
    await wu.locator('[data-test=ticket] li', { hasText: '短信模板补充到账时间' }).waitFor();
    const closed = (await server.call(WU, 'GET', `/reviews/${ticket.ticketId}`)).body as { status: string; callbacks: unknown[]; resolution: { resolution: string } | null };
    expect(closed.status).to.equal('resolved');
    expect(closed.callbacks).to.have.length(1);
    expect(closed.resolution?.resolution).to.equal('rectified');
    await wu.close();
  });

  it('every form field of the three pages has a label', async () => {
    expect(await unlabelledFields(applicant), 'applicant').to.deep.equal([]);
    await choose(clerk, 'action', { test: 'action-visit' });
    expect(await unlabelledFields(clerk), 'clerk').to.deep.equal([]);
    const page = await browser.page();
    await signIn(page, server.url, { role: 'supervisor', sub: SUPERVISOR.sub });
    await choose(page, 'filter-dimension', { text: '部门' });
    expect(await unlabelledFields(page), 'supervisor').to.deep.equal([]);
    await page.goto(`${server.url}/sign-in`);
    await page.locator('[data-test=role-clerk]').click();
    expect(await unlabelledFields(page), 'sign-in').to.deep.equal([]);
    await page.close();
  });

  it('keeps AA contrast on the three pages and the sign-in page', async () => {
    expect(await lowContrastTexts(applicant), 'applicant').to.deep.equal([]);
    expect(await lowContrastTexts(clerk), 'clerk').to.deep.equal([]);
    const page = await browser.page();
    await signIn(page, server.url, { role: 'supervisor', sub: SUPERVISOR.sub });
    await page.locator('[data-test=figure-concluded]').waitFor();
    expect(await lowContrastTexts(page), 'supervisor').to.deep.equal([]);
    await page.goto(`${server.url}/sign-in`);
    expect(await lowContrastTexts(page), 'sign-in').to.deep.equal([]);
    await page.close();
  });

  it('works from the keyboard with a visible focus, and in English with English dates', async () => {
    const page = await browser.page();
    problems.push(...pageProblems(page));
    await page.goto(`${server.url}/sign-in`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.contain('跳到正文');
    for (let tabs = 0; tabs < 20 && (await page.evaluate(() => document.activeElement?.id)) !== 'sign-in-sub'; tabs++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle), 'the focus shows').not.to.equal('none');
    }
    await page.keyboard.press('Control+A');
    await page.keyboard.type('clerk-keyboard');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/clerk**');
    await page.locator('[data-test=language]').focus();
    await page.keyboard.press('Enter');
    await page.locator('h2', { hasText: 'Workbench' }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).to.equal('en');
    await page.locator('[data-test=queue-counts]', { hasText: 'Today is Nov 2, 2026' }).waitFor();
    await page.locator('[data-test=language]').click();
    await page.locator('[data-test=queue-counts]', { hasText: '今天是2026年11月2日' }).waitFor();
    await page.close();
  });

  it('a case past its committed date shows 已超期 in the queue and counts in the supervisor\'s overdue watch', async () => {
    const LI: Principal = { role: 'applicant', sub: 'p-li-min' };
    const submitted = await server.call(LI, 'POST', '/applications', {
      itemCode: 'SB-011',
      channel: 'provincial-portal',
      applicant: { kind: 'individual', name: '李敏', idNumber: '440604196605051234', phone: '13900000000' },
      form: { birthDate: '1966-05-05', gender: 'female', insuredYears: 30 },
      materials: [
        { code: 'id-card', source: 'e-licence', reference: 'EL-ID-5512' },
        { code: 'retirement-form', source: 'upload', reference: 'upload-91' },
        { code: 'personnel-file', source: 'paper', reference: 'SF5512' },
      ],
      delivery: { mode: 'electronic' },
    }, { 'Idempotency-Key': 'browser-li-retirement' });
    expect(submitted.status, JSON.stringify(submitted.body)).to.equal(201);
    const id = (submitted.body as { id: string }).id;
    const accepted = await server.call(ZHAO, 'POST', `/applications/${id}/accept`, undefined, { 'If-Match': '"0"' });
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
    // Ten days on, the five working days committed have run out.
    server.clock.setDate('2026-11-12');
    await clerk.locator('[data-test=queue-refresh]').click();
    await clerk.locator('[data-test=queue-counts]', { hasText: '今天是2026年11月12日' }).waitFor();
    const row = clerk.locator('.el-table__row', { has: clerk.locator('[data-test=overdue]') });
    expect(await row.count()).to.be.greaterThan(0);
    await row.first().locator('[data-test=open-SB-011]').click();
    await caseReaches(clerk, 'accepted');
    await clerk.waitForLoadState('networkidle');
    await shot(clerk, 'clerk-workbench');
    copyFileSync(path.join(ARTIFACTS, 'clerk-workbench.png'), path.join(SCREENSHOTS, 'clerk-workbench.png'));
    const watch = (await server.call(SUPERVISOR, 'GET', '/overdue')).body as { departments: { department: string; overdue: number }[] };
    const sbj = watch.departments.find((d) => d.department === 'FSRS-SBJ')!;
    expect(sbj.overdue).to.be.greaterThan(0);
    const page = await browser.page();
    await signIn(page, server.url, { role: 'supervisor', sub: SUPERVISOR.sub });
    await page.locator('[data-test=overdue] .el-table__row', { hasText: 'FSRS-SBJ' }).locator('.overdue', { hasText: String(sbj.overdue) }).waitFor();
    await page.close();
  });

  it('a deadline in 2027, a year without the State Council\'s holiday notice, is marked 暂定 with the reason on the applicant\'s page', async () => {
    server.clock.setDate('2026-12-21');
    const WANG: Principal = { role: 'applicant', sub: 'p-wang-fang' };
    const submitted = await server.call(WANG, 'POST', '/applications', {
      itemCode: 'SB-011',
      channel: 'yueshengshi',
      applicant: { kind: 'individual', name: '王芳', idNumber: '440604196612211234', phone: '13700000000' },
      form: { birthDate: '1966-12-21', gender: 'female', insuredYears: 31 },
      materials: [
        { code: 'id-card', source: 'e-licence', reference: 'EL-ID-7788' },
        { code: 'retirement-form', source: 'upload', reference: 'upload-12' },
        { code: 'personnel-file', source: 'paper', reference: 'SF7788' },
      ],
      delivery: { mode: 'electronic' },
    }, { 'Idempotency-Key': 'browser-wang-retirement' });
    expect(submitted.status, JSON.stringify(submitted.body)).to.equal(201);
    const id = (submitted.body as { id: string }).id;
    expect((await server.call(ZHAO, 'POST', `/applications/${id}/accept`, undefined, { 'If-Match': '"0"' })).status).to.equal(200);
    const expected = (await server.call(WANG, 'GET', `/applications/${id}`)).body as { provisional: boolean; committedDeadline: string; provisionalNote: { zh: string } };
    expect(expected.provisional).to.equal(true);
    const page = await browser.page(PHONE);
    problems.push(...pageProblems(page));
    await signIn(page, server.url, { role: 'applicant', sub: WANG.sub });
    const mark = page.locator('[data-test=my-application] [data-test=provisional]').first();
    await mark.waitFor();
    expect(await mark.textContent()).to.contain('暂定');
    await mark.focus();
    await page.locator('.el-popper:visible', { hasText: expected.provisionalNote.zh }).waitFor();
    await page.close();
  });

  for (const filters of [{}, { from: '2025-01', to: '2025-12' }, { from: '2025-03', to: '2025-09', department: 'FSRS-SBJ' }, { bundle: 'YJS-07' }] as Record<string, string>[]) {
    it(`the supervisor's dashboard shows GET /metrics's figures for ${JSON.stringify(filters)}`, async () => {
      const page = await browser.page();
      problems.push(...pageProblems(page));
      await signIn(page, server.url, { role: 'supervisor', sub: SUPERVISOR.sub });
      const query = new URLSearchParams(filters).toString();
      await page.goto(`${server.url}/supervisor${query ? `?${query}` : ''}`);
      const metrics = (await server.call(SUPERVISOR, 'GET', `/metrics${query ? `?${query}` : ''}`)).body as { rows: { figures: Record<string, { rate?: number | null; p50?: number | null; count?: number }> }[] };
      const figures = metrics.rows[0]!.figures;
      const percent = new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
      await page.locator('[data-test=figure-concluded] [data-test=figure-value]', { hasText: new Intl.NumberFormat('zh-CN').format(figures.turnaround!.count!) }).waitFor();
      for (const key of ['zeroVisitRate', 'onlineIntakeRate', 'onTimeRate', 'realizedSpeedUp', 'promisedSpeedUp', 'sameDayShare', 'satisfaction']) {
        const rate = figures[key]!.rate;
        const shown = (await page.locator(`[data-test=figure-${key}] [data-test=figure-value]`).textContent())!.trim();
        expect(shown, key).to.equal(rate === null || rate === undefined ? '—' : percent.format(rate));
      }
      if (Object.keys(filters).length === 2) {
        await shot(page, 'supervisor-dashboard');
        copyFileSync(path.join(ARTIFACTS, 'supervisor-dashboard.png'), path.join(SCREENSHOTS, 'supervisor-dashboard.png'));
        // Any table exports as CSV: the fast-track table's rows as shown.
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="csv-fast-track.csv"]').click()]);
        const csv = readFileSync(await download.path(), 'utf8');
        expect(csv.split('\r\n').filter(Boolean)).to.have.length(11);
        // The monthly report (定期通报), published from the page: its frozen figures as the API keeps them.
        await page.locator('#publish-month').fill('2025-06');
        await page.locator('#publish-month').press('Enter');
        await page.locator('[data-test=publish]').click();
        await page.locator('[data-test=report] h3', { hasText: '2025年6月' }).waitFor();
        const published = (await server.call(SUPERVISOR, 'GET', '/reports/2025-06')).body as { report: { bureau: Record<string, { rate?: number | null }> } };
        const shownRows = await page.locator('[data-test=report] .el-table__body tr').allTextContents();
        expect(shownRows).to.have.length(7);
        for (const [i, key] of ['zeroVisitRate', 'onlineIntakeRate', 'onTimeRate', 'realizedSpeedUp', 'promisedSpeedUp', 'sameDayShare', 'satisfaction'].entries()) {
          expect(shownRows[i], key).to.contain(percent.format(published.report.bureau[key]!.rate!));
        }
      }
      await page.close();
    });
  }

  it('the filters set through the form go into the address, and the address shared opens the same view', async () => {
    const page = await browser.page();
    problems.push(...pageProblems(page));
    await signIn(page, server.url, { role: 'supervisor', sub: SUPERVISOR.sub });
    await choose(page, 'filter-dimension', { text: '渠道' });
    await choose(page, 'filter-value', { text: '粤省事' });
    await page.locator('[data-test=filter-apply]').click();
    await page.waitForURL('**/supervisor?channel=yueshengshi');
    const metrics = (await server.call(SUPERVISOR, 'GET', '/metrics?channel=yueshengshi')).body as { rows: { figures: Record<string, { rate: number | null }> }[] };
    const onTime = new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(metrics.rows[0]!.figures.onTimeRate!.rate!);
    await page.locator('[data-test=figure-onTimeRate] [data-test=figure-value]', { hasText: onTime }).waitFor();
    // Another tab is another sign-in (the token lives in the tab): the sign-in page leads back to the shared view.
    const shared = await browser.page();
    await shared.goto(page.url());
    await shared.waitForURL('**/sign-in?next=**');
    await shared.locator('[data-test=role-supervisor]').click();
    await shared.locator('#sign-in-sub').fill('sup-wang');
    await shared.locator('[data-test=sign-in]').click();
    await shared.waitForURL('**/supervisor?channel=yueshengshi');
    await shared.locator('[data-test=figure-onTimeRate] [data-test=figure-value]', { hasText: onTime }).waitFor();
    expect(await shared.locator('[data-test=filter-value]').textContent()).to.contain('粤省事');
    await shared.close();
    await page.close();
  });

  it('no page logged an error (a CSP violation would show here)', () => {
    expect(problems).to.deep.equal([]);
  });
});

import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { Principal } from '../../infra/auth/principal.js';
import { itemBody } from '../http/support/api-flows.js';
import { describeBrowser, launchChromium, pageProblems } from './support/chromium.js';
import type { RunningBrowser } from './support/chromium.js';
import { lowContrastTexts, signIn, unlabelledFields } from './support/console-page.js';
import { startConsoleServer } from './support/console-server.js';
import type { ConsoleServer } from './support/console-server.js';

// A department queue longer than one page (the API's 50) on the clerk's workbench: the first page, then "more"
// appends the next page after the token the last one gave, until every open item shows and the button goes.

/** The clerk the page signs in as (no hall: the department's queue), and whose token the test's own reads carry. */
const CLERK: Principal = { role: 'clerk', sub: 'clerk-pages', department: 'FSRS-SBJ' };
const APPLICANT: Principal = { role: 'applicant', sub: 'p-pages' };
const PAGE = 50;
/** Enough for three pages (50, 50, the rest), so the second click follows a token a "more" answer gave. */
const SUBMITTED = 2 * PAGE + 12;

interface Queue {
  open: { applicationId: string }[];
  counts: { open: number };
  next: { open: string | null };
}

describeBrowser('the clerk\'s workbench pages through a department queue longer than one page', function () {
  this.timeout(120_000);
  // Each step builds on the one before.
  this.bail(true);
  let server: ConsoleServer;
  let browser: RunningBrowser;
  let page: Page;
  let problems: string[] = [];
  /** The department's open queue as the API answers it, every entry on one page. */
  let whole: Queue;

  const queue = async (query = ''): Promise<Queue> => {
    const res = await server.call(CLERK, 'GET', `/queue?scope=department${query}`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as Queue;
  };
  const shownIds = (): Promise<string[]> =>
    page.locator('[data-test=queue] .el-table__body [data-application]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-application') ?? ''));
  const more = () => page.locator('[data-test=queue-more]');
  const moreText = (shown: number, total: number): string => {
    const n = new Intl.NumberFormat('zh-CN');
    return `加载更多（已显示 ${n.format(shown)} / 共 ${n.format(total)}）`;
  };
  /** Waits until the table shows `count` rows, and returns their application ids. */
  const rowsReach = async (count: number): Promise<string[]> => {
    await page.locator('[data-test=queue] .el-table__body [data-application]').nth(count - 1).waitFor();
    const ids = await shownIds();
    expect(ids).to.have.length(count);
    return ids;
  };

  before(async () => {
    // A small seed for the catalog and some history; the long queue comes from the applications submitted here.
    server = await startConsoleServer({ date: '2026-11-02', applications: 100 });
    for (let i = 0; i < SUBMITTED; i++) {
      const res = await server.call(APPLICANT, 'POST', '/applications', itemBody(), { 'Idempotency-Key': `browser-queue-pages-${i}` });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
    }
    whole = await queue('&limit=500');
    expect(whole.next.open, 'the whole queue fits one page of 500').to.equal(null);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the first 50 open items and a more button saying 50 of all', async () => {
    expect(whole.counts.open).to.be.greaterThan(2 * PAGE).and.to.equal(whole.open.length);
    page = await browser.page();
    problems = pageProblems(page);
    await signIn(page, server.url, { role: 'clerk', sub: CLERK.sub, department: CLERK.department });
    const ids = await rowsReach(PAGE);
    expect(ids).to.deep.equal(whole.open.slice(0, PAGE).map((e) => e.applicationId));
    expect((await more().textContent())?.trim()).to.equal(moreText(PAGE, whole.counts.open));
  });

  it('the page with its more button keeps every field labelled and AA contrast', async () => {
    expect(await unlabelledFields(page)).to.deep.equal([]);
    expect(await lowContrastTexts(page)).to.deep.equal([]);
  });

  it('a click appends the next page after the first, with no application twice', async () => {
    await more().click();
    const ids = await rowsReach(2 * PAGE);
    expect(new Set(ids).size).to.equal(ids.length);
    const first = await queue();
    const second = await queue(`&openAfter=${encodeURIComponent(first.next.open!)}`);
    expect(ids).to.deep.equal([...first.open, ...second.open].map((e) => e.applicationId));
    await more().filter({ hasText: moreText(2 * PAGE, whole.counts.open) }).waitFor();
  });

  it('the keyboard reaches the button right after the last row, with a visible focus, and Enter loads the rest', async () => {
    await page.locator('[data-test=queue] .el-table__body [data-application]').last().focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).to.equal('queue-more');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle), 'the focus shows').not.to.equal('none');
    await page.keyboard.press('Enter');
    const ids = await rowsReach(whole.counts.open);
    expect(ids).to.deep.equal(whole.open.map((e) => e.applicationId));
    await more().waitFor({ state: 'detached' });
    // The queue as the same clerk reads it now: every open item is on the page, and nothing more.
    expect(ids).to.have.length((await queue()).counts.open);
  });

  it('no page logged an error', () => {
    expect(problems).to.deep.equal([]);
  });
});

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

// Debian's Chromium driven by playwright-core (never a downloaded browser): headless, without the sandbox (the
// CI container runs as root), without the GPU and the background traffic, on a fresh profile every time.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOW = 'install it with `apt-get install chromium fonts-noto-cjk` (the fonts draw the Chinese), or set CHROMIUM_PATH';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Screenshots and traces of a run (git-ignored). */
export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

let announced = false;

/** describe() when Chromium is there; otherwise skipped with one line saying how to install it, and failing under CI=true. */
export function describeBrowser(title: string, suite: (this: Mocha.Suite) => void): void {
  if (existsSync(CHROMIUM)) {
    describe(title, suite);
    return;
  }
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('needs Chromium', () => {
        throw new Error(`no Chromium at ${CHROMIUM}: CI runs the browser tests; ${HOW}`);
      });
    });
    return;
  }
  if (!announced) {
    announced = true;
    process.stderr.write(`browser tests skipped: no Chromium at ${CHROMIUM}; to run them, ${HOW}\n`);
  }
  describe.skip(title, suite);
}

export interface RunningBrowser {
  context: BrowserContext;
  page(options?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<RunningBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'hrss-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    async page(options = {}) {
      const page = await context.newPage();
      if (options.width) await page.setViewportSize({ width: options.width, height: options.height ?? 900 });
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Every console error and failed request of a page, to assert there were none (a CSP violation shows here). */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

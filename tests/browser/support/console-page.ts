import type { Page } from 'playwright-core';

// What a user does on the console, in the terms of its pages (the data-test hooks the pages carry).

export async function signIn(page: Page, baseUrl: string, who: { role: 'applicant' | 'clerk' | 'supervisor'; sub: string; department?: string }): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.locator(`[data-test=role-${who.role}]`).click();
  await page.locator('#sign-in-sub').fill(who.sub);
  if (who.department) {
    await page.locator('[data-test=department]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: who.department }).first().click();
  }
  await page.locator('[data-test=sign-in]').click();
  await page.waitForURL(`**/${who.role}**`);
}

/** Picks an option of an Element Plus select by the option's data-test hook (or its text). */
export async function choose(page: Page, select: string, option: { test?: string; text?: string }): Promise<void> {
  await page.locator(`[data-test=${select}]`).click();
  const items = page.locator('.el-select-dropdown__item:visible');
  await (option.test ? items.and(page.locator(`[data-test=${option.test}]`)) : items.filter({ hasText: option.text! })).first().click();
}

/** The open case's state, once it shows `state`. */
export async function caseReaches(page: Page, state: string): Promise<void> {
  await page.locator(`[data-test=case-state][data-state="${state}"]`).waitFor({ timeout: 15_000 });
}

/** Sends the action form for `action` with the fields given (text fields by name, selects by option). */
export async function act(page: Page, action: string, fields: { text?: Record<string, string>; select?: Record<string, string> } = {}): Promise<void> {
  await choose(page, 'action', { test: `action-${action}` });
  for (const [name, value] of Object.entries(fields.select ?? {})) await choose(page, `field-${name}`, { test: `option-${value}` });
  for (const [name, value] of Object.entries(fields.text ?? {})) await page.locator(`#field-${name}`).fill(value);
  await page.locator('[data-test=action-submit]').click();
}

/** Form fields on the page a screen reader could not name: no label, no aria-label, no aria-labelledby. */
export async function unlabelledFields(page: Page): Promise<string[]> {
  return page.locator('input:visible, textarea:visible, select:visible').evaluateAll((fields) =>
    fields
      .filter((f) => {
        const field = f as HTMLInputElement;
        if (field.type === 'hidden') return false;
        const byLabel = [...(field.labels ?? [])].some((l) => (l.textContent ?? '').trim() !== '');
        const labelledBy = field.getAttribute('aria-labelledby')?.split(/\s+/).some((id) => (document.getElementById(id)?.textContent ?? '').trim() !== '');
        return !byLabel && !labelledBy && !(field.getAttribute('aria-label') ?? '').trim() && !(field.title ?? '').trim();
      })
      .map((f) => f.outerHTML.slice(0, 160)),
  );
}

/**
 * Text on the page below the WCAG AA contrast (4.5:1, 3:1 for large text) against the first opaque background
 * behind it. Disabled controls and the charts' canvas are exempt, as WCAG exempts them. Plain JavaScript in a
 * string: tsx would name the functions with a helper the page does not have.
 */
export async function lowContrastTexts(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(CONTRAST_SCRIPT);
}

const CONTRAST_SCRIPT = `(() => {
  const rgba = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const luminance = (c) => 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = (node.textContent || '').trim();
    if (!el || !text || el.closest('[disabled], .is-disabled, canvas, [aria-hidden="true"]')) continue;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || rect.width === 0 || rect.height === 0 || Number(style.opacity) === 0) continue;
    const fg = rgba(style.color);
    if (fg.length === 4 && fg[3] < 1) continue;
    const pair = [luminance(fg), luminance(background(el))].sort((x, y) => y - x);
    const ratio = (pair[0] + 0.05) / (pair[1] + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) found.push(text.slice(0, 30) + ' (' + ratio.toFixed(2) + ':1, ' + style.color + ')');
  }
  return found;
})()`;

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

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { assertNoAxeViolations } from './axe.ts';
import { ROOT, freshWizard, startUiStack, step, type UiStack } from './ui-stack.ts';

// Every page of a real journey (Pebble + BIND behind the web host) at 800×600 and 1280×800: no
// horizontal scroll, the nav on one row, the stepper's last step and each row's buttons in
// view, no word broken mid-way in record values, dates in the locale, no command-line or RFC words.
const shots = path.join(ROOT, 'test-results', 'layout');
const SIZES = [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
] as const;
let stack: UiStack;
before(async () => {
  mkdirSync(shots, { recursive: true });
  stack = await startUiStack({ demo: true });
});
after(async () => stack?.stop());

async function check(page: Page, where: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const facts = await page.evaluate(() => {
      const root = document.documentElement;
      const navTops = [...document.querySelectorAll('.main-nav a')].map((a) => Math.round(a.getBoundingClientRect().top));
      const cut = [...document.querySelectorAll('.stepper-item, .cell-buttons button, .step-nav button')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          let box: Element | null = el.parentElement;
          while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
          const limit = box ? Math.min(box.getBoundingClientRect().right, root.clientWidth) : root.clientWidth;
          return r.width > 0 && r.right > limit + 1;
        })
        .map((el) => (el.textContent ?? '').trim().slice(0, 40));
      const text = document.body.innerText;
      return {
        scrollWidth: root.scrollWidth,
        clientWidth: root.clientWidth,
        navRows: new Set(navTops).size,
        cut,
        iso: text.match(/\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?/g) ?? [],
        jargon: text.match(/\(--[a-z-]+\)|--force|RFC \d{3,4}|§\s?\d/g) ?? [],
      };
    });
    const at = `${where} at ${size.width}×${size.height}`;
    await page.screenshot({ path: path.join(shots, `${where.replace(/\W+/g, '-')}-${size.width}.png`), fullPage: true });
    assert.ok(facts.scrollWidth <= facts.clientWidth, `${at}: horizontal scroll (${facts.scrollWidth} > ${facts.clientWidth})`);
    assert.equal(facts.navRows, 1, `${at}: the nav wraps`);
    assert.deepEqual(facts.cut, [], `${at}: cut off`);
    assert.deepEqual(facts.iso, [], `${at}: raw ISO dates`);
    assert.deepEqual(facts.jargon, [], `${at}: command-line or RFC wording`);
    await page.screenshot({ path: path.join(shots, `${where.replace(/\W+/g, '-')}-${size.width}.png`), fullPage: true });
  }
}
const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click();

test('every page fits from 800 px up, in plain words and local dates', async () => {
  const page = await stack.browser.context.newPage();
  await page.goto(stack.host.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await check(page, 'empty dashboard');
  await freshWizard(page);
  await check(page, 'CA step');
  await next(page);
  await page.getByLabel("I agree to the CA's terms of service").check();
  await next(page);
  await step(page, 'account').waitFor();
  await check(page, 'account step');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel(/I understand that if this key is lost/).check();
  await page.getByRole('button', { name: 'Continue without a backup' }).click();
  await next(page);
  await step(page, 'names').waitFor();
  await page.getByLabel('Domain names, one per line').fill('layout.example.test\n*.layout.example.test\nwww.layout.example.test');
  await check(page, 'names step');
  await next(page);
  await step(page, 'record').waitFor();
  await page
    .getByText(/policy=wildcard/)
    .first()
    .waitFor();
  // A record value breaks only at its spaces and semicolons, never inside a word such as "policy".
  const breaks = await page
    .locator('[data-step="record"] code, [data-step="record"] .mono')
    .evaluateAll((els) =>
      els
        .filter((el) => /policy=wildcard/.test(el.textContent ?? ''))
        .map((el) => getComputedStyle(el).overflowWrap + '/' + getComputedStyle(el).wordBreak),
    );
  assert.ok(breaks.length > 0);
  for (const b of breaks) assert.doesNotMatch(b, /break-all/, `record values may not break mid-word: ${b}`);
  await page.getByRole('button', { name: 'Publish it for me (demo DNS)' }).click();
  await page
    .getByText(/Published/i)
    .first()
    .waitFor();
  await check(page, 'record step');
  await next(page);
  await step(page, 'check').waitFor();
  await page.getByRole('button', { name: 'Next', exact: true }).and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
  await check(page, 'check step');
  const caa = await page.getByRole('list', { name: 'Findings' }).locator('li').filter({ hasText: /CAA/ }).count();
  assert.ok(caa <= 1, `the CAA finding is said once, not ${caa} times`);
  await next(page);
  await page.getByRole('button', { name: 'Issue certificate' }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).and(page.locator(':not([disabled])')).waitFor({ timeout: 60_000 });
  await check(page, 'issue step');
  await next(page);
  await step(page, 'export').waitFor();
  await check(page, 'export step');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certificates' }).click();
  const row = page.getByRole('table').locator('tbody tr').filter({ hasText: 'layout.example.test' });
  await row.locator('td.cell-renewal .badge').waitFor();
  await row.getByRole('button', { name: /Renew now/ }).click();
  await page.getByTestId('renewal-log').locator('li').first().waitFor({ timeout: 60_000 });
  await page
    .getByRole('table')
    .locator('tbody tr')
    .filter({ hasText: 'layout.example.test' })
    .getByRole('button', { name: /Details/ })
    .click();
  await page.getByRole('heading', { name: 'Earlier certificates' }).waitFor();
  await check(page, 'dashboard with details');

  // The site page: one set of names as a whole.
  await page.getByRole('table').getByRole('link', { name: 'layout.example.test' }).click();
  await page.getByRole('heading', { level: 1, name: 'layout.example.test' }).waitFor();
  assert.match(page.url(), /#\/site\//);
  const current = page.getByRole('region', { name: 'Current certificate' });
  assert.match(await current.innerText(), /Valid[\s\S]*Last renewal[\s\S]*Next renewal[\s\S]*On track/);
  assert.doesNotMatch(await current.innerText(), /None yet/, 'it was renewed');
  await page
    .getByRole('region', { name: 'Deployed to' })
    .getByText(/Nowhere yet|PEM files|PFX file/)
    .waitFor();
  await page.getByRole('region', { name: 'History' }).getByRole('heading', { name: 'Earlier certificates' }).waitFor();
  await page.getByRole('button', { name: 'Check the records now' }).click();
  const records = page.getByRole('region', { name: 'DNS records' });
  await records.locator('table').first().waitFor({ timeout: 30_000 });
  assert.equal(await records.locator('table').count(), 3, 'one table per name');
  assert.match(await records.innerText(), /Ready/);
  assert.equal(await records.locator('.focus-target').evaluate((el) => el.contains(document.activeElement)), true, 'focus on the result');
  await assertNoAxeViolations(page, 'the site page');
  await check(page, 'site page');
  for (const link of ['Accounts', 'Settings']) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
    await page.getByRole('heading', { level: 1, name: link }).waitFor();
    await check(page, `${link} page`);
  }
  await page.close();
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { assertNoAxeViolations } from './axe.ts';
import { ROOT, newCertificate, startUiStack, step, type UiStack } from './ui-stack.ts';

// The whole journey with the keyboard alone (Tab, arrows, Space, Enter and typing; no mouse, no
// programmatic fills), against the real back end: the wizard to an exported PEM set, then the
// dashboard's actions. After each action focus must be on its result, never on the page body,
// and axe finds nothing on any page.
let stack: UiStack;
before(async () => {
  stack = await startUiStack({ demo: true });
});
after(async () => stack?.stop());

/** Presses Tab until `target` has the focus; fails if it cannot be reached that way. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  await target.first().waitFor();
  for (let i = 0; i < max; i++) {
    if (await target.first().evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reachable with Tab: ${target.toString()}`);
}
async function press(page: Page, target: Locator, key: 'Enter' | 'Space' = 'Enter'): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press(key);
}
async function type(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.type(text);
}
const nextButton = (page: Page) => page.getByRole('button', { name: 'Next', exact: true });
async function next(page: Page): Promise<void> {
  await nextButton(page).and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
  await press(page, nextButton(page));
  await focusNotOnBody(page, 'Next');
}

/** Focus is somewhere meaningful (waits for the render that moves it); returns a short description. */
async function focusNotOnBody(page: Page, after: string, inside?: Locator): Promise<void> {
  const ok = await page
    .waitForFunction(() => document.activeElement !== null && document.activeElement !== document.body, undefined, { timeout: 10_000 })
    .then(() => true)
    .catch(() => false);
  assert.ok(ok, `after ${after}, focus fell to the page body`);
  if (!inside) return;
  // The result may render (and React replace it) a frame after focus left the button: ask again
  // until it holds, finding the element afresh each time.
  let onResult = false;
  for (const deadline = Date.now() + 10_000; !onResult && Date.now() < deadline;) {
    onResult = await inside.evaluate((el) => el.contains(document.activeElement)).catch(() => false);
    if (!onResult) await page.waitForTimeout(50);
  }
  assert.ok(onResult, `after ${after}, focus is on its result`);
}

test('the whole journey by keyboard alone: focus follows every action, axe finds nothing on any page', async () => {
  const { pebble, host, browser, exportDir } = stack;
  const page = await browser.context.newPage();
  await page.goto(host.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await assertNoAxeViolations(page, 'the empty dashboard');
  await press(page, newCertificate(page));
  await focusNotOnBody(page, 'New certificate');

  // CA: arrows move through the radio cards to "Another CA".
  await step(page, 'ca').waitFor();
  const another = page.getByRole('radio', { name: /Another CA/ });
  await tabTo(page, page.getByRole('radio', { checked: true }));
  for (let i = 0; i < 10 && !(await another.isChecked()); i++) await page.keyboard.press('ArrowDown');
  assert.ok(await another.isChecked());
  const url = page.getByRole('textbox', { name: 'Directory URL' });
  await tabTo(page, url);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(pebble.directoryUrl);
  await next(page);
  await press(page, page.getByRole('checkbox', { name: "I agree to the CA's terms of service" }), 'Space');
  await assertNoAxeViolations(page, 'the CA step');
  await next(page);

  // Account: create, then an encrypted backup.
  await step(page, 'account').waitFor();
  await assertNoAxeViolations(page, 'the account step');
  await press(page, page.getByRole('button', { name: 'Create account' }));
  await page
    .getByText(/\/my-account\/\w+/)
    .first()
    .waitFor();
  await focusNotOnBody(page, 'Create account', page.locator('.notice-ok').first());
  await type(page, page.getByLabel('Backup passphrase', { exact: true }), 'keyboard only passphrase');
  await type(page, page.getByLabel('Confirm passphrase'), 'keyboard only passphrase');
  const download = page.waitForEvent('download');
  await press(page, page.getByRole('button', { name: /Save encrypted backup/ }));
  await download;
  await focusNotOnBody(page, 'Save encrypted backup');
  await assertNoAxeViolations(page, 'the account step, account ready');
  await next(page);

  // Names, record (published in the demo DNS), check, issue.
  await step(page, 'names').waitFor();
  await type(page, page.getByLabel('Domain names, one per line'), 'keys.example.test');
  await assertNoAxeViolations(page, 'the names step');
  await next(page);
  await step(page, 'record').waitFor();
  await press(page, page.getByRole('button', { name: 'Publish it for me (demo DNS)' }));
  await page
    .getByText(/Published/i)
    .first()
    .waitFor();
  await focusNotOnBody(page, 'Publish it for me', page.locator('[data-step="record"] .focus-target'));
  await assertNoAxeViolations(page, 'the record step');
  await next(page);
  await step(page, 'check').waitFor();
  await nextButton(page).and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
  await assertNoAxeViolations(page, 'the check step');
  await next(page);
  await step(page, 'issue').waitFor();
  await press(page, page.getByRole('button', { name: 'Issue certificate' }));
  await step(page, 'issue').getByText('Certificate issued').waitFor({ timeout: 60_000 });
  await focusNotOnBody(page, 'Issue certificate', page.locator('[data-step="issue"] .focus-target'));
  await assertNoAxeViolations(page, 'the issue step');
  await next(page);

  // Export: the PEM set into a folder typed in.
  await step(page, 'export').waitFor();
  await assertNoAxeViolations(page, 'the export step');
  const folder = page.getByLabel('Folder');
  await tabTo(page, folder);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(path.join(exportDir, 'keys'));
  await press(page, page.getByRole('button', { name: 'Export', exact: true }));
  await page
    .getByText(/privkey\.pem/)
    .first()
    .waitFor();
  await focusNotOnBody(page, 'Export', page.locator('[data-step="export"] .focus-target'));
  await assertNoAxeViolations(page, 'the export step, exported');
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'keyboard-export.png'), fullPage: true });

  // The dashboard's actions.
  await press(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certificates' }));
  await focusNotOnBody(page, 'the Certificates link');
  const row = page.getByRole('table').locator('tbody tr').filter({ hasText: 'keys.example.test' });
  await row.locator('td.cell-renewal .badge').waitFor();
  await assertNoAxeViolations(page, 'the dashboard');
  await press(page, row.getByRole('button', { name: /Renew now/ }));
  await page.getByTestId('renewal-log').locator('li').first().waitFor({ timeout: 60_000 });
  await focusNotOnBody(page, 'Renew now', page.locator('.renewals .focus-target'));
  await press(page, page.getByRole('button', { name: 'Renew all due' }));
  await page.getByTestId('renewal-log').locator('li').nth(1).waitFor({ timeout: 30_000 });
  await focusNotOnBody(page, 'Renew all due', page.locator('.renewals .focus-target'));
  await press(
    page,
    page
      .getByRole('table')
      .locator('tbody tr')
      .filter({ hasText: 'keys.example.test' })
      .getByRole('button', { name: /Details/ }),
  );
  await focusNotOnBody(page, 'Details');
  await page.getByRole('heading', { name: 'Earlier certificates' }).waitFor();
  await assertNoAxeViolations(page, 'certificate details');
  await press(page, page.getByRole('button', { name: 'Export files' }));
  const detailsFolder = page.locator('.details').getByLabel('Folder');
  await tabTo(page, detailsFolder);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('relative/folder');
  await press(page, page.locator('.details').getByRole('button', { name: 'Export', exact: true }));
  await page.locator('.details').getByText('Nothing was exported').waitFor();
  await focusNotOnBody(page, 'Export from the details (refused)', page.locator('.details .export-form .focus-target'));
  await assertNoAxeViolations(page, 'certificate details, export refused');
  await press(page, page.getByRole('button', { name: 'Revoke…' }));
  await type(page, page.getByLabel(/to confirm/), 'keys.example.test');
  await press(page, page.getByRole('button', { name: 'Revoke certificate' }));
  await page.getByRole('alert', { name: 'No valid certificate for keys.example.test' }).waitFor({ timeout: 30_000 });
  await focusNotOnBody(page, 'Revoke certificate', page.locator('.details .details-head'));
  await assertNoAxeViolations(page, 'the dashboard after a revocation');

  for (const [link, heading] of [
    ['Accounts', 'Accounts'],
    ['Settings', 'Settings'],
  ] as const) {
    await press(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }));
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await focusNotOnBody(page, `the ${link} link`);
    await assertNoAxeViolations(page, `the ${link} page`);
  }
  await page.close();
});

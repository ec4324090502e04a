import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT, newCertificate, startUiStack, type UiStack } from './ui-stack.ts';

// The whole wizard with the keyboard alone (Tab, arrows, Space, Enter and typing; no mouse, no
// programmatic fills), against the real back end, to an exported PEM set.
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
}

test('the wizard, by keyboard alone, from the empty state to exported PEM files', async () => {
  const { pebble, host, browser, exportDir } = stack;
  const page = await browser.context.newPage();
  await page.goto(host.url);
  await press(page, newCertificate(page));

  // CA: arrows move through the radio cards to "Another CA".
  const another = page.getByRole('radio', { name: /Another CA/ });
  await tabTo(page, page.getByRole('radio', { checked: true }));
  for (let i = 0; i < 10 && !(await another.isChecked()); i++) await page.keyboard.press('ArrowDown');
  assert.ok(await another.isChecked());
  await type(page, page.getByRole('textbox', { name: 'Directory URL' }), pebble.directoryUrl);
  await next(page);
  await press(page, page.getByRole('checkbox', { name: "I agree to the CA's terms of service" }), 'Space');
  await next(page);

  // Account: create, then an encrypted backup.
  await press(page, page.getByRole('button', { name: 'Create account' }));
  await page.getByText(/\/my-account\/\w+/).first().waitFor();
  await type(page, page.getByLabel('Backup passphrase', { exact: true }), 'keyboard only passphrase');
  await type(page, page.getByLabel('Confirm passphrase'), 'keyboard only passphrase');
  const download = page.waitForEvent('download');
  await press(page, page.getByRole('button', { name: /Save encrypted backup/ }));
  await download;
  await next(page);

  // Names, record (published in the demo DNS), check, issue.
  await type(page, page.getByLabel('Domain names, one per line'), 'keys.example.test');
  await next(page);
  await press(page, page.getByRole('button', { name: 'Publish it for me (demo DNS)' }));
  await page.getByText(/Published/i).first().waitFor();
  await next(page);
  await next(page);
  await press(page, page.getByRole('button', { name: 'Issue certificate' }));
  await next(page);

  // Export: the PEM set into a folder typed in.
  const folder = page.getByLabel('Folder');
  await tabTo(page, folder);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(path.join(exportDir, 'keys'));
  await press(page, page.getByRole('button', { name: 'Export', exact: true }));
  await page.getByText(/privkey\.pem/).first().waitFor();
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'keyboard-export.png'), fullPage: true });
  await page.close();
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startUiStack, type UiStack } from './ui-stack.ts';

// The settings page against the real back end (web host, core, the session's keychain): a webhook
// URL that carries a token is a password, so settings.json never holds it and the page shows it
// redacted.
let stack: UiStack;
before(async () => {
  stack = await startUiStack();
});
after(async () => stack?.stop());

test(
  'a webhook URL with a token: saved to the keychain, shown redacted, refused when edited around the redaction',
  { timeout: 60_000 },
  async () => {
    const page = await stack.browser.context.newPage();
    await page.goto(stack.host.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const field = page.getByLabel('Webhook URL for renewal notices (optional)');
    await field.fill('https://hooks.example.test/persistcert?token=e2e-s3cret-token');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved', { exact: true }).waitFor();

    const shown = 'https://hooks.example.test/persistcert?token=[redacted]';
    assert.equal(await field.inputValue(), shown);
    await page.getByText(/token is kept in your keychain or encrypted keystore/).waitFor();
    const file = readFileSync(path.join(stack.dataDir, 'settings.json'), 'utf8');
    assert.ok(!file.includes('e2e-s3cret-token'), `settings.json holds no token: ${file}`);

    // Edited around the redaction, it is no address: said at the field, and not saved.
    await field.fill(shown.replace('persistcert', 'other'));
    await page.getByText(/Paste the whole address again/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save settings' }).isDisabled(), true);

    // A reload shows what was saved: the redacted URL, the token still kept.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByText(/token is kept in your keychain or encrypted keystore/).waitFor();
    assert.equal(await field.inputValue(), shown);
    await page.close();
  },
);

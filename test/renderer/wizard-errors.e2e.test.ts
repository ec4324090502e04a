import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startPebble, type PebbleInstance } from '../env/pebble.ts';
import { ROOT, freshWizard, startUiStack, step, type UiStack } from './ui-stack.ts';
import { startFaultProxy, type FaultProxy } from '../env/fault-proxy.ts';

// The error paths a user meets, through the real UI and the real back end: each must show the
// reason in plain words (and the fix) where the user is.
const shots = path.join(ROOT, 'test-results', 'wizard-errors');
let stack: UiStack;
let eabPebble: PebbleInstance;
let noPersist: FaultProxy;

before(async () => {
  mkdirSync(shots, { recursive: true });
  stack = await startUiStack();
  const s0 = stack.dns.servers[0]!;
  eabPebble = await startPebble({ dnsServer: `${s0.address}:${s0.port}`, eabRequired: true });
  // A CA that does not offer dns-persist-01: Pebble seen through a proxy that renames the type.
  noPersist = await startFaultProxy(new URL(stack.pebble.directoryUrl).origin, stack.pebble.caBundlePem, {
    bodyRewrites: [['"dns-persist-01"', '"dns-99"']],
  });
});
after(async () => {
  await noPersist?.stop();
  await eabPebble?.stop();
  await stack?.stop();
});

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click();

/** CA, account (declining the backup explicitly), names and record, up to the Check step. */
async function toCheck(page: Page, directoryUrl: string, name: string): Promise<string> {
  await page.goto(stack.host.url);
  await freshWizard(page);
  await step(page, 'ca').waitFor();
  await page.getByRole('radio', { name: /Another CA/ }).check();
  await page.getByRole('textbox', { name: 'Directory URL' }).fill(directoryUrl);
  await next(page);
  await page.getByLabel("I agree to the CA's terms of service").check();
  await next(page);
  await step(page, 'account').waitFor();
  // A CA this data directory already has an account at offers it; these tests want a fresh one.
  const create = page.getByRole('radio', { name: 'Create a new account' });
  if (await create.isVisible()) await create.check();
  await page.getByRole('button', { name: 'Create account' }).click();
  const accountUrl = (await page
    .getByText(/\/my-account\/\w+/)
    .first()
    .textContent())!.match(/https:\/\/\S+\/my-account\/\w+/)![0];
  await page.getByLabel(/I understand that if this key is lost/).check();
  await page.getByRole('button', { name: 'Continue without a backup' }).click();
  await next(page);
  await step(page, 'names').waitFor();
  await page.getByLabel('Domain names, one per line').fill(name);
  await next(page);
  await step(page, 'record').waitFor();
  await next(page);
  await step(page, 'check').waitFor();
  return accountUrl;
}

test('the record missing on one authoritative server: that row says so', async () => {
  const page = await stack.browser.context.newPage();
  const name = 'lagging.example.test';
  // Publish on the first server only, after learning the account URL.
  const accountUrl = await toCheck(page, stack.pebble.directoryUrl, name);
  await stack.dns.publishTxt(`_validation-persist.${name}.`, `pebble.letsencrypt.org; accounturi=${accountUrl}`, { servers: [0] });
  await page.getByRole('button', { name: 'Check now' }).click();
  const row = page.getByRole('row', { name: /ns2\.example\.test/ });
  await row.getByText('Not visible yet').first().waitFor();
  await assert.doesNotReject(
    page
      .getByRole('row', { name: /ns1\.example\.test/ })
      .getByText(/Record found/)
      .first()
      .waitFor(),
  );
  await page.screenshot({ path: path.join(shots, 'lagging.png'), fullPage: true });
  await page.close();
});

test('a record naming another account: the reason and the fix', async () => {
  const page = await stack.browser.context.newPage();
  const name = 'otheracct.example.test';
  await stack.dns.publishTxt(`_validation-persist.${name}.`, 'pebble.letsencrypt.org; accounturi=https://127.0.0.1:1/my-account/999');
  await toCheck(page, stack.pebble.directoryUrl, name);
  await page
    .getByText(/names the account https:\/\/127\.0\.0\.1:1\/my-account\/999/)
    .first()
    .waitFor();
  // A conflict with ways out, not a "not ready yet" countdown; its fix keeps the other account's record.
  const conflict = page.getByRole('region', { name: 'The record names another account' });
  await conflict.waitFor();
  assert.equal(await page.getByText(/Checking again in/).count(), 0, 'no countdown: waiting does not fix this');
  assert.match(await page.locator('.check-summary').innerText(), /names another account/);
  assert.doesNotMatch(await page.locator('[data-step="check"]').innerText(), /Change accounturi/);
  await page
    .getByText(/Keep th(?:is|at) record \(the account it names relies on it\) and add a second/)
    .first()
    .waitFor();
  assert.match(await conflict.innerText(), /restore its backup on the Accounts page/, 'that account is not here: how to use it instead');
  await page.screenshot({ path: path.join(shots, 'other-account.png'), fullPage: true });
  await conflict.getByRole('button', { name: 'Add a second record for this account' }).click();
  await step(page, 'record').waitFor();
  const value = (await page.locator('[data-step="record"] code.record-value').nth(1).textContent())!.trim();
  assert.match(value, /accounturi=https:\/\/127\.0\.0\.1:\d+\/my-account\//);
  await stack.dns.publishTxt(`_validation-persist.${name}.`, value);
  await next(page);
  await step(page, 'check').waitFor();
  await page.getByRole('button', { name: 'Next', exact: true }).and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
  const seen = await stack.dns.queryTxt(`_validation-persist.${name}`);
  assert.equal(seen.length, 2, 'both records stand: the other account keeps its own');
  await page.close();
});

test('an upper-case issuer: the check table and the findings say which CA refuses it, and the fix', async () => {
  const page = await stack.browser.context.newPage();
  const name = 'upper.example.test';
  const accountUrl = await toCheck(page, stack.pebble.directoryUrl, name);
  await stack.dns.publishTxt(`_validation-persist.${name}.`, `PEBBLE.LETSENCRYPT.ORG; accounturi=${accountUrl}; note=café`);
  await page.getByRole('button', { name: 'Check now' }).click();
  const row = page.getByRole('row', { name: /ns1\.example\.test/ });
  await row.getByText('Malformed record').first().waitFor();
  const rowText = await row.innerText();
  assert.match(rowText, /written in upper case/);
  assert.match(rowText, /Fix: Write the issuer exactly as "pebble\.letsencrypt\.org"/);
  assert.match(rowText, /Refused by Pebble; accepted by Let's Encrypt \(Boulder\)\./);
  assert.ok(rowText.includes('note=caf\\195\\169'), `non-ASCII shown as the CA sees it: ${rowText}`);
  const findings = await page.getByRole('list', { name: 'Findings' }).innerText();
  assert.match(findings, /Refused by Pebble; accepted by Let's Encrypt \(Boulder\)\.\s+Fix: Write the issuer exactly/);
  // Every problem and warning in the list has its fix.
  // Read in one go: the list can re-render between a count and a read while answers arrive.
  for (const text of await page.getByRole('list', { name: 'Findings' }).locator('li.finding-error, li.finding-warning').allInnerTexts()) {
    assert.match(text, /Fix: /);
  }
  await page.screenshot({ path: path.join(shots, 'upper-case-issuer.png'), fullPage: true });
  await page.close();
});

test('a CA that does not offer dns-persist-01: said plainly, with what it offers', async () => {
  const page = await stack.browser.context.newPage();
  await toCheck(page, `${noPersist.url}/dir`, 'nopersist.example.test');
  await page
    .getByText(/does not offer dns-persist-01/)
    .first()
    .waitFor({ timeout: 20_000 });
  await page.screenshot({ path: path.join(shots, 'no-dns-persist.png'), fullPage: true });
  await page.close();
});

test('EAB required but missing: the CA step asks for it and explains', async () => {
  const page = await stack.browser.context.newPage();
  await page.goto(stack.host.url);
  await freshWizard(page);
  await page.getByRole('radio', { name: /Another CA/ }).check();
  await page.getByRole('textbox', { name: 'Directory URL' }).fill(eabPebble.directoryUrl);
  await next(page);
  await page.getByLabel('EAB key ID').waitFor();
  await page
    .getByText(/EAB|External Account Binding/)
    .first()
    .waitFor();
  await page.getByLabel("I agree to the CA's terms of service").check();
  // Without the credentials the wizard does not go on, and says what is missing.
  const nextButton = page.getByRole('button', { name: 'Next', exact: true });
  assert.equal(await nextButton.isDisabled(), true);
  await page.getByText('Fill in what the CA asks for above').first().waitFor();
  await page
    .getByText(/Copy the key ID and HMAC key from the CA's dashboard/)
    .first()
    .waitFor();
  assert.equal(await step(page, 'account').count(), 0);
  // With them it goes on, and the account is created with EAB.
  const [kid, hmacKey] = Object.entries(eabPebble.eabKeys)[0]!;
  await page.getByLabel('EAB key ID').fill(kid);
  await page.getByLabel('EAB HMAC key').fill(hmacKey);
  await next(page);
  await step(page, 'account').waitFor();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page
    .getByText(/\/my-account\/\w+/)
    .first()
    .waitFor();
  await page.screenshot({ path: path.join(shots, 'eab-missing.png'), fullPage: true });
  await page.close();
});

/** The web host's API as the page calls it (token header, same origin). */
async function callApi(
  method: string,
  params: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string; fix?: string } }> {
  const url = new URL(stack.host.url);
  const res = await fetch(`${url.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-persistcert-token': url.searchParams.get('token') ?? '', origin: url.origin },
    body: JSON.stringify(params),
  });
  return (await res.json()) as never;
}

test("smaller fixes: a CA's error goes with that CA; a bad email is marked without the app's mailto:; restoring a present account names no internal id", async () => {
  const page = await stack.browser.context.newPage();
  await page.goto(stack.host.url);
  await freshWizard(page);
  await page.getByRole('radio', { name: /Another CA/ }).check();
  const url = page.getByRole('textbox', { name: 'Directory URL' });
  await url.fill('https://127.0.0.1:1/dir');
  await next(page);
  const caError = page.getByText("The CA's directory could not be read");
  await caError.waitFor({ timeout: 20_000 });
  await url.fill(stack.pebble.directoryUrl);
  assert.equal(await caError.count(), 0, 'the error about the other CA is gone');
  await next(page);
  await page.getByLabel("I agree to the CA's terms of service").check();
  await next(page);
  await step(page, 'account').waitFor();
  const create = page.getByRole('radio', { name: 'Create a new account' });
  if (await create.isVisible()) await create.check();
  const email = page.getByLabel('Email (optional)');
  await email.fill('not-an-email');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('"not-an-email" is not an email address').waitFor();
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  assert.equal(await email.evaluate((el) => el === document.activeElement), true, 'focus on the field to fix');
  assert.doesNotMatch(await step(page, 'account').innerText(), /mailto:/);
  await page.close();

  // The core refuses it too (the contract's other clients), in words about what was typed.
  const accounts = await callApi('listAccounts', {});
  const account = (accounts.value as { id: string; directoryUrl: string }[]).find((a) => a.directoryUrl === stack.pebble.directoryUrl)!;
  const bad = await callApi('createAccount', { directoryUrl: stack.pebble.directoryUrl, contact: ['bad@'], agreeToTerms: true });
  assert.equal(bad.ok, false);
  assert.match(bad.error!.message, /"bad@" is not an email address/);
  assert.doesNotMatch(bad.error!.message, /mailto:/);
  const backup = await callApi('backupAccount', { accountId: account.id, passphrase: 'a passphrase long enough' });
  assert.ok(backup.ok, JSON.stringify(backup));
  const again = await callApi('restoreAccount', {
    content: (backup.value as { content: string }).content,
    passphrase: 'a passphrase long enough',
  });
  assert.equal(again.ok, false);
  assert.match(again.error!.message, /is already here: nothing to restore/);
  assert.doesNotMatch(again.error!.message, new RegExp(account.id), 'no internal id');
});

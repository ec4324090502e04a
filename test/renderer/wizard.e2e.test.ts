import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, freshWizard, startUiStack, step, type UiStack } from './ui-stack.ts';

// A fresh user, in real Chromium, against the real web host wired to Pebble 2.10 + BIND and the
// real keychain: from the empty state through every wizard step to a PFX that openssl reads.
const shots = path.join(ROOT, 'test-results', 'wizard-e2e');
let stack: UiStack;

before(async () => {
  mkdirSync(shots, { recursive: true });
  stack = await startUiStack({ demo: true });
});
after(async () => stack?.stop());

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}
let exportedPassword = '';
const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click();

test('a fresh user walks every wizard step to a PFX that openssl reads', async (t) => {
  if (!existsSync(path.join(ROOT, 'dist/renderer/index.html'))) return t.skip('the UI is not built (npm test builds it)');
  const { pebble, host, browser, exportDir } = stack;
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  await shot(page, '0-start');

  // 1. CA: the sandbox's Pebble as "another CA", then the terms it publishes.
  await freshWizard(page);
  await step(page, 'ca').waitFor();
  // The demo preselects its own CA, not a production CA that cannot work here.
  assert.equal(await page.getByRole('radio', { name: /Another CA/ }).isChecked(), true, 'the demo CA is preselected');
  assert.equal(await page.getByRole('textbox', { name: 'Directory URL' }).inputValue(), pebble.directoryUrl);
  await page.getByRole('radio', { name: /Another CA/ }).check();
  await page.getByRole('textbox', { name: 'Directory URL' }).fill(pebble.directoryUrl);
  await next(page);
  const tos = page.getByLabel("I agree to the CA's terms of service");
  await tos.waitFor();
  await tos.check();
  await shot(page, '1-ca');
  await next(page);

  // 2. Account: create it, then the encrypted backup before anything else.
  await step(page, 'account').waitFor();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page
    .getByText(/my-account\/\w+/)
    .first()
    .waitFor();
  await page.getByLabel('Backup passphrase', { exact: true }).fill('correct horse battery staple');
  await page.getByLabel('Confirm passphrase').fill('correct horse battery staple');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Save encrypted backup/ }).click();
  const backup = await download;
  const bundle = JSON.parse(readFileSync((await backup.path())!, 'utf8'));
  assert.equal(bundle.format, 'persistcert-account-backup');
  await shot(page, '2-account');
  await next(page);

  // 3. Names.
  await step(page, 'names').waitFor();
  await page.getByLabel('Domain names, one per line').fill('www.example.test\n*.www.example.test');
  await shot(page, '3-names');
  await next(page);

  // 4. Record: the value names this account; the demo publishes it in BIND.
  await step(page, 'record').waitFor();
  await page.getByText('_validation-persist.www.example.test').first().waitFor();
  await page
    .getByText(/policy=wildcard/)
    .first()
    .waitFor();
  // www.example.test and *.www.example.test share ONE record (policy=wildcard), not two at one name.
  const cards = step(page, 'record').locator('.record-card');
  assert.equal(await cards.count(), 1);
  assert.match(await cards.innerText(), /www\.example\.test and \*\.www\.example\.test[\s\S]*; policy=wildcard/);
  assert.equal(await step(page, 'record').getByRole('button', { name: 'Copy value' }).count(), 1);
  await page.getByRole('button', { name: 'Publish it for me (demo DNS)' }).click();
  await step(page, 'record').getByRole('status').getByText('Published 1 record on the demo DNS server').waitFor();
  await shot(page, '4-record');
  await next(page);

  // 5. Check: every authoritative server and the resolver see it.
  await step(page, 'check').waitFor();
  await page
    .getByText(/ns2\.example\.test/)
    .first()
    .waitFor();
  await page.getByRole('button', { name: 'Next', exact: true }).and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
  await shot(page, '5-check');
  await next(page);

  // 6. Issue.
  await step(page, 'issue').waitFor();
  await page.getByRole('button', { name: 'Issue certificate' }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
  await shot(page, '6-issue');
  await next(page);

  // 7. Export: a Legacy PFX with a generated password, read by openssl.
  await step(page, 'export').waitFor();
  await page.getByLabel(/PFX \/ PKCS#12/).check();
  await page.getByRole('radio', { name: /Legacy/ }).check();
  const pfxPath = path.join(exportDir, 'www.pfx');
  await page.getByLabel('File path').fill(pfxPath);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const password = (await page.locator('.generated-password code.password').textContent())?.trim() ?? '';
  assert.match(password, /^[A-Z0-9-]{20,}$/);
  exportedPassword = password;
  await page.getByText('Renewed certificates will be written here too.').waitFor();
  await shot(page, '7-export');
  const info = spawnSync('openssl', ['pkcs12', '-info', '-noout', '-in', pfxPath, '-passin', `pass:${password}`], { encoding: 'utf8' });
  assert.equal(info.status, 0, info.stderr);
  assert.match(info.stderr + info.stdout, /pbeWithSHA1And3-KeyTripleDES-CBC/);
  assert.deepEqual(errors, []);
});

test("the wizard's export becomes the renewal target: a forced renewal writes a new PFX there, with the same password", async () => {
  const pfxPath = path.join(stack.exportDir, 'www.pfx');
  const list = (await callApi('listCertificates', {})) as { value: { id: string; names: string[]; status: string; serial: string }[] };
  const cert = list.value.find((c) => c.names.includes('www.example.test') && c.status === 'valid')!;
  const settings = (await callApi('getRenewalSettings', { certificateId: cert.id })) as { ok: boolean; value: { pfx: unknown } };
  assert.deepEqual(settings.value.pfx, { path: pfxPath, compatibility: 'legacy', hasPassword: true }, JSON.stringify(settings));
  const before = spawnSync('openssl', ['pkcs12', '-in', pfxPath, '-nokeys', '-passin', `pass:${exportedPassword}`], { encoding: 'utf8' });
  const serialOf = (pem: string) => spawnSync('openssl', ['x509', '-noout', '-serial'], { input: pem, encoding: 'utf8' }).stdout.trim();
  const renewed = await stack.renewNow({ certificateId: cert.id, force: true });
  assert.equal(renewed[0]?.action, 'renewed', JSON.stringify(renewed));
  const after = spawnSync('openssl', ['pkcs12', '-in', pfxPath, '-nokeys', '-passin', `pass:${exportedPassword}`], { encoding: 'utf8' });
  assert.equal(after.status, 0, `the renewed PFX opens with the password chosen at export: ${after.stderr}`);
  assert.notEqual(serialOf(after.stdout), serialOf(before.stdout), 'a new certificate was written there');
});

test('right after issuance the dashboard shows the real renewal date, not "Renewal due"', async (t) => {
  if (!existsSync(path.join(ROOT, 'dist/renderer/index.html'))) return t.skip('the UI is not built (npm test builds it)');
  const page = await stack.browser.context.newPage();
  await page.goto(`${stack.host.url}#/certificates`);
  const row = page
    .getByRole('table')
    .locator('tbody tr')
    .filter({ hasText: 'www.example.test' })
    .filter({ hasNotText: 'Replaced' })
    .first();
  await row.locator('td.cell-renewal .badge').waitFor(); // the renewal overview has arrived
  const text = await row.innerText();
  assert.doesNotMatch(text, /Renewal due/, text);
  assert.match(text, /On track/);
  // Without renewal information yet, the moment is two thirds into the lifetime: weeks away, not today.
  const body = (await callApi('renewalOverview', {})) as {
    ok: boolean;
    value: { items: { names: string[]; renewAt: string | null; nextCheckAt: string | null }[] };
  };
  assert.ok(body.ok, JSON.stringify(body));
  const item = body.value.items.find((i) => i.names.includes('www.example.test'));
  assert.ok(item?.renewAt, `a renewal moment: ${JSON.stringify(body)}`);
  assert.ok(Date.parse(item.renewAt) - Date.now() > 20 * 86_400_000, `renews in weeks, not now: ${item.renewAt}`);
  assert.match(text, new RegExp(new Date(item.renewAt).getUTCFullYear().toString()), 'the row shows that date');
  await page.close();
});

/** The web host's API as the page calls it (token header, same origin). */
async function callApi(method: string, params: unknown): Promise<unknown> {
  const url = new URL(stack.host.url);
  const res = await fetch(`${url.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-persistcert-token': url.searchParams.get('token') ?? '', origin: url.origin },
    body: JSON.stringify(params),
  });
  return res.json();
}

test('an export to a relative path is refused with the fix, and nothing lands in the working folder', async () => {
  const list = (await callApi('listCertificates', {})) as { ok: boolean; value: { id: string; names: string[] }[] };
  assert.ok(list.ok, JSON.stringify(list));
  const cert = list.value.find((c) => c.names.includes('www.example.test'))!;
  const before = readdirSync(process.cwd()).sort();
  for (const [method, params] of [
    ['exportPem', { certificateId: cert.id, dir: 'exports/site', keyFormat: 'pkcs8', overwrite: false }],
    ['exportPfx', { certificateId: cert.id, path: 'site.pfx', compatibility: 'modern', allowEmptyPassword: false, overwrite: false }],
  ] as const) {
    const r = (await callApi(method, params)) as { ok: boolean; error?: { code: string; message: string } };
    assert.equal(r.ok, false, method);
    assert.equal(r.error?.code, 'bad-request');
    assert.match(r.error?.message ?? '', /is not a full path: give the whole path/);
  }
  assert.deepEqual(readdirSync(process.cwd()).sort(), before);
});

test('the core refuses a silent second certificate for the same names, and an unknown replacement', async () => {
  const list = (await callApi('listCertificates', {})) as { value: { id: string; accountId: string; names: string[]; status: string }[] };
  const cert = list.value.find((c) => c.names.includes('www.example.test') && c.status === 'valid')!;
  for (const [params, message] of [
    [{}, /www\.example\.test, \*\.www\.example\.test already have a valid certificate/],
    [{ replacesCertificateId: 'no-such-certificate' }, /There is no valid certificate no-such-certificate/],
  ] as const) {
    const r = (await callApi('startIssue', {
      accountId: cert.accountId,
      names: ['www.example.test', '*.www.example.test'],
      keyType: 'ec-p256',
      ...params,
    })) as { ok: boolean; error?: { code: string; message: string } };
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.equal(r.error?.code, 'bad-request');
    assert.match(r.error?.message ?? '', message);
  }
});

test('a second wizard for the same names offers renew or replace; a replacement takes the place of the old one, which folds into "Earlier certificates"', async (t) => {
  if (!existsSync(path.join(ROOT, 'dist/renderer/index.html'))) return t.skip('the UI is not built (npm test builds it)');
  const before = (await callApi('listCertificates', {})) as { value: { id: string; names: string[]; status: string }[] };
  const old = before.value.find((c) => c.names.includes('www.example.test') && c.status === 'valid')!;
  const replacedBefore = before.value.filter((c) => c.names.includes('www.example.test') && c.status === 'replaced').length;
  const page = await stack.browser.context.newPage();
  await page.goto(stack.host.url);
  await freshWizard(page);
  await step(page, 'ca').waitFor();
  await next(page);
  // The CA's terms come up once its directory has been read (unless already agreed): wait for
  // whichever comes first rather than look before the directory answered.
  const tos = page.getByLabel("I agree to the CA's terms of service");
  await tos.or(step(page, 'account')).first().waitFor();
  if (await tos.isVisible()) {
    await tos.check();
    await next(page);
  }
  await step(page, 'account').waitFor();
  await page.getByRole('radio', { name: 'Use an existing account' }).check();
  await page
    .getByRole('radio', { name: /my-account/ })
    .first()
    .check();
  await page.getByRole('button', { name: 'Use this account' }).click();
  await next(page);
  await step(page, 'names').waitFor();
  await page.getByLabel('Domain names, one per line').fill('www.example.test\n*.www.example.test');
  const notice = page.getByRole('heading', { name: /already have a valid certificate/ });
  await notice.waitFor();
  assert.match(await notice.innerText(), /www\.example\.test, \*\.www\.example\.test already have a valid certificate/);
  const nextButton = page.getByRole('button', { name: 'Next', exact: true });
  assert.equal(await nextButton.isDisabled(), true, 'no duplicate without a choice');
  assert.equal(await page.getByRole('button', { name: 'Renew it now' }).count(), 1);
  await page.getByRole('button', { name: 'Replace it with a new certificate' }).click();
  const chosen = page.getByRole('status').filter({ hasText: 'The new certificate will replace it' });
  await chosen.waitFor();
  assert.equal(await chosen.evaluate((el) => el === document.activeElement), true, 'focus moves to the choice made');
  assert.equal(await nextButton.isDisabled(), false, 'a replacement may go on');
  await next(page);
  await step(page, 'record').waitFor();
  await page.getByRole('button', { name: 'Publish it for me (demo DNS)' }).click();
  await page
    .getByText(/Published/i)
    .first()
    .waitFor();
  await next(page);
  await step(page, 'check').waitFor();
  await nextButton.and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
  await next(page);
  await step(page, 'issue').waitFor();
  await page.getByRole('button', { name: 'Issue certificate' }).click();
  await nextButton.and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });

  const after = (await callApi('listCertificates', {})) as { value: { id: string; names: string[]; status: string }[] };
  const site = after.value.filter((c) => c.names.includes('www.example.test'));
  assert.equal(
    site.filter((c) => c.status === 'valid').length,
    1,
    `one valid certificate for the names: ${JSON.stringify(site.map((c) => c.status))}`,
  );
  assert.equal(site.find((c) => c.id === old.id)?.status, 'replaced');
  const current = site.find((c) => c.status === 'valid')!;
  const settings = (await callApi('getRenewalSettings', { certificateId: current.id })) as { value: { pfx: { path: string } | null } };
  assert.equal(settings.value.pfx?.path, path.join(stack.exportDir, 'www.pfx'), 'the replacement keeps the deploy target');

  await page.goto(`${stack.host.url}#/certificates`);
  const rows = page.getByRole('table').locator('tbody tr').filter({ hasText: 'www.example.test' });
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1, 'replaced certificates are not rows');
  assert.equal(await page.locator('.tl-row').count(), 1, 'nor timeline bars');
  await rows
    .first()
    .getByRole('button', { name: /Details/ })
    .click();
  const earlier = page.getByRole('heading', { name: 'Earlier certificates' });
  await earlier.waitFor();
  assert.equal(
    await page.locator('.details ol.history').last().locator('li').count(),
    replacedBefore + 1,
    'every replaced certificate is in the history',
  );
  await page.close();
});

test('after a revocation the site gets a banner with "Issue a replacement", which starts the wizard for the same names; Export is gone', async (t) => {
  if (!existsSync(path.join(ROOT, 'dist/renderer/index.html'))) return t.skip('the UI is not built (npm test builds it)');
  const list = (await callApi('listCertificates', {})) as { value: { id: string; names: string[]; status: string }[] };
  const cert = list.value.find((c) => c.names.includes('www.example.test') && c.status === 'valid')!;
  const revoked = (await callApi('revokeCertificate', { certificateId: cert.id, reason: 'superseded', confirm: 'www.example.test' })) as {
    ok: boolean;
  };
  assert.ok(revoked.ok, JSON.stringify(revoked));
  const page = await stack.browser.context.newPage();
  await page.goto(`${stack.host.url}#/certificates`);
  const banner = page.getByRole('alert', { name: 'No valid certificate for www.example.test' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /www\.example\.test, \*\.www\.example\.test have no valid certificate: the last one was revoked/);
  const row = page
    .getByRole('table')
    .locator('tbody tr')
    .filter({ hasText: 'www.example.test' })
    .filter({ hasNotText: 'Replaced' })
    .first();
  assert.doesNotMatch(await row.innerText(), /On track/);
  assert.match(await page.locator('.legend').innerText(), /Revoked/, 'grey bars have a legend entry');
  await row.getByRole('button', { name: /Details/ }).click();
  assert.equal(await page.getByRole('button', { name: 'Export files' }).count(), 0, 'no export of a revoked certificate');
  await banner.getByRole('button', { name: 'Issue a replacement' }).click();
  await step(page, 'ca').waitFor();
  await page.close();
});

test('the wizard keeps its work: a reload after the record step resumes at the check step, and another window offers "Resume"', async (t) => {
  if (!existsSync(path.join(ROOT, 'dist/renderer/index.html'))) return t.skip('the UI is not built (npm test builds it)');
  const page = await stack.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(stack.host.url);
  await freshWizard(page);
  await step(page, 'ca').waitFor();
  await next(page);
  const tos = page.getByLabel("I agree to the CA's terms of service");
  await tos.or(step(page, 'account')).first().waitFor();
  if (await tos.isVisible()) {
    await tos.check();
    await next(page);
  }
  await step(page, 'account').waitFor();
  await page.getByRole('radio', { name: 'Use an existing account' }).check();
  await page
    .getByRole('radio', { name: /my-account/ })
    .first()
    .check();
  await page.getByRole('button', { name: 'Use this account' }).click();
  await next(page);
  await step(page, 'names').waitFor();
  await page.getByLabel('Domain names, one per line').fill('resume.example.test');
  await next(page);
  await step(page, 'record').waitFor();
  await page.getByRole('button', { name: 'Publish it for me (demo DNS)' }).click();
  await page
    .getByText(/Published/i)
    .first()
    .waitFor();
  await next(page);
  await step(page, 'check').waitFor();
  // The core has the draft once the save lands (a readiness signal, not a timing).
  for (let i = 0; ; i++) {
    const saved = (await callApi('getWizardDraft', {})) as {
      value: { draft: { step: string; namesText: string; published: boolean } | null };
    };
    if (saved.value.draft?.step === 'check') {
      assert.equal(saved.value.draft.namesText, 'resume.example.test');
      assert.equal(saved.value.draft.published, true);
      break;
    }
    assert.ok(i < 200, `the draft reaches the check step: ${JSON.stringify(saved)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.doesNotMatch(page.url(), /token=/, 'the token is not left in the address bar');

  await page.reload();
  await step(page, 'check').waitFor();
  assert.doesNotMatch(page.url(), /token=/);
  assert.match(page.url(), /#\/new$/, 'back at the same place');
  await page
    .getByText(/resume\.example\.test/)
    .first()
    .waitFor();
  await page.getByRole('button', { name: 'Next', exact: true }).and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });

  // A new window (its own session) opens on the dashboard and offers the unfinished wizard.
  const other = await stack.browser.context.newPage();
  await other.goto(`${stack.host.url}#/certificates`);
  const notice = other.getByRole('region', { name: 'Unfinished certificate' });
  await notice.waitFor();
  assert.match(await notice.innerText(), /Waiting for DNS for resume\.example\.test/);
  await notice.getByRole('button', { name: 'Resume' }).click();
  await step(other, 'check').waitFor();
  await other.close();
  await page.close();
  assert.deepEqual(errors, []);
});

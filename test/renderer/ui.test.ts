// The renderer in real Chromium against a scripted fake API (no main process): the built bundle
// from dist/renderer (run `npx vite build` first) is served by a tiny loopback static server, and
// `window.persistcert` is injected before the page's scripts. The wizard is walked from the CA to
// the export step by keyboard and by clicks; the dashboard is checked with two certificates.
// Each view is audited with axe-core (a devDependency; AXE_CORE_PATH overrides where it is read from).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { CA_PRESETS } from '../../shared/ca-presets.ts';
import { launchChromium, type LaunchedChromium } from '../env/chromium.ts';
import { fakeApiScript, makeFixture } from './fake-api.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const distDir = join(root, 'dist', 'renderer');
const resultsDir = join(root, 'test-results');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

let server: Server;
const TOKEN = 'tok-123/+=';
/** What the loopback web host stand-in saw: calls with their token header, and event streams. */
const host = { calls: [] as { method: string; token: string; body: unknown }[], streams: [] as { token: string; res: ServerResponse }[] };
const fixture = makeFixture(CA_PRESETS);

/** A stand-in for the loopback web host's API (the real one is tested end to end by the lead). */
function webHost(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const json = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  if (url.pathname === '/api/events') {
    const token = url.searchParams.get('token') ?? '';
    if (token !== TOKEN) {
      json(401, { ok: false, error: { code: 'bad-request', message: 'Wrong token' } });
      return true;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(': connected\n\n');
    host.streams.push({ token, res });
    return true;
  }
  const m = /^\/api\/call\/([A-Za-z]+)$/.exec(url.pathname);
  if (!m) return false;
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString()));
  req.on('end', () => {
    const token = String(req.headers['x-persistcert-token'] ?? '');
    host.calls.push({ method: m[1]!, token, body: raw ? JSON.parse(raw) : undefined });
    if (req.method !== 'POST' || req.headers['content-type'] !== 'application/json') return json(400, { ok: false, error: { code: 'bad-request', message: 'POST JSON only' } });
    if (token !== TOKEN) return json(401, { ok: false, error: { code: 'bad-request', message: 'This page is not signed in to PersistCert', fix: 'Open the address "persistcert start" printed.' } });
    switch (m[1]) {
      case 'appInfo':
        return json(200, { ok: true, value: fixture.appInfo });
      case 'caPresets':
        return json(200, { ok: true, value: fixture.presets });
      case 'listCertificates':
      case 'listAccounts':
        return json(200, { ok: true, value: [] });
      case 'getSettings':
        return json(500, { ok: false, error: { code: 'storage', message: 'The settings file could not be read.', fix: 'Restore settings.json from a backup, or delete it to start afresh.', problem: { path: '/x/settings.json', errno: -5 } } });
      default:
        return json(404, { ok: false, error: { code: 'not-found', message: `No method ${m[1]}` } });
    }
  });
  return true;
}
let origin = '';
let browser: LaunchedChromium;
let axeSource: string | null = null;

function serveStatic(): Promise<void> {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (webHost(req, res, url)) return;
    const rel = decodeURIComponent(url.pathname) === '/' ? 'index.html' : decodeURIComponent(url.pathname).slice(1);
    const file = normalize(join(distDir, rel));
    if (!file.startsWith(distDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(body);
      },
      () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      if (addr && typeof addr === 'object') origin = `http://127.0.0.1:${addr.port}`;
      resolve();
    }),
  );
}

/** axe-core's source: from AXE_CORE_PATH (a file or the package folder) or the installed package. */
async function loadAxe(): Promise<string | null> {
  const candidates: string[] = [];
  if (process.env['AXE_CORE_PATH']) candidates.push(process.env['AXE_CORE_PATH']);
  try {
    candidates.push(createRequire(import.meta.url).resolve('axe-core/axe.min.js'));
  } catch {
    // not installed
  }
  for (const c of candidates) {
    const file = c.endsWith('.js') ? c : join(c, 'axe.min.js');
    if (existsSync(file)) return readFile(file, 'utf8');
  }
  return null;
}

before(async () => {
  assert.ok(existsSync(join(distDir, 'index.html')), 'dist/renderer is missing: run `npx vite build` first');
  await mkdir(resultsDir, { recursive: true });
  axeSource = await loadAxe();
  // axe-core is a devDependency: without it the accessibility audits would silently pass.
  assert.ok(axeSource, 'axe-core not found: run npm ci (it is a devDependency), or set AXE_CORE_PATH');
  browser = await launchChromium();
  await serveStatic();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await browser.context.addInitScript({ content: fakeApiScript(fixture) });
});

after(async () => {
  for (const s of host.streams) s.res.end();
  server?.closeAllConnections();
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

interface PageProblems {
  errors: string[];
}

async function openPage(path: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1180, height: 900 });
  const problems: PageProblems = { errors: [] };
  page.on('console', (msg) => {
    // Chromium notes that a <meta> CSP cannot carry frame-ancestors (the web host's header does).
    const text = msg.text();
    if (msg.type() !== 'error' || /'frame-ancestors' is ignored when delivered via a <meta> element|^Failed to load resource/.test(text)) return;
    problems.errors.push(text);
  });
  page.on('pageerror', (err) => problems.errors.push(err.message));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.errors.push(`${res.status()} for ${res.url()}`);
  });
  await page.goto(`${origin}${path}`);
  return { page, problems };
}

/** axe-core audit: no serious or critical violations. */
async function audit(page: Page, where: string): Promise<void> {
  if (!axeSource) return;
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe on ${where}`);
}

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(resultsDir, `ui-${name}.png`), fullPage: true });

async function calls(page: Page, method: string): Promise<Record<string, unknown>[]> {
  return page.evaluate((m) => (window as unknown as { __calls: { method: string; params: Record<string, unknown> }[] }).__calls.filter((c) => c.method === m).map((c) => c.params), method);
}

async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => `${document.activeElement?.tagName}:${document.activeElement?.textContent?.trim()}`);
}

test('wizard: from an empty dashboard through CA, account, names, record, check, issue to export', async () => {
  const { page, problems } = await openPage('/#/certificates');

  // Empty state with a call to action.
  await page.getByText('No certificates yet').waitFor();
  await audit(page, 'empty dashboard');
  await shot(page, 'dashboard-empty');
  await page.getByRole('button', { name: 'Get your first certificate' }).click();
  await page.getByRole('heading', { level: 1, name: 'New certificate' }).waitFor();
  assert.equal(await focusedText(page), 'H1:New certificate', 'navigating focuses the page heading');

  // 1. CA: presets as radio cards with dns-persist support and EAB; staging switch; ToS.
  const ca = page.locator('[data-step="ca"]');
  await ca.waitFor();
  const le = ca.locator('.radio-card', { hasText: "Let's Encrypt" });
  assert.match(await le.innerText(), /dns-persist-01: Staging only/);
  assert.match(await ca.locator('.radio-card', { hasText: 'Google Trust Services' }).innerText(), /Needs EAB/);
  assert.match(await ca.locator('.radio-card', { hasText: 'ZeroSSL' }).innerText(), /dns-persist-01: No/);
  assert.ok(await page.getByRole('radio', { name: /Let's Encrypt/ }).isChecked());
  // Keyboard: Tab from the checked radio group to the staging switch, Space turns it on.
  await page.getByRole('radio', { name: /Let's Encrypt/ }).focus();
  await page.keyboard.press('ArrowDown');
  assert.ok(await page.getByRole('radio', { name: /Google Trust Services/ }).isChecked(), 'arrow keys move between CA cards');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'switch');
  await page.keyboard.press('Space');
  assert.ok(await page.getByRole('switch', { name: /staging/ }).isChecked());
  assert.match(await le.innerText(), /dns-persist-01: Yes/);
  await page.getByRole('button', { name: 'Next' }).click();
  const agree = page.getByRole('checkbox', { name: "I agree to the CA's terms of service" });
  await agree.waitFor();
  assert.deepEqual(await calls(page, 'inspectCa'), [{ directoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory' }]);
  assert.ok(await page.getByRole('button', { name: 'Next' }).isDisabled(), 'Next waits for the terms');
  assert.equal(await page.getByRole('link', { name: /terms of service/ }).getAttribute('href'), 'https://letsencrypt.org/documents/LE-SA-v1.5-February-24-2025.pdf');
  await agree.focus();
  await page.keyboard.press('Space');
  await audit(page, 'CA step');
  await shot(page, 'ca');
  await page.getByRole('button', { name: 'Next' }).focus();
  await page.keyboard.press('Enter');

  // 2. Account: create, then the backup gate.
  const acct = page.locator('[data-step="account"]');
  await acct.waitFor();
  assert.equal(await focusedText(page), 'H2:Your ACME account', 'the step heading takes focus');
  await page.getByLabel('Email (optional)').fill('owner@example.com');
  await page.getByRole('button', { name: 'Create account' }).click();
  await acct.getByText('https://acme-staging-v02.api.letsencrypt.org/acme/acct/123456789').first().waitFor();
  const created = (await calls(page, 'createAccount'))[0];
  assert.deepEqual(created, { directoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory', contact: ['mailto:owner@example.com'], agreeToTerms: true });
  assert.ok(await page.getByRole('button', { name: 'Next' }).isDisabled(), 'Next waits for a backup decision');
  assert.ok(await page.getByRole('button', { name: 'Continue without a backup' }).isDisabled(), 'skipping needs the explicit checkbox');
  await page.getByLabel('Backup passphrase').fill('short');
  await page.getByLabel('Confirm passphrase').fill('short');
  assert.ok(await page.getByRole('button', { name: 'Save encrypted backup' }).isDisabled(), 'passphrases under 8 characters are refused');
  await page.getByLabel('Backup passphrase').fill('correct horse battery');
  await page.getByLabel('Confirm passphrase').fill('correct horse batterx');
  await page.getByText('The two passphrases differ.').waitFor();
  await page.getByLabel('Confirm passphrase').fill('correct horse battery');
  await audit(page, 'account step (backup gate)');
  await shot(page, 'account');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save encrypted backup' }).click()]);
  assert.equal(download.suggestedFilename(), 'persistcert-account-123456789.pcbackup');
  await acct.getByText('Backup saved as persistcert-account-123456789.pcbackup').waitFor();
  assert.deepEqual(await calls(page, 'backupAccount'), [{ accountId: 'acct-1', passphrase: 'correct horse battery' }]);
  await page.getByRole('button', { name: 'Next' }).click();

  // 3. Names: instant validation, punycode, wildcard badge, Next disabled until all valid.
  const names = page.locator('[data-step="names"]');
  await names.waitFor();
  const box = page.getByLabel('Domain names, one per line');
  await box.fill('example.com\n*.example.com\nbücher.example\nbad_name.example.com');
  await names.getByText('1 of 4 names need fixing.').waitFor();
  assert.match(await names.locator('.name-list').innerText(), /xn--bcher-kva\.example/);
  assert.match(await names.locator('.name-list').innerText(), /may only hold letters, digits and inner hyphens/);
  assert.equal(await names.locator('.name-list .badge', { hasText: 'Wildcard' }).count(), 1);
  assert.ok(await page.getByRole('button', { name: 'Next' }).isDisabled());
  await audit(page, 'names step (with an error)');
  await shot(page, 'names');
  await box.fill('example.com\n*.example.com\nbücher.example');
  await names.getByText('3 names, all valid.').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();

  // 4. Record: Name/Value with Copy, zone-file line, wildcard policy, persistUntil, demo publish.
  const rec = page.locator('[data-step="record"]');
  await rec.locator('.record-card').nth(2).waitFor();
  assert.deepEqual(await calls(page, 'buildRecords'), [{ accountId: 'acct-1', names: ['example.com', '*.example.com', 'xn--bcher-kva.example'] }]);
  const recText = await rec.innerText();
  assert.match(recText, /_validation-persist\.example\.com/);
  assert.match(recText, /letsencrypt\.org; accounturi=https:\/\/acme-staging-v02\.api\.letsencrypt\.org\/acme\/acct\/123456789; policy=wildcard/);
  assert.match(recText, /This record lets the ACME account .* get certificates for example\.com from Let's Encrypt \(staging\) until you remove it\. Publish it once; renewals need no DNS changes\./s);
  assert.match(recText, /policy=wildcard\s+lets the CA use this one record/);
  await rec.getByRole('button', { name: 'Copy value' }).first().click();
  await page.getByTestId('announcer').getByText('Copied').waitFor();
  assert.equal(
    await page.evaluate(() => navigator.clipboard.readText()),
    'letsencrypt.org; accounturi=https://acme-staging-v02.api.letsencrypt.org/acme/acct/123456789',
  );
  await page.getByLabel('Stop trusting the record after (optional)').fill('2031-01-01');
  await rec.getByText('persistUntil=1924992000').first().waitFor();
  assert.equal((await calls(page, 'buildRecords')).at(-1)?.['persistUntil'], 1924992000, 'the date becomes UNIX seconds at 00:00 UTC');
  await page.getByRole('button', { name: 'Publish it for me (demo DNS)' }).click();
  await rec.getByText('Published 3 records on the demo DNS server').waitFor();
  assert.equal((await calls(page, 'demoPublish')).length, 3);
  await audit(page, 'record step');
  await shot(page, 'record');
  await page.getByRole('button', { name: 'Next' }).click();

  // 5. Check: not ready on the first call, ready after "Check now".
  const check = page.locator('[data-step="check"]');
  await check.getByText('3 of 3 names are not ready yet.').waitFor();
  assert.equal(await check.locator('table').count(), 3);
  assert.match(await check.locator('table').first().innerText(), /ns1\.dnsprovider\.example[\s\S]*Not visible yet/);
  await check.getByText(/Checking again in \d+ s/).waitFor();
  assert.match(await check.getByRole('list', { name: 'Findings' }).innerText(), /Fix: Wait a few minutes/);
  assert.ok(await page.getByRole('button', { name: 'Next' }).isDisabled());
  assert.deepEqual((await calls(page, 'runCheck'))[0], { accountId: 'acct-1', names: ['example.com', '*.example.com', 'xn--bcher-kva.example'], offerCheck: true });
  await audit(page, 'check step (not ready)');
  await shot(page, 'check-waiting');
  await page.getByRole('button', { name: 'Check now' }).click();
  await check.getByText('Every server sees the record for every name. You can issue the certificate.').waitFor();
  assert.equal(await check.getByText('Record found').count(), 9);
  await shot(page, 'check-ready');
  await page.getByRole('button', { name: 'Next' }).click();

  // 6. Issue: the first attempt fails (problem document behind "Show details"), the retry succeeds.
  const issue = page.locator('[data-step="issue"]');
  await issue.waitFor();
  await page.getByRole('button', { name: 'Issue certificate' }).click();
  await issue.getByText('The certificate was not issued').first().waitFor();
  assert.match(await issue.getByRole('alert').innerText(), /The CA did not accept the record for example\.com\.[\s\S]*How to fix it: Check that the record names your account URL/);
  await issue.getByRole('button', { name: 'Show details' }).click();
  assert.match(await issue.locator('pre').innerText(), /"type": "urn:ietf:params:acme:error:unauthorized"/);
  assert.match(await issue.getByRole('list', { name: 'Issue progress' }).innerText(), /CA validates example\.com\s+failed/);
  await audit(page, 'issue step (failed)');
  await shot(page, 'issue-failed');
  await page.getByRole('button', { name: 'Try again' }).first().click();
  await issue.getByText('Certificate issued').waitFor();
  const progress = await issue.getByRole('list', { name: 'Issue progress' }).innerText();
  assert.equal((progress.match(/\bdone\b/g) ?? []).length, 7, `every step is done:\n${progress}`);
  assert.deepEqual((await calls(page, 'startIssue'))[1], { accountId: 'acct-1', names: ['example.com', '*.example.com', 'xn--bcher-kva.example'], keyType: 'ec-p256' });
  await shot(page, 'issue');
  await page.getByRole('button', { name: 'Next' }).click();

  // 7. Export: PEM set, then PFX Legacy with a generated password.
  const exp = page.locator('[data-step="export"]');
  await exp.waitFor();
  assert.equal(await page.getByLabel('Folder').inputValue(), '/home/user/certificates');
  assert.deepEqual(await exp.getByRole('radio', { name: /^(PKCS#8|SEC1|PKCS#1)$/ }).allInnerTexts(), ['', ''], 'an EC key offers PKCS#8 and SEC1');
  await page.getByRole('button', { name: 'Export' }).click();
  await exp.getByText('/home/user/certificates/fullchain.pem').waitFor();
  assert.deepEqual(await calls(page, 'exportPem'), [{ certificateId: 'cert-new', dir: '/home/user/certificates', keyFormat: 'pkcs8', overwrite: false }]);
  await page.getByRole('radio', { name: /PFX/ }).check();
  await exp.getByText('Modern: AES-256 + SHA-256 — Windows 10 1709+/Server 2019+, OpenSSL 3, Java 11+').waitFor();
  await exp.getByText('Legacy: 3DES + SHA-1 — Windows Server 2016/2012 R2, Azure AD DS, older appliances').waitFor();
  await page.getByRole('radio', { name: 'Legacy' }).check();
  assert.equal(await page.getByLabel('File path').inputValue(), '/home/user/certificates/example.com.pfx');
  await page.getByRole('button', { name: 'Export' }).click();
  await exp.getByText('tangy-Orbit-7-quill-Ferry').waitFor();
  assert.match(await exp.innerText(), /it is not stored anywhere/);
  assert.deepEqual(await calls(page, 'exportPfx'), [
    { certificateId: 'cert-new', path: '/home/user/certificates/example.com.pfx', compatibility: 'legacy', allowEmptyPassword: false, overwrite: false },
  ]);
  await exp.getByRole('button', { name: 'Copy password' }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'tangy-Orbit-7-quill-Ferry');
  await audit(page, 'export step');
  await shot(page, 'export');

  // The stepper goes back to any visited step; the issued certificate shows on the dashboard.
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Names/ }).click();
  await page.locator('[data-step="names"]').waitFor();
  assert.equal(await focusedText(page), 'H2:Which names should the certificate cover?');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certificates' }).click();
  await page.locator('.timeline .tl-bar').first().waitFor();
  assert.equal(await page.locator('.timeline .tl-bar').count(), 1);

  assert.deepEqual(problems.errors, [], 'no console errors (CSP violations show up here)');
  await page.close();
});

test('dashboard: two certificates, timeline, details with history, typed-confirmation revoke; accounts and settings; dark theme', async () => {
  const { page, problems } = await openPage('/?fixture=dashboard#/certificates');
  const timeline = page.getByRole('img', { name: /Timeline of 2 certificates/ });
  await timeline.waitFor();
  assert.equal(await page.locator('.timeline .tl-bar').count(), 2, 'one bar per certificate');
  assert.equal(await page.locator('.timeline .tl-renew').count(), 2, 'each with its renewal window');
  assert.equal(await page.locator('.timeline .tl-today').count(), 1);
  const label = (await timeline.getAttribute('aria-label')) ?? '';
  assert.match(label, /shop\.example\.com, www\.shop\.example\.com: valid/);
  assert.match(label, /\*\.blog\.example\.org: valid/);
  const rows = page.getByRole('table').locator('tbody tr');
  assert.equal(await rows.count(), 2);
  // Sorted by expiry: the blog certificate (15 days left, in its renewal window) comes first.
  assert.match(await rows.nth(0).innerText(), /\*\.blog\.example\.org[\s\S]*Renewal due[\s\S]*dv\.acme-v02\.api\.pki\.goog[\s\S]*14 days left[\s\S]*—/);
  assert.match(await rows.nth(1).innerText(), /shop\.example\.com[\s\S]*Valid[\s\S]*acme-staging-v02\.api\.letsencrypt\.org[\s\S]*69 days left/);
  await audit(page, 'dashboard');
  await shot(page, 'dashboard');

  await page.getByRole('button', { name: 'Details for shop.example.com' }).click();
  const details = page.getByRole('region', { name: 'shop.example.com' });
  await details.getByRole('heading', { name: 'History' }).waitFor();
  assert.match(await details.innerText(), /exported[\s\S]*PEM set to \/home\/user\/certificates/);
  await details.getByRole('button', { name: 'Revoke…' }).click();
  const revoke = details.getByRole('button', { name: 'Revoke certificate' });
  assert.ok(await revoke.isDisabled());
  await details.getByLabel('Reason').selectOption('superseded');
  await details.getByLabel('Type shop.example.com to confirm').fill('shop.example');
  assert.ok(await revoke.isDisabled(), 'a partial name does not unlock revoke');
  await details.getByLabel('Type shop.example.com to confirm').fill('shop.example.com');
  await audit(page, 'certificate details with revoke');
  await shot(page, 'dashboard-details');
  await revoke.click();
  await details.getByText('Revoked').first().waitFor();
  assert.deepEqual(await calls(page, 'revokeCertificate'), [{ certificateId: 'cert-a', reason: 'superseded', confirm: 'shop.example.com' }]);

  // Dark theme: toggle, remembered in localStorage.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset['theme']), 'dark');
  assert.equal(await page.evaluate(() => localStorage.getItem('persistcert.theme')), 'dark');
  await audit(page, 'dashboard (dark)');
  await shot(page, 'dashboard-dark');

  // Accounts: backed-up account with the names that depend on it; rollover explained.
  await page.getByRole('link', { name: 'Accounts' }).click();
  const card = page.locator('article.account');
  await card.waitFor();
  assert.match(await card.innerText(), /Backed up[\s\S]*shop\.example\.com, www\.shop\.example\.com, \*\.blog\.example\.org/);
  await card.getByRole('button', { name: /Roll over key/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Roll over the account key' });
  assert.match(await dialog.innerText(), /no DNS change is needed[\s\S]*Make a new backup/);
  await audit(page, 'accounts (rollover dialog, dark)');
  await shot(page, 'accounts-dark');
  await dialog.getByRole('button', { name: 'Roll over key' }).click();
  await page.getByRole('dialog', { name: 'Save an encrypted backup' }).waitFor();
  await page.keyboard.press('Escape');

  // Settings: resolvers and switches round-trip.
  await page.getByRole('link', { name: 'Settings' }).click();
  const resolvers = page.getByLabel('Public resolvers for the DNS check, one per line');
  await resolvers.waitFor();
  assert.equal(await resolvers.inputValue(), '1.1.1.1\n9.9.9.9');
  assert.ok(await page.getByRole('switch', { name: 'Launch at login' }).isChecked());
  await resolvers.fill('1.1.1.1\n8.8.8.8:53');
  await page.getByRole('switch', { name: 'Notify me when a renewal succeeds' }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Saved', { exact: true }).waitFor();
  assert.deepEqual(await calls(page, 'setSettings'), [{ resolvers: ['1.1.1.1', '8.8.8.8:53'], notifyOnSuccess: true, launchAtLogin: true }]);
  await audit(page, 'settings (dark)');
  await shot(page, 'settings-dark');

  // A wizard step in dark, for the eye.
  await page.getByRole('link', { name: 'New certificate' }).click();
  await page.locator('[data-step="ca"]').waitFor();
  await audit(page, 'CA step (dark)');
  await shot(page, 'ca-dark');
  await page.evaluate(() => localStorage.removeItem('persistcert.theme'));

  assert.deepEqual(problems.errors, [], 'no console errors (CSP violations show up here)');
  await page.close();
});

test('web client: token from the URL into a header, removed from the address bar; SSE events; ok:false errors', async () => {
  const { page, problems } = await openPage(`/?token=${encodeURIComponent(TOKEN)}#/certificates`);
  await page.getByText('No certificates yet').waitFor();
  assert.equal(await page.evaluate(() => 'persistcert' in window), false, 'no preload here: the web client is in use');
  assert.equal(new URL(page.url()).search, '', 'the token is gone from the address bar');
  assert.equal(new URL(page.url()).hash, '#/certificates');
  const methods = new Set(host.calls.map((c) => c.method));
  for (const m of ['appInfo', 'caPresets', 'listCertificates']) assert.ok(methods.has(m), `${m} went to /api/call/${m}`);
  assert.ok(host.calls.every((c) => c.token === TOKEN), 'every call carries x-persistcert-token');
  assert.deepEqual(host.calls.find((c) => c.method === 'listCertificates')?.body, {});

  // certificates.changed over SSE refreshes the view cache.
  const deadline = Date.now() + 5000;
  while (!host.streams.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(host.streams[0]?.token, TOKEN, 'EventSource carries the token in its query');
  host.streams[0]!.res.write(`event: certificates.changed\ndata: ${JSON.stringify({ certificates: fixture.dashboardCertificates })}\n\n`);
  await page.getByRole('img', { name: /Timeline of 2 certificates/ }).waitFor();
  assert.equal(await page.locator('.timeline .tl-bar').count(), 2);

  // { ok: false, error } becomes an error state: message, fix, and the details.
  await page.getByRole('link', { name: 'Settings' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /The settings file could not be read\.[\s\S]*How to fix it: Restore settings\.json/);
  await alert.getByRole('button', { name: 'Show details' }).click();
  assert.match(await alert.locator('pre').innerText(), /"errno": -5/);
  await audit(page, 'settings error state');
  await shot(page, 'settings-error');

  problems.errors = problems.errors.filter((e) => !/^500 for /.test(e));
  assert.deepEqual(problems.errors, []);
  await page.close();
});

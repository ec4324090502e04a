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
    if (req.method !== 'POST' || req.headers['content-type'] !== 'application/json')
      return json(400, { ok: false, error: { code: 'bad-request', message: 'POST JSON only' } });
    if (token !== TOKEN)
      return json(401, {
        ok: false,
        error: {
          code: 'bad-request',
          message: 'This page is not signed in to PersistCert',
          fix: 'Open the address "persistcert start" printed.',
        },
      });
    switch (m[1]) {
      case 'appInfo':
        return json(200, { ok: true, value: fixture.appInfo });
      case 'caPresets':
        return json(200, { ok: true, value: fixture.presets });
      case 'listCertificates':
      case 'listAccounts':
        return json(200, { ok: true, value: [] });
      case 'renewalOverview':
        return json(200, { ok: true, value: { paused: false, running: false, items: [] } });
      case 'getWizardDraft':
        return json(200, { ok: true, value: { draft: null, savedAt: null } });
      case 'getSettings':
        return json(500, {
          ok: false,
          error: {
            code: 'storage',
            message: 'The settings file could not be read.',
            fix: 'Restore settings.json from a backup, or delete it to start afresh.',
            problem: { path: '/x/settings.json', errno: -5 },
          },
        });
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
    if (msg.type() !== 'error' || /'frame-ancestors' is ignored when delivered via a <meta> element|^Failed to load resource/.test(text))
      return;
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
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe on ${where}`);
}

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(resultsDir, `ui-${name}.png`), fullPage: true });

async function calls(page: Page, method: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    (m) =>
      (window as unknown as { __calls: { method: string; params: Record<string, unknown> }[] }).__calls
        .filter((c) => c.method === m)
        .map((c) => c.params),
    method,
  );
}

/** What the page asked renewNow for, without the run id it chose (checked to be there). */
async function renewCalls(page: Page): Promise<Record<string, unknown>[]> {
  return (await calls(page, 'renewNow')).map(({ runId, ...asked }) => {
    assert.match(String(runId), /^[A-Za-z0-9-]{8,64}$/, 'each run is named by the page');
    return asked;
  });
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
  assert.equal(
    await page.getByRole('link', { name: /terms of service/ }).getAttribute('href'),
    'https://letsencrypt.org/documents/LE-SA-v1.5-February-24-2025.pdf',
  );
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
  assert.deepEqual(created, {
    directoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory',
    contact: ['owner@example.com'],
    agreeToTerms: true,
  });
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
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save encrypted backup' }).click(),
  ]);
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
  await rec.locator('.record-card').nth(1).waitFor();
  // example.com and *.example.com: ONE record with policy=wildcard, not two at the same name.
  assert.equal(await rec.locator('.record-card').count(), 2);
  assert.match(await rec.locator('.record-card').first().innerText(), /Record for\s+example\.com and \*\.example\.com/);
  assert.deepEqual(await calls(page, 'buildRecords'), [
    { accountId: 'acct-1', names: ['example.com', '*.example.com', 'xn--bcher-kva.example'] },
  ]);
  const recText = await rec.innerText();
  assert.match(recText, /_validation-persist\.example\.com/);
  assert.match(
    recText,
    /letsencrypt\.org; accounturi=https:\/\/acme-staging-v02\.api\.letsencrypt\.org\/acme\/acct\/123456789; policy=wildcard/,
  );
  assert.match(
    recText,
    /This record lets the ACME account .* get certificates for example\.com and \*\.example\.com from Let's Encrypt \(staging\) until you remove it\. Publish it once; renewals need no DNS changes\./s,
  );
  assert.match(recText, /policy=wildcard\s+lets the CA use this one record/);
  await rec.getByRole('button', { name: 'Copy value' }).first().click();
  await page.getByTestId('announcer').getByText('Copied').waitFor();
  assert.equal(
    await page.evaluate(() => navigator.clipboard.readText()),
    'letsencrypt.org; accounturi=https://acme-staging-v02.api.letsencrypt.org/acme/acct/123456789; policy=wildcard',
  );
  await page.getByLabel('Stop trusting the record after (optional)').fill('2031-01-01');
  await rec.getByText('persistUntil=1925078399').first().waitFor();
  assert.equal(
    (await calls(page, 'buildRecords')).at(-1)?.['persistUntil'],
    1925078399,
    'the date becomes UNIX seconds at the end of that day, UTC',
  );
  await page.getByRole('button', { name: 'Publish it for me (demo DNS)' }).click();
  await rec.getByText('Published 2 records on the demo DNS server').waitFor();
  assert.equal((await calls(page, 'demoPublish')).length, 2);
  // The provider guide and the hand-off sheet are part of the step the audit sees.
  await rec
    .getByRole('region', { name: 'At your DNS provider' })
    .getByRole('button', { name: 'Download instructions (Markdown)' })
    .waitFor();
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
  assert.deepEqual((await calls(page, 'runCheck'))[0], {
    accountId: 'acct-1',
    names: ['example.com', '*.example.com', 'xn--bcher-kva.example'],
    offerCheck: true,
  });
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
  assert.match(
    await issue.getByRole('alert').innerText(),
    /The CA did not accept the record for example\.com\.[\s\S]*How to fix it: Check that the record names your account URL/,
  );
  await issue.getByRole('button', { name: 'Show details' }).click();
  assert.match(await issue.locator('pre').innerText(), /"type": "urn:ietf:params:acme:error:unauthorized"/);
  assert.match(await issue.getByRole('list', { name: 'Issue progress' }).innerText(), /CA validates example\.com\s+failed/);
  await audit(page, 'issue step (failed)');
  await shot(page, 'issue-failed');
  await page.getByRole('button', { name: 'Try again' }).first().click();
  await issue.getByText('Certificate issued').waitFor();
  const progress = await issue.getByRole('list', { name: 'Issue progress' }).innerText();
  assert.equal((progress.match(/\bdone\b/g) ?? []).length, 7, `every step is done:\n${progress}`);
  assert.deepEqual((await calls(page, 'startIssue'))[1], {
    accountId: 'acct-1',
    names: ['example.com', '*.example.com', 'xn--bcher-kva.example'],
    keyType: 'ec-p256',
  });
  await shot(page, 'issue');
  await page.getByRole('button', { name: 'Next' }).click();

  // 7. Export: PEM set, then PFX Legacy with a generated password.
  const exp = page.locator('[data-step="export"]');
  await exp.waitFor();
  assert.equal(await page.getByLabel('Folder').inputValue(), '/home/user/certificates/example.com', 'each site its own folder');
  assert.deepEqual(
    await exp.getByRole('radio', { name: /^(PKCS#8|SEC1|PKCS#1)$/ }).allInnerTexts(),
    ['', ''],
    'an EC key offers PKCS#8 and SEC1',
  );
  await page.getByRole('button', { name: 'Export' }).click();
  await exp.getByText('/home/user/certificates/example.com/fullchain.pem').waitFor();
  assert.deepEqual(await calls(page, 'exportPem'), [
    { certificateId: 'cert-new', dir: '/home/user/certificates/example.com', keyFormat: 'pkcs8', overwrite: false },
  ]);
  await page.getByRole('radio', { name: /PFX/ }).check();
  await exp.getByText('Modern: AES-256 + SHA-256 — Windows 10 1709+/Server 2019+, OpenSSL 3, Java 11+').waitFor();
  await exp.getByText('Legacy: 3DES + SHA-1 — Windows Server 2016/2012 R2, Azure AD DS, older appliances').waitFor();
  await page.getByRole('radio', { name: 'Legacy' }).check();
  assert.equal(await page.getByLabel('File path').inputValue(), '/home/user/certificates/example.com.pfx');
  await page.getByRole('button', { name: 'Export' }).click();
  await exp.getByText('tangy-Orbit-7-quill-Ferry').waitFor();
  // The wizard's export is also where renewals go: the PFX password is kept for that alone.
  await exp.getByText('Renewed certificates will be written here too.').waitFor();
  assert.match(await exp.innerText(), /cannot show it again \(it is kept in the keystore only to write renewed PFX files\)/);
  assert.deepEqual((await calls(page, 'setRenewalSettings')).at(-1)?.['pfx'], {
    path: '/home/user/certificates/example.com.pfx',
    compatibility: 'legacy',
    password: 'tangy-Orbit-7-quill-Ferry',
  });
  assert.deepEqual(await calls(page, 'exportPfx'), [
    {
      certificateId: 'cert-new',
      path: '/home/user/certificates/example.com.pfx',
      compatibility: 'legacy',
      allowEmptyPassword: false,
      overwrite: false,
    },
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
  assert.match(
    await rows.nth(0).innerText(),
    /\*\.blog\.example\.org[\s\S]*Renewal due[\s\S]*dv\.acme-v02\.api\.pki\.goog[\s\S]*14 days left[\s\S]*Renewal failing/,
  );
  assert.match(
    await rows.nth(1).innerText(),
    /shop\.example\.com[\s\S]*Valid[\s\S]*acme-staging-v02\.api\.letsencrypt\.org[\s\S]*69 days left/,
  );
  await audit(page, 'dashboard');
  await shot(page, 'dashboard');

  await page.getByRole('button', { name: 'Details for shop.example.com' }).click();
  const details = page.getByRole('region', { name: 'shop.example.com' });
  await details.getByRole('heading', { name: 'History' }).waitFor();
  // The list holds no history: the details read it, for this certificate only.
  await details.getByText('PEM set to /home/user/certificates').waitFor();
  assert.match(await details.innerText(), /exported[\s\S]*PEM set to \/home\/user\/certificates/);
  assert.deepEqual(await calls(page, 'getCertificate'), [{ certificateId: 'cert-a' }]);
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
  assert.deepEqual(await calls(page, 'revokeCertificate'), [
    { certificateId: 'cert-a', reason: 'superseded', confirm: 'shop.example.com' },
  ]);
  // The revoked certificate is a new copy in the list: its history is read again and shows it.
  await details.locator('.history-event', { hasText: /^revoked$/ }).waitFor();

  // Dark theme: toggle, remembered in localStorage.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset['theme']), 'dark');
  assert.equal(await page.evaluate(() => localStorage.getItem('persistcert.theme')), 'dark');
  await audit(page, 'dashboard (dark)');
  await shot(page, 'dashboard-dark');

  // Accounts: backed-up account with the names that depend on it; rollover explained.
  await page.getByRole('link', { name: 'Accounts' }).click();
  const card = page.locator('article.account').first();
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
  // Only what changed is sent: a setting changed elsewhere meanwhile keeps its value.
  assert.deepEqual(await calls(page, 'patchSettings'), [{ resolvers: ['1.1.1.1', '8.8.8.8:53'], notifyOnSuccess: true }]);
  // The public resolvers are disclosed, and "system resolver only" sends no name to them.
  assert.match(
    await page.locator('form.settings').innerText(),
    /asks your system resolver and the public resolvers 1\.1\.1\.1 \(Cloudflare\) and 8\.8\.8\.8 \(Google\)/,
  );
  await page.getByRole('checkbox', { name: 'System resolver only' }).check();
  assert.ok(await resolvers.isDisabled());
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Saved', { exact: true }).waitFor();
  assert.deepEqual((await calls(page, 'patchSettings')).at(-1), { resolvers: ['system'] });
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

test('dashboard: one row per site with its current certificate; a second valid one stays reachable to revoke; the rest is history', async () => {
  const { page, problems } = await openPage('/?fixture=sites#/certificates');
  const rows = page.getByRole('table').locator('tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 3, 'three sites, not six certificates');
  const shop = rows.filter({ hasText: 'shop.example.com' });
  const blog = rows.filter({ hasText: 'blog.example.org' });
  const gone = rows.filter({ hasText: 'gone.example.net' });
  // Names in any order and case are one site; it shows its newest valid certificate (2 days old: 87 whole days left).
  assert.match(await shop.innerText(), /shop\.example\.com[\s\S]*2 valid certificates[\s\S]*Also valid: issued[\s\S]*87 days left/);
  assert.doesNotMatch(await blog.innerText(), /valid certificates|Also valid/);
  assert.match(await gone.innerText(), /Revoked/);
  assert.equal(
    await page.locator('.timeline .tl-bar').count(),
    4,
    'a bar for each certificate shown: both valid ones of shop, blog, the revoked one',
  );
  await page.getByRole('alert', { name: 'No valid certificate for gone.example.net' }).waitFor();
  await audit(page, 'dashboard with site rows');
  await shot(page, 'dashboard-sites');

  // The site's history: the replaced certificate, and the revoked one before blog's valid one.
  await page.getByRole('button', { name: 'Details for *.blog.example.org' }).click();
  const blogDetails = page.getByRole('region', { name: '*.blog.example.org' });
  await blogDetails.getByRole('heading', { name: 'Earlier certificates' }).waitFor();
  assert.match(await blogDetails.locator('ol.history').last().innerText(), /Revoked[\s\S]*serial 3a00ff/);
  await page.getByRole('button', { name: 'Hide for *.blog.example.org' }).click();
  await page.getByRole('button', { name: 'Details for shop.example.com' }).click();
  const shopDetails = page.getByRole('region', { name: 'shop.example.com' });
  await shopDetails.getByRole('heading', { name: 'Earlier certificates' }).waitFor();
  assert.match(await shopDetails.innerText(), /Serial\s+2a00ff/, 'the row opens its newest valid certificate');
  assert.match(await shopDetails.locator('ol.history').last().innerText(), /Replaced[\s\S]*serial 0a00ff/);

  // The other valid certificate opens from its own button, with Export and Revoke.
  const other = shop.getByRole('button', { name: /, certificate issued / });
  await other.click();
  assert.equal(await other.getAttribute('aria-expanded'), 'true');
  await shopDetails.getByText('1a00ff', { exact: true }).waitFor();
  assert.equal(await shopDetails.getByRole('button', { name: 'Export files' }).count(), 1);
  await audit(page, 'details of the second valid certificate');
  await shopDetails.getByRole('button', { name: 'Revoke…' }).click();
  // Its names were stored in another order: the confirmation asks for its own first name.
  await shopDetails.getByLabel('Type www.shop.example.com to confirm').fill('www.shop.example.com');
  await shopDetails.getByRole('button', { name: 'Revoke certificate' }).click();
  await shopDetails.getByText('Revoked').first().waitFor();
  assert.deepEqual(await calls(page, 'revokeCertificate'), [
    { certificateId: 'site-shop-1', reason: 'unspecified', confirm: 'www.shop.example.com' },
  ]);
  // Revoked, it leaves the row for the site's history; the site keeps its valid certificate.
  await shop.getByText('2 valid certificates').waitFor({ state: 'detached' });
  assert.equal(await rows.count(), 3);
  assert.match(await shop.innerText(), /87 days left/);
  assert.equal(await page.getByRole('alert', { name: 'No valid certificate for shop.example.com' }).count(), 0);
  assert.deepEqual(problems.errors, []);
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
  assert.ok(
    host.calls.every((c) => c.token === TOKEN),
    'every call carries x-persistcert-token',
  );
  assert.deepEqual(host.calls.find((c) => c.method === 'listCertificates')?.body, {});

  // certificates.changed over SSE refreshes the view cache.
  const deadline = Date.now() + 5000;
  while (!host.streams.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(host.streams[0]?.token, TOKEN, 'EventSource carries the token in its query');
  host.streams[0]!.res.write(`event: certificates.changed\ndata: ${JSON.stringify({ certificates: fixture.dashboardCertificates })}\n\n`);
  await page.getByRole('img', { name: /Timeline of 2 certificates/ }).waitFor();
  assert.equal(await page.locator('.timeline .tl-bar').count(), 2);

  // renewal.changed and renewal.outcome over SSE feed the renewal view cache.
  const stream = host.streams[0]!.res;
  stream.write(`event: renewal.changed\ndata: ${JSON.stringify({ paused: true, running: false, items: fixture.renewalItems })}\n\n`);
  await page.getByRole('region', { name: 'Unattended renewals are paused' }).waitFor();
  await page.getByRole('table').locator('tbody tr', { hasText: 'shop.example.com' }).getByText('On track').waitFor();
  const outcome = {
    certificateId: 'cert-b',
    names: ['*.blog.example.org'],
    action: 'failed',
    message: 'The CA is not answering.',
    fix: 'Try again later.',
    warnings: [],
  };
  stream.write(`event: renewal.outcome\ndata: ${JSON.stringify(outcome)}\n\n`);
  assert.match(
    await page.getByRole('log', { name: 'Results' }).locator('li').innerText(),
    /Failed[\s\S]*\*\.blog\.example\.org: The CA is not answering\.[\s\S]*How to fix it: Try again later\./,
  );

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

/** A date as the page's formatDate writes it (same Intl options, the browser's locale). */
async function pageDate(page: Page, iso: string): Promise<string> {
  return page.evaluate(
    (v) => new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(v)),
    iso,
  );
}

test('renewal: health, next renewal and reason from the overview; Renew now and Renew all due report outcomes in a live region', async () => {
  const { page, problems } = await openPage('/?fixture=dashboard#/certificates');
  const rows = page.getByRole('table').locator('tbody tr');
  const shop = rows.filter({ hasText: 'shop.example.com' });
  const blog = rows.filter({ hasText: 'blog.example.org' });
  await shop.getByText('On track').waitFor();
  assert.ok((await calls(page, 'renewalOverview')).length >= 1, 'the overview is loaded');

  // Next renewal comes from the RenewalView: health (icon and words), date, reason, failures, flags.
  const [shopPlan, blogPlan] = fixture.renewalItems;
  const shopCell = shop.locator('td.cell-renewal');
  assert.equal(
    await shopCell.locator('.badge', { hasText: 'On track' }).locator('svg.icon-ok').count(),
    1,
    'health has an icon next to its words',
  );
  assert.match(
    await shopCell.innerText(),
    new RegExp(`On track\\s+${await pageDate(page, shopPlan!.renewAt!)}\\s+A random moment in the CA's renewal window`),
  );
  const blogCell = blog.locator('td.cell-renewal');
  assert.equal(await blogCell.locator('.badge', { hasText: 'Renewal failing' }).locator('svg.icon-error').count(), 1);
  assert.match(
    await blogCell.innerText(),
    /Renewal failing[\s\S]*Retrying after 2 failed attempts[\s\S]*2 failed attempts[\s\S]*Order in flight[\s\S]*Deploy pending/,
  );

  // The timeline marks the planned moments; no last-third estimate where a plan exists.
  assert.equal(await page.locator('.timeline .tl-planned').count(), 2);
  const legend = await page.locator('.timeline .legend').innerText();
  assert.match(legend, /Planned renewal/);
  assert.doesNotMatch(legend, /last third/);
  assert.match(
    (await page.getByRole('img', { name: /Timeline of 2 certificates/ }).getAttribute('aria-label')) ?? '',
    /shop\.example\.com, www\.shop\.example\.com: valid, .*next renewal planned .*\(A random moment in the CA's renewal window\)/,
  );

  // Details: the whole RenewalView, the last error with its fix.
  await page.getByRole('button', { name: 'Details for *.blog.example.org' }).click();
  const details = page.getByRole('region', { name: '*.blog.example.org' });
  await details.getByText('Last error').waitFor();
  const detailText = await details.innerText();
  assert.match(detailText, /Renewal failing/);
  assert.match(
    detailText,
    new RegExp(
      `${blogPlan!.lastError!.message.replace(/[.*]/g, '\\$&')}\\s+How to fix it: Publish the record from the DNS record step again, then choose Renew now\\.`,
    ),
  );
  assert.match(detailText, /The certificate expires in 15 days\./);
  assert.match(detailText, /Order in flight: the next run resumes it/);
  assert.match(detailText, /Deploy pending/);
  assert.doesNotMatch(detailText, /Renewal window/, 'no local estimate where a plan exists');

  const log = page.getByRole('log', { name: 'Results' });
  assert.equal(await log.getAttribute('aria-live'), 'polite');
  assert.equal(await log.locator('li').count(), 0);

  // Renew now: force for one certificate; the outcome is shown once (event and result are the same).
  const renewShop = page.getByRole('button', { name: 'Renew now for shop.example.com' });
  await renewShop.click();
  await log.getByText(/Renewed shop\.example\.com: the new certificate is valid until/).waitFor();
  await page.getByRole('button', { name: 'Renew now for shop.example.com' }).waitFor();
  assert.deepEqual(await renewCalls(page), [{ certificateId: 'cert-a', force: true }]);
  assert.equal(await log.locator('li').count(), 1, 'the renewal.outcome event and the returned outcome are one entry');
  assert.match(await log.locator('li').first().innerText(), /^Renewed/);
  // Focus moves to the results: with the real back end the renewed certificate is a new row, and the button that had focus is gone.
  assert.match(await focusedText(page), /^DIV:Results/, 'focus is on the results');
  // The certificate list is fetched again after a renewal (the fake sends no certificates.changed).
  await shop.getByText('89 days left').waitFor();

  // Renew all due: not forced; the failing one fails again with its fix, the fresh one is not due.
  await page.getByRole('button', { name: 'Renew all due' }).click();
  await log.getByText(/How to fix it: Publish the record/).waitFor();
  await page.getByRole('button', { name: 'Renew all due' }).waitFor();
  assert.deepEqual((await renewCalls(page))[1], { force: false });
  const entries = await log.locator('li').allInnerTexts();
  assert.equal(entries.length, 3, entries.join('\n---\n'));
  // Newest first: the run went shop (not due), then blog (failed).
  assert.match(entries[1]!, /^Not due\s+shop\.example\.com: Not due: renewal is planned for/);
  assert.match(
    entries[0]!,
    /^Failed\s+\*\.blog\.example\.org: The CA refused the order[\s\S]*How to fix it: Publish the record[\s\S]*Next attempt:[\s\S]*The certificate expires in 15 days\./,
  );
  await blog.getByText('3 failed attempts').waitFor();
  await audit(page, 'dashboard with renewal results');
  await shot(page, 'renewal-dashboard');

  await page.getByRole('button', { name: 'Clear results' }).click();
  assert.equal(await log.locator('li').count(), 0);
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('renewal: without a renewal view the dashboard falls back to the last-third estimate', async () => {
  const { page, problems } = await openPage('/?fixture=dashboard&renewal=none#/certificates');
  await page.getByRole('img', { name: /Timeline of 2 certificates/ }).waitFor();
  await page.getByText('No certificate is scheduled for renewal.').waitFor();
  assert.equal(await page.locator('.timeline .tl-planned').count(), 0);
  assert.match(await page.locator('.timeline .legend').innerText(), /Renewal window \(last third\)/);
  const rows = page.getByRole('table').locator('tbody tr');
  assert.match(await rows.nth(0).innerText(), /\*\.blog\.example\.org[\s\S]*Renewal due[\s\S]*—/);
  assert.equal(await page.getByText('On track').count(), 0);
  await page.getByRole('button', { name: 'Details for shop.example.com' }).click();
  await page.getByRole('region', { name: 'shop.example.com' }).getByText('Renewal window').waitFor();
  // A run with nothing to renew still says so.
  await page.getByRole('button', { name: 'Renew all due' }).click();
  await page.getByRole('log', { name: 'Results' }).getByText('Nothing was due for renewal.').waitFor();
  assert.deepEqual(await renewCalls(page), [{ force: false }]);
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('renewal: paused banner, Renew now still works (its events may overtake its answer), Resume renewals patches renewalsPaused to false and nothing else', async () => {
  // &late: the fake answers renewNow after the run's outcome and end events; the run is still the page's.
  const { page, problems } = await openPage('/?fixture=dashboard&paused=1&late=1#/certificates');
  const banner = page.getByRole('region', { name: 'Unattended renewals are paused' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /Renew now.* still works/);
  await page.getByRole('button', { name: 'Renew now for shop.example.com' }).click();
  await page
    .getByRole('log', { name: 'Results' })
    .getByText(/Renewed shop\.example\.com: the new certificate is valid until/)
    .waitFor();
  assert.deepEqual(await renewCalls(page), [{ certificateId: 'cert-a', force: true }]);
  await audit(page, 'dashboard, renewals paused');
  await shot(page, 'renewal-paused');
  await banner.getByRole('button', { name: 'Resume renewals' }).click();
  await banner.waitFor({ state: 'detached' });
  assert.deepEqual(await calls(page, 'patchSettings'), [{ renewalsPaused: false }]);
  assert.equal(await focusedText(page), 'H2:Renewals', 'focus moves to the renewals heading, not to the body');
  await page.getByTestId('announcer').getByText('Unattended renewals resumed').waitFor();
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('settings: pause unattended renewals and the webhook URL, validated, sent as a patch of what changed', async () => {
  const { page, problems } = await openPage('/?fixture=dashboard#/settings');
  const pause = page.getByRole('switch', { name: 'Pause unattended renewals' });
  await pause.waitFor();
  assert.equal(await pause.isChecked(), false);
  const hook = page.getByLabel('Webhook URL for renewal notices (optional)');
  assert.equal(await hook.inputValue(), '');
  await hook.fill('hooks.example.com/persistcert');
  await page.getByText('Enter a full address such as https://hooks.example.com/persistcert, or leave it empty.').waitFor();
  assert.equal(await hook.getAttribute('aria-invalid'), 'true');
  assert.ok(await page.getByRole('button', { name: 'Save settings' }).isDisabled());
  await hook.press('Enter');
  await hook.fill('ftp://hooks.example.com/x');
  await page.getByText('The address must start with https:// (or http://).').waitFor();
  assert.deepEqual(await calls(page, 'patchSettings'), [], 'nothing is sent while the URL is invalid');
  await hook.fill('https://hooks.example.com/persistcert?token=s3cret');
  await pause.check();
  await audit(page, 'settings with renewal fields');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Saved', { exact: true }).waitFor();
  assert.deepEqual(await calls(page, 'patchSettings'), [
    { renewalsPaused: true, webhookUrl: 'https://hooks.example.com/persistcert?token=s3cret' },
  ]);
  await page.getByRole('link', { name: 'Certificates' }).click();
  await page.getByRole('region', { name: 'Unattended renewals are paused' }).waitFor();
  assert.deepEqual(problems.errors, []);
  await page.close();
});

/** A wizard draft saved at its export step (account acct-1 of the dashboard fixture), as a reload finds it. */
function exportStepDraft(d: { namesText: string; certificateId: string }): Record<string, unknown> {
  return {
    step: 'export',
    reached: 6,
    presetId: 'letsencrypt',
    staging: true,
    customUrl: '',
    agreed: true,
    accountId: 'acct-1',
    replacesId: null,
    persistUntil: null,
    published: false,
    keyType: 'ec-p256',
    ...d,
  };
}

test('the wizard export asks, in the desktop app only, what makes the server load the certificate, and saves it as the renewal command', async () => {
  // A wizard resumed at its export step for cert-a (shop.example.com), as a reload would.
  const draft = exportStepDraft({ namesText: 'shop.example.com\nwww.shop.example.com', certificateId: 'cert-a' });
  const at = (host: string) => `/?fixture=dashboard${host}&draft=${encodeURIComponent(JSON.stringify(draft))}#/new`;
  const { page, problems } = await openPage(at('&host=electron'));
  const exp = page.locator('[data-step="export"]');
  await exp.waitFor();
  const reload = exp.getByLabel('Command that makes your server load it (optional)');
  await reload.fill('systemctl reload nginx');
  await exp.getByRole('button', { name: 'Export' }).click();
  await exp.getByText('Renewed certificates will be written here too.').waitFor();
  const saved = (await calls(page, 'setRenewalSettings')).at(-1);
  assert.deepEqual(saved?.['command'], { run: 'systemctl reload nginx', timeoutSec: 60 });
  assert.equal((saved?.['pem'] as { dir: string } | undefined)?.dir, '/home/user/certificates/shop.example.com');
  await exp.getByRole('checkbox', { name: 'Write each renewed certificate here too' }).uncheck();
  assert.equal(await reload.count(), 0, 'no renewals here, nothing to reload');
  await audit(page, 'export step with a reload command');
  assert.deepEqual(problems.errors, []);
  await page.close();

  // A browser page may not set commands that run with the user's rights: no such field there.
  const browserPage = (await openPage(at(''))).page;
  await browserPage.locator('[data-step="export"]').waitFor();
  await browserPage.getByRole('button', { name: 'Export' }).waitFor();
  assert.equal(await browserPage.getByLabel('Command that makes your server load it (optional)').count(), 0);
  await browserPage.close();
});

test('a wizard draft whose certificate is gone resumes at the issue step, asking for that one certificate only', async () => {
  const draft = exportStepDraft({ namesText: 'gone.example.com', certificateId: 'cert-removed-since' });
  const { page, problems } = await openPage(`/?fixture=dashboard&draft=${encodeURIComponent(JSON.stringify(draft))}#/new`);
  await page.locator('[data-step="issue"]').waitFor();
  assert.equal(await page.locator('[data-step="export"]').count(), 0);
  assert.deepEqual(
    (await calls(page, 'getCertificate')).map((p) => p['certificateId']),
    ['cert-removed-since'],
  );
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('renewal settings form in the browser: the deploy command is shown read-only, with where it can be set', async () => {
  const { page, problems } = await openPage('/?fixture=dashboard#/certificates');
  await page.getByRole('button', { name: 'Details for shop.example.com' }).click();
  const details = page.getByRole('region', { name: 'shop.example.com' });
  await details.getByRole('button', { name: 'Renewal & deploy settings' }).click();
  const form = details.getByRole('region', { name: 'Renewal & deploy' });
  const cmdOn = form.getByRole('checkbox', { name: 'Run a command after each renewal' });
  await cmdOn.waitFor();
  assert.equal(await cmdOn.isDisabled(), true, 'no command can be turned on from the browser');
  assert.match(
    await form.innerText(),
    /The command can only be set in the desktop app or with persistcert configure cert-a --deploy-command/,
  );
  assert.deepEqual(problems.errors, []);
  await page.close();
});

test('renewal settings form: loads, validates without sending, round-trips exactly, keeps or replaces the PFX password, shows server errors', async () => {
  const { page, problems } = await openPage('/?fixture=dashboard&host=electron#/certificates');
  await page.getByRole('button', { name: 'Details for shop.example.com' }).click();
  const details = page.getByRole('region', { name: 'shop.example.com' });
  await details.getByRole('button', { name: 'Renewal & deploy settings' }).click();
  const form = details.getByRole('region', { name: 'Renewal & deploy' });
  const auto = form.getByRole('switch', { name: 'Renew automatically' });
  await auto.waitFor();
  assert.deepEqual(await calls(page, 'getRenewalSettings'), [{ certificateId: 'cert-a' }]);
  assert.ok(await auto.isChecked());
  assert.equal(await form.getByRole('checkbox', { name: 'Write PEM files after each renewal' }).isChecked(), false);
  assert.ok(await form.getByRole('checkbox', { name: 'Write a PFX file after each renewal' }).isChecked());
  assert.equal(await form.getByLabel('PFX file path').inputValue(), '/srv/iis/shop.pfx');
  const password = form.getByLabel('PFX password (optional)');
  assert.equal(await password.inputValue(), '', 'the stored password is never prefilled');
  assert.equal(await password.getAttribute('type'), 'password');
  await form.getByText('A password is stored').waitFor();
  // Backup accounts: only those at another CA than the certificate's account.
  const backup = form.getByLabel('Backup account');
  assert.deepEqual(await backup.locator('option').allInnerTexts(), [
    'None',
    'dv.acme-v02.api.pki.goog — https://dv.acme-v02.api.pki.goog/acct/AbCdEf',
  ]);
  assert.match(await form.innerText(), /must be published for shop\.example\.com and www\.shop\.example\.com too/);
  await audit(page, 'renewal settings form');

  // Client-side validation: errors next to the fields, focus on the first, nothing sent.
  await form.getByRole('checkbox', { name: 'Run a command after each renewal' }).check();
  await form.getByText(/Runs with \/bin\/sh .*PERSISTCERT_CERT_PATH, PERSISTCERT_KEY_PATH, PERSISTCERT_FULLCHAIN_PATH/).waitFor();
  await form.getByLabel('Command', { exact: true }).fill('systemctl reload nginx');
  const timeout = form.getByLabel('Time limit in seconds');
  const failover = form.getByLabel('Switch to the backup after this many failed attempts');
  await timeout.fill('0');
  await failover.fill('25');
  await form.getByRole('button', { name: 'Save renewal settings' }).click();
  await form.getByText('Enter a whole number of seconds from 1 to 3600.').waitFor();
  await form.getByText('Enter a whole number of failed attempts from 1 to 20.').waitFor();
  await form.getByText('Nothing was saved: fix the 2 fields marked above.').waitFor();
  assert.equal(await timeout.getAttribute('aria-invalid'), 'true');
  assert.equal(
    await page.evaluate(() => document.activeElement?.id),
    await timeout.getAttribute('id'),
    'the first invalid field takes focus',
  );
  assert.match((await timeout.getAttribute('aria-describedby')) ?? '', /-timeout-err/);
  await audit(page, 'renewal settings form with errors');
  await shot(page, 'renewal-settings-errors');
  await timeout.fill('1.5');
  await failover.fill('3');
  await form.getByRole('button', { name: 'Save renewal settings' }).click();
  await form.getByText('Nothing was saved: fix the field marked above.').waitFor();
  await timeout.fill('3601');
  await form.getByRole('button', { name: 'Save renewal settings' }).click();
  await form.getByText('Enter a whole number of seconds from 1 to 3600.').waitFor();
  await form.getByRole('checkbox', { name: 'Write PEM files after each renewal' }).check();
  await form.getByLabel('PEM folder').fill('  ');
  const servers = form.getByLabel('Servers that must serve the new certificate, one per line');
  await servers.fill('www.shop.example.com:443\nmail.shop.example.com:587,starttls=pop3');
  await form.getByRole('button', { name: 'Save renewal settings' }).click();
  await form.getByText('Enter the folder for the PEM files, or turn PEM files off.').waitFor();
  await form.getByText(/starttls=pop3: use starttls=smtp/).waitFor();
  assert.deepEqual(await calls(page, 'setRenewalSettings'), [], 'nothing is sent while a field is invalid');
  await servers.fill('www.shop.example.com:443\n\nmail.shop.example.com:587,starttls=smtp');

  // Valid values: sent exactly, the empty password left out (the stored one is kept).
  await timeout.fill('120');
  await failover.fill('5');
  await auto.uncheck();
  await form.getByRole('checkbox', { name: 'Keep the same private key when renewing' }).check();
  await form.getByLabel('PEM folder').fill('/etc/ssl/shop');
  await form.getByRole('radio', { name: 'SEC1' }).check();
  await form.getByRole('radio', { name: 'Legacy' }).check();
  await backup.selectOption('acct-2');
  await form.getByRole('button', { name: 'Save renewal settings' }).click();
  await form.getByText('Saved', { exact: true }).waitFor();
  assert.deepEqual(await calls(page, 'setRenewalSettings'), [
    {
      certificateId: 'cert-a',
      autoRenew: false,
      reuseKey: true,
      pem: { dir: '/etc/ssl/shop', keyFormat: 'sec1' },
      pfx: { path: '/srv/iis/shop.pfx', compatibility: 'legacy' },
      command: { run: 'systemctl reload nginx', timeoutSec: 120 },
      backupAccountId: 'acct-2',
      failoverAfter: 5,
      verifyEndpoints: ['www.shop.example.com:443', 'mail.shop.example.com:587,starttls=smtp'],
      verifyWaitSec: 60,
    },
  ]);
  await page.getByTestId('announcer').getByText('Renewal settings saved').waitFor();
  // The overview follows: automatic renewal off, backup CA shown.
  await page.getByRole('table').locator('tbody tr', { hasText: 'shop.example.com' }).getByText('Automatic renewal is off').waitFor();
  await details.getByText('dv.acme-v02.api.pki.goog', { exact: true }).waitFor();

  // A new password is sent, then the field is empty again.
  await password.fill('n3w-Secret!');
  await form.getByRole('button', { name: 'Save renewal settings' }).click();
  await page.waitForFunction(
    () => (window as unknown as { __calls: { method: string }[] }).__calls.filter((c) => c.method === 'setRenewalSettings').length === 2,
  );
  assert.deepEqual((await calls(page, 'setRenewalSettings'))[1]?.['pfx'], {
    path: '/srv/iis/shop.pfx',
    compatibility: 'legacy',
    password: 'n3w-Secret!',
  });
  await form.getByText('Saved', { exact: true }).waitFor();
  assert.equal(await password.inputValue(), '');
  await form.getByText('A password is stored').waitFor();

  // A server error (ApiError) is shown with its fix next to the form.
  await form.getByLabel('PEM folder').fill('relative/dir');
  await form.getByRole('button', { name: 'Save renewal settings' }).click();
  const alert = form.getByRole('alert');
  await alert.waitFor();
  assert.match(
    await alert.innerText(),
    /The renewal settings were not saved[\s\S]*The PEM folder must be a full path, not relative\/dir\.[\s\S]*How to fix it: Write the folder from the root/,
  );
  await audit(page, 'renewal settings form with a server error');
  await shot(page, 'renewal-settings');
  assert.deepEqual(problems.errors, []);
  await page.close();
});

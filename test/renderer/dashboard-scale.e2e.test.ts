// The dashboard with many certificates, in real Chromium against the real core and store (web
// host): a weekly timeline instead of one bar each, the table in pages, and a filter by name.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createApp } from '../../electron/core/app/create-app.ts';
import { openStore } from '../../electron/core/store/store.ts';
import { startWebHost, type WebHost } from '../../electron/web-host/server.ts';
import { launchChromium, type LaunchedChromium } from '../env/chromium.ts';
import { fakeCertificateRecord } from '../electron/core/store/certificate-fixture.ts';
import { ROOT } from './ui-stack.ts';

const COUNT = 120;
const DAY = 86_400_000;
let app: Awaited<ReturnType<typeof createApp>>;
let host: WebHost;
let browser: LaunchedChromium;

before(async () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'dashboard-scale-')), 'data');
  const store = await openStore(dataDir);
  const now = Date.now();
  await store.transact((tx) => {
    tx.putAccount({
      id: 'a1',
      directoryUrl: 'https://127.0.0.1:14000/dir',
      accountUrl: 'https://127.0.0.1:14000/my-account/1',
      keyRef: 'k',
      keyType: 'ec-p256',
      contact: [],
      status: 'valid',
      createdAt: new Date(now).toISOString(),
    });
    for (let i = 0; i < COUNT; i++) {
      // Spread over 90 days so the weekly buckets differ.
      const notBefore = new Date(now - (i % 60) * DAY);
      tx.putCertificate(
        fakeCertificateRecord(`c${i}`, {
          names: [`n${i}.fleet.example.test`],
          notBefore: notBefore.toISOString(),
          notAfter: new Date(notBefore.getTime() + 90 * DAY).toISOString(),
          issuedAt: notBefore.toISOString(),
          status: 'valid',
          history: [],
          renewal: {},
        }) as never,
      );
    }
  });
  store.close();
  app = await createApp({
    dataDir,
    host: 'web',
    keystore: 'file',
    passphrase: async () => 'dashboard scale test passphrase',
    scryptN: 1024,
  });
  host = await startWebHost({ handler: app.handler, rendererDir: path.join(ROOT, 'dist/renderer') });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await host?.close();
  await app?.close();
});

const rowNames = async (page: Page) =>
  (await page.locator('.cert-table tbody th[scope="row"] .cert-name').allInnerTexts()).map((s) => s.trim());

test(`${COUNT} certificates: a weekly timeline, the table in pages of 50, and a filter by name`, async () => {
  const page = await browser.context.newPage();
  await page.goto(`${host.url}#/certificates`);
  const timeline = page.getByRole('img', { name: new RegExp(`Weekly timeline of ${COUNT} valid certificates`) });
  await timeline.waitFor();
  assert.equal(await page.locator('.timeline [data-cert]').count(), 0, 'no bar per certificate');
  assert.ok((await page.locator('.timeline .tl-bar').count()) >= 13, 'one bar per week, about 13 weeks');

  const status = page.getByRole('status').filter({ hasText: /of 120 certificates/ });
  await status.waitFor();
  assert.match(await status.innerText(), /^1–50 of 120 certificates$/);
  assert.equal((await rowNames(page)).length, 50);
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /^51–100 of 120/ })
    .waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /^101–120 of 120/ })
    .waitFor();
  assert.equal((await rowNames(page)).length, 20);
  assert.equal(await page.getByRole('button', { name: 'Next' }).isDisabled(), true);

  const filter = page.getByLabel('Filter by name');
  await filter.fill('n77.');
  await page
    .getByRole('status')
    .filter({ hasText: /^1–1 of 1 matching “n77\.”$/ })
    .waitFor();
  assert.deepEqual(await rowNames(page), ['n77.fleet.example.test'], 'the filter starts again at page 1');
  await filter.fill('nothing-like-this');
  await page
    .getByRole('status')
    .filter({ hasText: /No certificate matches/ })
    .waitFor();
  assert.deepEqual(await rowNames(page), []);

  const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await filter.fill('');
  await page.evaluate(axe); // evaluated by the test, not injected as a script the CSP would refuse
  const violations = await page.evaluate(async () =>
    (await (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run()).violations.map((v) => v.id),
  );
  assert.deepEqual(violations, []);
  await page.close();
});

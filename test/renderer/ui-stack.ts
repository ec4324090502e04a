// The whole product behind a real browser, for the end-to-end UI tests: BIND (two authoritative
// servers for example.test), Pebble validating against it, the app core behind the loopback web
// host, and Chromium.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startBind, type BindZone } from '../env/bind.ts';
import { startPebble, type PebbleInstance } from '../env/pebble.ts';
import { launchChromium, type LaunchedChromium } from '../env/chromium.ts';
import { createApp } from '../../electron/core/app/create-app.ts';
import { startWebHost, type WebHost } from '../../electron/web-host/server.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface UiStack {
  dns: BindZone;
  pebble: PebbleInstance;
  host: WebHost;
  browser: LaunchedChromium;
  exportDir: string;
  /** The app's data dir, for the CLI to look at the same state. */
  dataDir: string;
  stop(): Promise<void>;
}

export async function startUiStack(options: { demo?: boolean } = {}): Promise<UiStack> {
  const dns = await startBind({ zone: 'example.test', servers: 2 });
  const s0 = dns.servers[0]!;
  const pebble = await startPebble({ dnsServer: `${s0.address}:${s0.port}` });
  const base = mkdtempSync(path.join(tmpdir(), 'ui-stack-'));
  const exportDir = path.join(base, 'exports');
  const dataDir = path.join(base, 'data');
  const app = await createApp({
    dataDir,
    host: 'web',
    caBundlePem: pebble.caBundlePem,
    resolvers: [s0],
    authoritativePort: s0.port,
    defaultExportDir: exportDir,
    ...(options.demo
      ? { demo: { publish: (name: string, value: string) => dns.publishTxt(`${name}.`, value), directoryUrl: pebble.directoryUrl } }
      : {}),
  });
  const host = await startWebHost({ handler: app.handler, rendererDir: path.join(ROOT, 'dist/renderer') });
  const browser = await launchChromium();
  return {
    dns,
    pebble,
    host,
    browser,
    exportDir,
    dataDir,
    async stop() {
      await browser.close();
      await host.close();
      await app.close();
      await pebble.stop();
      await dns.stop();
    },
  };
}

/** The root element of a wizard step (data-step="ca|account|names|record|check|issue|export"). */
export const step = (page: Page, name: string) => page.locator(`[data-step="${name}"]`);

/** The header's way into the wizard. */
export const newCertificate = (page: Page) =>
  page
    .getByRole('link', { name: 'New certificate' })
    .or(page.getByRole('button', { name: 'New certificate' }))
    .first();

/**
 * The wizard at its first step, blank: "New certificate" resumes an unfinished wizard (its draft
 * is kept by the core), so a test that wants a fresh one starts it over.
 */
export async function freshWizard(page: Page): Promise<void> {
  await newCertificate(page).click();
  const startOver = page.getByRole('button', { name: 'Start over' });
  await startOver.or(page.locator('[data-step="ca"]')).first().waitFor();
  if (await startOver.isVisible()) await startOver.click();
  await page.locator('[data-step="ca"]').waitFor();
}

// The whole product behind a real browser, for the end-to-end UI tests: BIND (two authoritative
// servers for example.test), Pebble validating against it, the app core behind the loopback web
// host, and Chromium.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startBind, type BindZone } from '../env/bind.ts';
import { startPebble, type PebbleInstance } from '../env/pebble.ts';
import { launchChromium, type LaunchedChromium } from '../env/chromium.ts';
import { createApp } from '../../electron/core/app/create-app.ts';
import { startWebHost, type WebHost } from '../../electron/web-host/server.ts';
import type { EventPayloads } from '../../shared/api/contract.ts';
import type { RenewalOutcomeView } from '../../shared/api/views.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface UiStack {
  dns: BindZone;
  pebble: PebbleInstance;
  host: WebHost;
  browser: LaunchedChromium;
  exportDir: string;
  /** The app's data dir, for the CLI to look at the same state. */
  dataDir: string;
  /**
   * Renew now through the web host's API, as the page does (a job: it answers at once), and wait for
   * the run's end event: the outcomes the run sent, in order.
   */
  renewNow(params: { certificateId?: string; force: boolean }): Promise<RenewalOutcomeView[]>;
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
  async function renewNow(params: { certificateId?: string; force: boolean }): Promise<RenewalOutcomeView[]> {
    const runId = randomUUID();
    const outcomes: RenewalOutcomeView[] = [];
    let unsubscribe = (): void => {};
    const finished = new Promise<EventPayloads['renewal.run-finished']>((resolve) => {
      unsubscribe = app.events.subscribe((event, payload) => {
        if (event === 'renewal.outcome' && (payload as EventPayloads['renewal.outcome']).runId === runId)
          outcomes.push(payload as RenewalOutcomeView);
        if (event === 'renewal.run-finished' && (payload as EventPayloads['renewal.run-finished']).runId === runId)
          resolve(payload as EventPayloads['renewal.run-finished']);
      });
    });
    try {
      const url = new URL(host.url);
      const res = await fetch(`${url.origin}/api/call/renewNow`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-persistcert-token': url.searchParams.get('token') ?? '', origin: url.origin },
        body: JSON.stringify({ runId, ...params }),
      });
      const answer = (await res.json()) as { ok: boolean };
      if (!answer.ok) throw new Error(`renewNow was refused: ${JSON.stringify(answer)}`);
      const end = await finished;
      if (end.error) throw new Error(`the renewal run failed: ${JSON.stringify(end.error)}`);
      return outcomes;
    } finally {
      unsubscribe();
    }
  }
  const browser = await launchChromium();
  return {
    dns,
    pebble,
    host,
    browser,
    exportDir,
    dataDir,
    renewNow,
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

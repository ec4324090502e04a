import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSecureContext, createServer as createTlsServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { ROOT, startUiStack, type UiStack } from './ui-stack.ts';
import { freePort } from '../env/ports.ts';
import { runCli } from '../electron/cli/run-cli.ts';
import { contextFor, makePki, tlsServer, type RunningServer } from '../electron/core/verify/tls-fixtures.ts';

// Every deploy-verification verdict where the user looks: a forced renewal through the real web
// host (Pebble + BIND) deploys PEM files, then four real TLS servers on loopback are asked. One
// reads the deployed files on every connection (serving), one kept the certificate it loaded
// before the renewal (old), one serves someone else's certificate (other), one port is closed
// (unreachable). Chromium must show each in the certificate's details, and `renew --status
// --json` on the same data dir must list each.
const name = 'served.example.test';
let stack: UiStack;
const pemDir = mkdtempSync(path.join(tmpdir(), 'ui-verify-pem-'));
let fresh: Server;
let stale: RunningServer;
let other: RunningServer;
let endpoints: Record<'serving' | 'old-certificate' | 'other-certificate' | 'unreachable', string>;

async function callApi<T>(method: string, params: unknown): Promise<T> {
  const url = new URL(stack.host.url);
  const res = await fetch(`${url.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-persistcert-token': url.searchParams.get('token') ?? '', origin: url.origin },
    body: JSON.stringify(params),
  });
  const body = (await res.json()) as { ok: boolean; value: T; error?: unknown };
  assert.ok(body.ok, `${method}: ${JSON.stringify(body.error)}`);
  return body.value;
}

type Cert = { id: string; names: string[]; status: string; serial: string };
async function validCertificate(): Promise<Cert | undefined> {
  return (await callApi<Cert[]>('listCertificates', {})).find((c) => c.names.includes(name) && c.status === 'valid');
}

before(async () => {
  stack = await startUiStack();
  const account = await callApi<{ id: string; accountUrl: string }>('createAccount', {
    directoryUrl: stack.pebble.directoryUrl,
    contact: [],
    agreeToTerms: true,
  });
  await stack.dns.publishTxt(`_validation-persist.${name}.`, `pebble.letsencrypt.org; accounturi=${account.accountUrl}`);
  await callApi('startIssue', { accountId: account.id, names: [name], keyType: 'ec-p256' });
  // Issuance runs as a job; the certificate list has it once it is stored (readiness, not a timing).
  let cert: Cert | undefined;
  for (let i = 0; i < 300 && !(cert = await validCertificate()); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(cert, 'the certificate was issued');

  // The server that kept the pre-renewal certificate: loaded from an export of the first one.
  const firstDir = mkdtempSync(path.join(tmpdir(), 'ui-verify-first-'));
  await callApi('exportPem', { certificateId: cert.id, dir: firstDir, keyFormat: 'pkcs8', overwrite: false });
  stale = await tlsServer(
    createSecureContext({
      key: readFileSync(path.join(firstDir, 'privkey.pem')),
      cert: readFileSync(path.join(firstDir, 'fullchain.pem')),
    }),
  );
  // A server that reads the deployed files on every connection, as if it reloaded at once.
  fresh = createTlsServer(
    {
      SNICallback: (_sni, cb) => {
        try {
          cb(
            null,
            createSecureContext({
              key: readFileSync(path.join(pemDir, 'privkey.pem')),
              cert: readFileSync(path.join(pemDir, 'fullchain.pem')),
            }),
          );
        } catch (err) {
          cb(err as Error);
        }
      },
    },
    (s) => s.end(),
  );
  await new Promise<void>((r) => fresh.listen(0, '127.0.0.1', r));
  other = await tlsServer(contextFor(makePki().leaf('someone-else.example.test')));
  const sni = `,sni=${name}`;
  endpoints = {
    serving: `127.0.0.1:${(fresh.address() as AddressInfo).port}${sni}`,
    'old-certificate': `127.0.0.1:${stale.port}${sni}`,
    'other-certificate': `127.0.0.1:${other.port}${sni}`,
    unreachable: `127.0.0.1:${await freePort()}${sni}`,
  };
});
after(async () => {
  await stale?.close();
  await other?.close();
  await new Promise((r) => (fresh ? fresh.close(r) : r(undefined)));
  await stack?.stop();
});

test('after a renewal, the details show what each server serves, as renew --status --json does', async (t) => {
  if (!existsSync(path.join(ROOT, 'dist/renderer/index.html'))) return t.skip('the UI is not built (npm test builds it)');
  const cert = (await validCertificate())!;
  await callApi('setRenewalSettings', {
    certificateId: cert.id,
    autoRenew: true,
    reuseKey: false,
    pem: { dir: pemDir, keyFormat: 'pkcs8' },
    pfx: null,
    command: null,
    backupAccountId: null,
    failoverAfter: 3,
    verifyEndpoints: Object.values(endpoints),
    verifyWaitSec: 0,
  });
  const outcome = await stack.renewNow({ certificateId: cert.id, force: true });
  assert.equal(outcome[0]?.action, 'renewed', JSON.stringify(outcome));

  // The CLI on the same data dir.
  const status = await runCli(['renew', '--status', '--json', '--data-dir', stack.dataDir]);
  assert.equal(status.code, 0, status.stderr);
  const item = (
    JSON.parse(status.stdout) as { items: { names: string[]; served: { results: { endpoint: string; status: string }[] } | null }[] }
  ).items.find((i) => i.names.includes(name));
  assert.deepEqual(
    item?.served?.results.map((r) => [r.endpoint, r.status]),
    Object.entries(endpoints).map(([status, endpoint]) => [endpoint, status]),
  );

  // The UI: the certificate's details, one line per server, with the fix where there is one.
  const page = await stack.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${stack.host.url}#/certificates`);
  const row = page.getByRole('table').locator('tbody tr').filter({ hasText: name }).filter({ hasNotText: 'Replaced' }).first();
  await row.getByRole('button', { name: /Details/ }).click();
  const served = page.locator('dt', { hasText: /^Served$/ }).locator('xpath=following-sibling::dd[1]');
  await served.waitFor();
  const lines = await served.locator('> span.block').allInnerTexts();
  const lineFor = (endpoint: string) => lines.find((l) => l.includes(endpoint)) ?? '';
  const expected: Record<keyof typeof endpoints, RegExp> = {
    serving: /serves this certificate/,
    'old-certificate':
      /still serves the previous certificate[\s\S]*How to fix it: The server still serves the previous certificate: reload or restart it/,
    'other-certificate':
      /serves another certificate .*someone-else\.example\.test[\s\S]*How to fix it: .*check the host, port and sni= name/,
    unreachable: /could not be reached: [\s\S]*How to fix it: /,
  };
  for (const [status, endpoint] of Object.entries(endpoints) as [keyof typeof endpoints, string][]) {
    assert.match(lineFor(endpoint), expected[status], `${status}: ${lineFor(endpoint)}`);
  }
  assert.doesNotMatch(lineFor(endpoints.serving), /How to fix it/);
  mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'deploy-verify-served.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

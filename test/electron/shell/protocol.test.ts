import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../electron/shell/csp.ts';
import { createAppProtocolHandler } from '../../../electron/shell/protocol.ts';

const base = path.resolve('/srv/pc');
const rendererDir = path.join(base, 'renderer');
const inRenderer = (rel: string) => path.join(rendererDir, ...rel.split('/'));

// The UI's files, plus files right next to it that a traversal would reach.
const files = new Map<string, string>([
  [inRenderer('index.html'), '<!doctype html><title>PersistCert</title>'],
  [inRenderer('assets/index.js'), 'console.log(1)'],
  [inRenderer('assets/index.js.map'), '{"version":3}'],
  [inRenderer('assets/index.css'), 'body{}'],
  [inRenderer('assets/logo.svg'), '<svg/>'],
  [inRenderer('assets/icon.png'), 'PNG'],
  [inRenderer('assets/presets.json'), '[]'],
  [inRenderer('assets/inter.woff2'), 'wOF2'],
  [inRenderer('assets/blob.bin'), 'bytes'],
  [path.join(base, 'secret.txt'), 'SECRET'],
  [path.join(base, 'renderer-evil', 'x.js'), 'SECRET'],
]);
const dirs = new Set([rendererDir, inRenderer('assets')]);

function setup(failWith?: string) {
  const reads: string[] = [];
  const readFile = async (file: string): Promise<Uint8Array> => {
    reads.push(file);
    if (failWith) throw Object.assign(new Error(failWith), { code: failWith });
    if (dirs.has(file)) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    const content = files.get(file);
    if (content === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return Buffer.from(content);
  };
  return { handler: createAppProtocolHandler(readFile, rendererDir), reads };
}

async function check(response: Response, reads: string[]) {
  // Every response, success or not, carries the CSP and nosniff; no read leaves the UI folder.
  assert.equal(response.headers.get('Content-Security-Policy'), CONTENT_SECURITY_POLICY);
  assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff');
  for (const r of reads) assert.ok(r.startsWith(rendererDir + path.sep), `read outside the UI: ${r}`);
}

const served: { url: string; file: string; type: string }[] = [
  { url: 'app://persistcert/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { url: 'app://persistcert', file: 'index.html', type: 'text/html; charset=utf-8' },
  { url: 'app://persistcert/index.html', file: 'index.html', type: 'text/html; charset=utf-8' },
  { url: 'app://persistcert/index.html?x=1#/certificates', file: 'index.html', type: 'text/html; charset=utf-8' },
  { url: 'app://persistcert/assets/index.js', file: 'assets/index.js', type: 'text/javascript; charset=utf-8' },
  { url: 'app://persistcert/assets/index.css', file: 'assets/index.css', type: 'text/css; charset=utf-8' },
  { url: 'app://persistcert/assets/logo.svg', file: 'assets/logo.svg', type: 'image/svg+xml' },
  { url: 'app://persistcert/assets/icon.png', file: 'assets/icon.png', type: 'image/png' },
  { url: 'app://persistcert/assets/presets.json', file: 'assets/presets.json', type: 'application/json' },
  { url: 'app://persistcert/assets/index.js.map', file: 'assets/index.js.map', type: 'application/json' },
  { url: 'app://persistcert/assets/inter.woff2', file: 'assets/inter.woff2', type: 'font/woff2' },
  { url: 'app://persistcert/assets/blob.bin', file: 'assets/blob.bin', type: 'application/octet-stream' },
  { url: 'app://persistcert/assets/%69ndex.js', file: 'assets/index.js', type: 'text/javascript; charset=utf-8' },
];

for (const s of served) {
  test(`app protocol serves ${s.url} as ${s.file} (${s.type})`, async () => {
    const { handler, reads } = setup();
    const response = await handler({ url: s.url, method: 'GET' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Content-Type'), s.type);
    assert.equal(await response.text(), files.get(inRenderer(s.file)));
    assert.deepEqual(reads, [inRenderer(s.file)]);
    await check(response, reads);
  });
}

// Each would reach secret.txt (or renderer-evil/) under a naive join of the decoded path.
const refused: { url: string; why: string }[] = [
  { url: 'app://persistcert/..%2fsecret.txt', why: 'encoded slash after ..' },
  { url: 'app://persistcert/%2e%2e%2fsecret.txt', why: 'encoded dots and slash' },
  { url: 'app://persistcert/assets/..%2f..%2fsecret.txt', why: 'two levels up' },
  { url: 'app://persistcert/..%5csecret.txt', why: 'encoded backslash' },
  { url: 'app://persistcert/..\\secret.txt', why: 'backslash' },
  { url: 'app://persistcert/assets\\..\\..\\secret.txt', why: 'backslashes' },
  { url: 'app://persistcert/%2fsrv%2fpc%2fsecret.txt', why: 'encoded absolute path' },
  { url: `app://persistcert/${encodeURIComponent(path.join(base, 'secret.txt'))}`, why: 'absolute path, encoded for this OS' },
  { url: 'app://persistcert//srv/pc/secret.txt', why: 'empty segment (absolute-looking path)' },
  { url: 'app://persistcert/C:%5csrv%5cpc%5csecret.txt', why: 'Windows drive path' },
  { url: 'app://persistcert/..%2frenderer-evil%2fx.js', why: 'sibling folder sharing the prefix' },
  { url: 'app://persistcert/index.html%00.png', why: 'NUL byte' },
  { url: 'app://persistcert/%E0%A4%A', why: 'malformed escape' },
];

for (const r of refused) {
  test(`app protocol refuses ${r.url} (${r.why}) with 404 and reads nothing`, async () => {
    const { handler, reads } = setup();
    const response = await handler({ url: r.url });
    assert.equal(response.status, 404);
    assert.notEqual(await response.text(), 'SECRET');
    assert.deepEqual(reads, []);
    await check(response, reads);
  });
}

// `URL` folds these dot segments away before we see the path; they must stay inside too.
for (const url of ['app://persistcert/../secret.txt', 'app://persistcert/%2e%2e/secret.txt', 'app://persistcert/assets/../../secret.txt']) {
  test(`app protocol keeps ${url} inside the UI folder`, async () => {
    const { handler, reads } = setup();
    const response = await handler({ url });
    assert.equal(response.status, 404);
    assert.notEqual(await response.text(), 'SECRET');
    await check(response, reads);
  });
}

const notServed: { url: string; status: number; method?: string; failWith?: string; why: string }[] = [
  { url: 'app://persistcert/missing.js', status: 404, why: 'missing file' },
  { url: 'app://persistcert/assets', status: 404, why: 'a folder' },
  { url: 'app://persistcert/assets/', status: 404, why: 'a folder, trailing slash' },
  { url: 'app://evil/index.html', status: 404, why: 'another host' },
  { url: 'app://persistcert:1/index.html', status: 404, why: 'a port' },
  { url: 'app://u:p@persistcert/index.html', status: 404, why: 'credentials' },
  { url: 'https://persistcert/index.html', status: 404, why: 'another scheme' },
  { url: 'not a url', status: 404, why: 'garbage' },
  { url: 'app://persistcert/index.html', method: 'POST', status: 405, why: 'not GET or HEAD' },
  { url: 'app://persistcert/index.html', failWith: 'EACCES', status: 500, why: 'unreadable file' },
];

for (const n of notServed) {
  test(`app protocol answers ${n.status} for ${n.url}${n.method ? ` (${n.method})` : ''}: ${n.why}`, async () => {
    const { handler, reads } = setup(n.failWith);
    const response = await handler({ url: n.url, ...(n.method ? { method: n.method } : {}) });
    assert.equal(response.status, n.status);
    await check(response, reads);
  });
}

test('HEAD answers with the headers and no body', async () => {
  const { handler, reads } = setup();
  const response = await handler({ url: 'app://persistcert/assets/index.js', method: 'HEAD' });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('Content-Type'), 'text/javascript; charset=utf-8');
  assert.equal(await response.text(), '');
  await check(response, reads);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AcmeProbe, type AcmeDirectory } from './acme-probe.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import { httpsRequest } from './https.ts';
import { startPebble, type PebbleInstance } from './pebble.ts';

let pebble: PebbleInstance;
let proxy: FaultProxy;
let upstreamOrigin: string;

before(async () => {
  pebble = await startPebble();
  upstreamOrigin = new URL(pebble.directoryUrl).origin;
  proxy = await startFaultProxy(upstreamOrigin, pebble.caBundlePem);
});

after(async () => {
  await proxy?.stop();
  await pebble?.stop();
});

const get = (path: string, timeoutMs = 5000) => httpsRequest(`${proxy.url}${path}`, { ca: pebble.caBundlePem, timeoutMs });

test('a forwarded GET /dir has every URL rewritten to the proxy', async () => {
  assert.match(proxy.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(proxy.url, upstreamOrigin);
  const res = await get('/dir');
  assert.equal(res.status, 200);
  assert.ok(!res.text().includes(upstreamOrigin), 'upstream origin leaked through');
  const dir = res.json<AcmeDirectory>();
  for (const key of ['newNonce', 'newAccount', 'newOrder', 'renewalInfo', 'revokeCert', 'keyChange']) {
    assert.ok(String(dir[key]).startsWith(`${proxy.url}/`), `${key}: ${String(dir[key])}`);
  }
  assert.equal(proxy.hits(), 0);
});

test('signed POSTs go through the proxy: newAccount works and its Location points at the proxy', async () => {
  const acme = await AcmeProbe.create(`${proxy.url}/dir`, pebble.caBundlePem);
  const account = await acme.register();
  assert.ok(account.startsWith(`${proxy.url}/`), account);
  const order = await acme.post(acme.directory.newOrder, { identifiers: [{ type: 'dns', value: 'x.example.test' }] });
  assert.ok(String(order.headers.location).startsWith(`${proxy.url}/`));
  const body = order.json<{ authorizations: string[]; finalize: string }>();
  assert.ok(body.authorizations.every((u) => u.startsWith(`${proxy.url}/`)));
  assert.ok(body.finalize.startsWith(`${proxy.url}/`));
  const methods = new Set(proxy.log().map((e) => e.method));
  assert.ok(methods.has('HEAD') && methods.has('POST'));
});

test('an injected 503 + Retry-After is served once, then forwarding resumes', async () => {
  const problem = JSON.stringify({ type: 'urn:ietf:params:acme:error:rateLimited', detail: 'slow down', status: 503 });
  proxy.inject({
    method: 'GET',
    pathIncludes: '/dir',
    fault: { kind: 'respond', status: 503, headers: { 'retry-after': '7', 'content-type': 'application/problem+json' }, body: problem },
  });
  const hitsBefore = proxy.hits();
  const first = await get('/dir');
  assert.equal(first.status, 503);
  assert.equal(first.headers['retry-after'], '7');
  assert.equal(first.headers['content-type'], 'application/problem+json');
  assert.deepEqual(first.json(), JSON.parse(problem));
  assert.equal(proxy.hits(), hitsBefore + 1);

  const second = await get('/dir');
  assert.equal(second.status, 200);
  assert.ok(second.json<AcmeDirectory>().newNonce.startsWith(proxy.url));
  assert.equal(proxy.hits(), hitsBefore + 1);
});

test('rules match by method and path, and `times` repeats a fault', async () => {
  proxy.inject({ method: 'POST', pathIncludes: '/dir', fault: { kind: 'respond', status: 500 } });
  proxy.inject({ pathIncludes: '/nonce-plz', times: 2, fault: { kind: 'respond', status: 200, body: 'not json' } });
  assert.equal((await get('/dir')).status, 200, 'GET must not match a POST rule');
  assert.equal((await get('/nonce-plz')).text(), 'not json');
  assert.equal((await get('/nonce-plz')).text(), 'not json');
  assert.notEqual((await get('/nonce-plz')).text(), 'not json');
  proxy.clear();
});

test('huge-body streams the requested bytes; slow-headers delays; hang never answers', async () => {
  proxy.inject({ pathIncludes: '/dir', fault: { kind: 'huge-body', bytes: 3_000_000 } });
  const huge = await get('/dir');
  assert.equal(huge.body.length, 3_000_000);
  assert.equal(huge.headers['content-type'], 'application/json');

  proxy.inject({ pathIncludes: '/dir', fault: { kind: 'slow-headers', ms: 150 } });
  const t0 = performance.now();
  const slow = await get('/dir');
  assert.ok(performance.now() - t0 >= 140);
  assert.equal(slow.status, 200);

  proxy.inject({ pathIncludes: '/dir', fault: { kind: 'hang' } });
  await assert.rejects(get('/dir', 300), /timed out/);
  assert.equal((await get('/dir')).status, 200);
});

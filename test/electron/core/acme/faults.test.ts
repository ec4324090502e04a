import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCaWithDns, type CaWithDns } from './ca-fixture.ts';
import { startFaultProxy, type FaultProxy } from '../../../env/fault-proxy.ts';
import { generateKeyPair } from '../../../../electron/core/crypto/keys.ts';
import { AcmeClient, type AcmeClientOptions } from '../../../../electron/core/acme/client.ts';
import { createAccount } from '../../../../electron/core/acme/account.ts';
import { createOrder } from '../../../../electron/core/acme/order.ts';
import { issueCertificate } from '../../../../electron/core/acme/issue.ts';
import { AcmeProblemError, AcmeResponseError, AcmeRetryLaterError, AcmeTransportError } from '../../../../electron/core/acme/errors.ts';

// Bad answers from "the CA", injected by a loopback proxy in front of a real Pebble.
let ca: CaWithDns;
let proxy: FaultProxy;
before(async () => {
  ca = await startCaWithDns();
  proxy = await startFaultProxy(new URL(ca.pebble.directoryUrl).origin, ca.pebble.caBundlePem);
});
after(async () => {
  await proxy?.stop();
  await ca?.stop();
});
beforeEach(() => proxy.clear());

function client(options: Partial<AcmeClientOptions> = {}): AcmeClient {
  return ca.client({ directoryUrl: `${proxy.url}/dir`, ...options });
}

async function withAccount(options: Partial<AcmeClientOptions> = {}): Promise<AcmeClient> {
  const c = client(options);
  await createAccount(c, (await generateKeyPair('ec-p256')).privateKey, { termsOfServiceAgreed: true });
  return c;
}

test("a directory that is not JSON: typed error with the CA's words", async () => {
  proxy.inject({
    method: 'GET',
    pathIncludes: '/dir',
    fault: { kind: 'respond', status: 200, headers: { 'content-type': 'application/json' }, body: '<html>maintenance window</html>' },
  });
  await assert.rejects(client().directory(), (err) => {
    assert.ok(err instanceof AcmeResponseError);
    assert.match(err.message, /not valid JSON/);
    assert.match(err.bodySnippet, /maintenance window/);
    return true;
  });
});

test('a directory with the wrong content type', async () => {
  proxy.inject({
    method: 'GET',
    pathIncludes: '/dir',
    fault: { kind: 'respond', status: 200, headers: { 'content-type': 'text/html' }, body: '{}' },
  });
  await assert.rejects(client().directory(), (err) => err instanceof AcmeResponseError && /text\/html/.test(err.message));
});

test('a directory missing required URLs is called malformed, naming the field', async () => {
  proxy.inject({
    method: 'GET',
    pathIncludes: '/dir',
    fault: { kind: 'respond', status: 200, headers: { 'content-type': 'application/json' }, body: '{"newNonce":"https://127.0.0.1/n"}' },
  });
  await assert.rejects(client().directory(), /malformed ACME directory: newAccount/);
});

test('a huge body is cut off at the size cap', async () => {
  proxy.inject({
    method: 'GET',
    pathIncludes: '/dir',
    fault: { kind: 'huge-body', bytes: 8 * 1024 * 1024, contentType: 'application/json' },
  });
  await assert.rejects(client({ maxResponseBytes: 256 * 1024 }).directory(), (err) => {
    assert.ok(err instanceof AcmeTransportError);
    assert.equal(err.reason, 'too-large');
    return true;
  });
});

test('a CA that never answers times out instead of hanging', async () => {
  proxy.inject({ method: 'GET', pathIncludes: '/dir', fault: { kind: 'hang' } });
  await assert.rejects(client({ timeoutMs: 800 }).directory(), (err) => err instanceof AcmeTransportError && err.reason === 'timeout');
});

test('503 with a short Retry-After is waited out and retried', async () => {
  const c = await withAccount();
  const hitsBefore = proxy.hits();
  proxy.inject({
    method: 'POST',
    pathIncludes: '/order-plz',
    fault: {
      kind: 'respond',
      status: 503,
      headers: { 'retry-after': '1', 'content-type': 'application/problem+json' },
      body: JSON.stringify({ type: 'urn:ietf:params:acme:error:serverInternal', detail: 'busy, come back' }),
    },
  });
  const order = await createOrder(c, { names: ['retry.example.test'] });
  assert.equal(order.object.status, 'pending');
  assert.equal(proxy.hits() - hitsBefore, 1, 'the fault was served once');
  assert.equal(c.stats.serverRetries, 1, JSON.stringify(c.stats));
});

test('503 with a long Retry-After surfaces as "retry later" with the CA\'s words, at once', async () => {
  const c = await withAccount();
  proxy.inject({
    method: 'POST',
    pathIncludes: '/order-plz',
    fault: {
      kind: 'respond',
      status: 503,
      headers: { 'retry-after': '3600', 'content-type': 'application/problem+json' },
      body: JSON.stringify({ type: 'urn:ietf:params:acme:error:serverInternal', detail: 'planned maintenance' }),
    },
  });
  const started = Date.now();
  await assert.rejects(createOrder(c, { names: ['later.example.test'] }), (err) => {
    assert.ok(err instanceof AcmeRetryLaterError);
    assert.ok(err.retryAfter.getTime() - Date.now() > 3500_000);
    assert.match(err.message, /planned maintenance/);
    return true;
  });
  assert.ok(Date.now() - started < 5_000);
});

test('a 500 on a POST is not retried (it may have been applied) and keeps the body', async () => {
  const c = await withAccount();
  proxy.inject({
    method: 'POST',
    pathIncludes: '/order-plz',
    fault: { kind: 'respond', status: 500, headers: { 'content-type': 'text/plain' }, body: 'upstream exploded' },
  });
  await assert.rejects(createOrder(c, { names: ['boom.example.test'] }), (err) => {
    assert.ok(err instanceof AcmeResponseError);
    assert.equal(err.status, 500);
    assert.match(err.bodySnippet, /upstream exploded/);
    return true;
  });
  assert.equal(c.stats.serverRetries, 0);
});

test('a problem document is kept whole: type, detail, subproblems and unknown fields', async () => {
  const c = await withAccount();
  const problem = {
    type: 'urn:ietf:params:acme:error:rejectedIdentifier',
    detail: 'Some identifiers were rejected',
    status: 400,
    vendorHint: 'see https://ca.test/policy',
    subproblems: [
      {
        type: 'urn:ietf:params:acme:error:rejectedIdentifier',
        detail: 'forbidden by policy',
        identifier: { type: 'dns', value: 'bad.example.test' },
      },
    ],
  };
  proxy.inject({
    method: 'POST',
    pathIncludes: '/order-plz',
    fault: { kind: 'respond', status: 400, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify(problem) },
  });
  await assert.rejects(createOrder(c, { names: ['bad.example.test'] }), (err) => {
    assert.ok(err instanceof AcmeProblemError);
    assert.equal(err.acmeType, 'rejectedIdentifier');
    assert.equal(err.problem.subproblems?.[0]?.identifier?.value, 'bad.example.test');
    assert.equal(err.problem.raw.vendorHint, 'see https://ca.test/policy');
    assert.match(err.message, /bad\.example\.test: forbidden by policy/);
    return true;
  });
});

test('an order missing its finalize URL is malformed, not a crash later', async () => {
  const c = await withAccount();
  proxy.inject({
    method: 'POST',
    pathIncludes: '/order-plz',
    fault: {
      kind: 'respond',
      status: 201,
      headers: { 'content-type': 'application/json', location: `${proxy.url}/my-order/x` },
      body: JSON.stringify({ status: 'pending', identifiers: [], authorizations: [] }),
    },
  });
  await assert.rejects(createOrder(c, { names: ['shape.example.test'] }), /malformed order: finalize/);
});

// RFC 8555 §7.4: "processing" means come back after the Retry-After. The first look follows the
// finalize at once (the certificate is usually ready); a look that finds it still processing waits
// as long as the CA asks. The proxy answers the first look after finalize with "processing".
for (const retryAfter of ['2', 'seconds-as-date'] as const) {
  test(`an order still processing after finalize: looked at once, then waited for as its Retry-After asks (${retryAfter})`, async () => {
    const sleeps: number[] = [];
    const c = client({ sleep: async (ms) => void sleeps.push(ms) });
    const account = await createAccount(c, (await generateKeyPair('ec-p256')).privateKey, { termsOfServiceAgreed: true });
    const name = `processing-${retryAfter}.example.test`;
    const hitsBefore = proxy.hits();
    await ca.publishPersistRecord(name, account.url);
    let orderUrl = '';
    const cert = await issueCertificate(c, {
      names: [name],
      certificateKey: (await generateKeyPair('ec-p256')).privateKey,
      challengeType: 'dns-persist-01',
      onProgress: (step) => {
        if (step.step === 'order-created') orderUrl = step.orderUrl;
        if (step.step !== 'finalizing') return;
        sleeps.length = 0; // only the waits after finalize count here
        const header = retryAfter === '2' ? '2' : new Date(Date.now() + 3000).toUTCString();
        proxy.inject({
          method: 'POST',
          pathIncludes: new URL(orderUrl).pathname,
          fault: {
            kind: 'respond',
            status: 200,
            headers: { 'content-type': 'application/json', 'retry-after': header },
            body: JSON.stringify({
              status: 'processing',
              identifiers: [{ type: 'dns', value: name }],
              authorizations: [],
              finalize: `${proxy.url}/finalize-order/x`,
            }),
          },
        });
      },
    });
    assert.match(cert.pem, /BEGIN CERTIFICATE/);
    assert.equal(proxy.hits() - hitsBefore, 1, 'the first look after finalize got "processing"');
    // The first wait is the one asked for; Pebble may ask for more if it is still signing.
    assert.ok(sleeps.length >= 1, 'waited after the "processing" answer');
    // Measured from when the answer came (a few ms before the wait starts); an HTTP-date has whole
    // seconds, so its wait ends within the second it names. Never the 0.1 s of our own backoff.
    const [low, high] = retryAfter === '2' ? [1500, 2000] : [1000, 3000];
    assert.ok(sleeps[0]! > low && sleeps[0]! <= high, `waited ${sleeps[0]} ms`);
  });
}

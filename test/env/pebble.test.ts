import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AcmeProbe, AcmeProblem, type AcmeDirectory } from './acme-probe.ts';
import { startBind } from './bind.ts';
import { httpsRequest } from './https.ts';
import { startPebble, MIN_PEBBLE_VERSION } from './pebble.ts';
import { liveChildren, run } from './process.ts';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('Pebble >= 2.10 starts with ARI, caaIdentities and exactly one profile, and stops cleanly', async () => {
  const pebble = await startPebble({ caaIdentities: ['ca.persistcert.test'] });
  const pid = pebble.pid;
  assert.ok(pid !== undefined && pidAlive(pid));
  try {
    const [major, minor] = pebble.version.split('.').map(Number);
    assert.ok(
      major! > MIN_PEBBLE_VERSION[0] || (major === MIN_PEBBLE_VERSION[0] && minor! >= MIN_PEBBLE_VERSION[1]),
      `version ${pebble.version}`,
    );
    assert.match(pebble.directoryUrl, /^https:\/\/127\.0\.0\.1:\d+\/dir$/);

    const res = await httpsRequest(pebble.directoryUrl, { ca: pebble.caBundlePem });
    assert.equal(res.status, 200);
    const dir = res.json<AcmeDirectory>();
    assert.match(dir.renewalInfo ?? '', /^https:\/\/127\.0\.0\.1:\d+\/.*renewalInfo$/);
    assert.deepEqual(dir.meta?.caaIdentities, ['ca.persistcert.test']);
    assert.deepEqual(Object.keys(dir.meta?.profiles ?? {}), ['default']);
    assert.equal(dir.meta?.externalAccountRequired, false);
    assert.match(await readFile(pebble.caBundlePath, 'utf8'), /BEGIN CERTIFICATE/);
  } finally {
    await pebble.stop();
  }
  assert.equal(pidAlive(pid), false, 'pebble process still exists after stop()');
  assert.equal(liveChildren(), 0);
  await assert.rejects(httpsRequest(pebble.directoryUrl, { ca: pebble.caBundlePem, timeoutMs: 1000 }), /ECONNREFUSED/);
});

test('eabRequired: newAccount without EAB is refused, with a configured key it succeeds', async () => {
  const pebble = await startPebble({ eabRequired: true });
  try {
    const kid = Object.keys(pebble.eabKeys)[0]!;
    const noEab = await AcmeProbe.create(pebble.directoryUrl, pebble.caBundlePem);
    assert.equal(noEab.directory.meta?.externalAccountRequired, true);
    await assert.rejects(noEab.register(), (e: unknown) => {
      assert.ok(e instanceof AcmeProblem);
      assert.equal(e.problem?.type, 'urn:ietf:params:acme:error:externalAccountRequired');
      return true;
    });
    const withEab = await AcmeProbe.create(pebble.directoryUrl, pebble.caBundlePem);
    assert.match(await withEab.register({ kid, key: pebble.eabKeys[kid]! }), /^https:\/\/127\.0\.0\.1:\d+\//);
  } finally {
    await pebble.stop();
  }
});

test('issued certificates chain to issuingRootsPem(), and setRenewalInfo() controls the ARI answer', async () => {
  const pebble = await startPebble({ env: { PEBBLE_VA_ALWAYS_VALID: '1' } });
  const work = await mkdtemp(join(tmpdir(), 'persistcert-pebble-test-'));
  try {
    const acme = await AcmeProbe.create(pebble.directoryUrl, pebble.caBundlePem);
    await acme.register();
    const orderRes = await acme.post(acme.directory.newOrder, { identifiers: [{ type: 'dns', value: 'www.example.test' }] });
    const orderUrl = orderRes.headers.location as string;
    let order = orderRes.json<{ status: string; authorizations: string[]; finalize: string; certificate?: string }>();
    for (const authzUrl of order.authorizations) {
      const authz = (await acme.post(authzUrl)).json<{ challenges: Array<{ type: string; url: string }> }>();
      assert.ok(
        authz.challenges.some((c) => c.type === 'dns-persist-01'),
        'Pebble offers dns-persist-01',
      );
      await acme.post(authz.challenges[0]!.url, {});
    }
    const poll = async (want: string[]): Promise<typeof order> => {
      for (let i = 0; i < 100; i++) {
        order = (await acme.post(orderUrl)).json<typeof order>();
        if (want.includes(order.status)) return order;
        await new Promise((r) => setTimeout(r, 20)); // poll interval, not a readiness sleep
      }
      throw new Error(`order stuck in ${order.status}`);
    };
    await poll(['ready']);

    await run('openssl', [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(work, 'k.pem'),
      '-subj',
      '/',
      '-addext',
      'subjectAltName=DNS:www.example.test',
      '-outform',
      'DER',
      '-out',
      join(work, 'csr.der'),
    ]);
    await acme.post(order.finalize, { csr: (await readFile(join(work, 'csr.der'))).toString('base64url') });
    await poll(['valid']); // finalize has returned: polling now cannot hit pebble#554
    const chainPem = (await acme.post(order.certificate!)).text();
    const leafPem = chainPem.slice(0, chainPem.indexOf('-----END CERTIFICATE-----') + 25) + '\n';
    const leaf = new X509Certificate(leafPem);
    assert.equal(leaf.subjectAltName, 'DNS:www.example.test');

    // The leaf verifies against the roots Pebble reports, with openssl as the independent judge.
    const roots = await pebble.issuingRootsPem();
    assert.equal(roots.match(/BEGIN CERTIFICATE/g)?.length, 2);
    await writeFile(join(work, 'roots.pem'), roots);
    await writeFile(join(work, 'leaf.pem'), leafPem);
    assert.match(await run('openssl', ['verify', '-CAfile', join(work, 'roots.pem'), join(work, 'leaf.pem')]), /OK/);

    // ARI certID: base64url(AKI keyIdentifier) "." base64url(DER serial).
    const akiText = await run('openssl', ['x509', '-in', join(work, 'leaf.pem'), '-noout', '-ext', 'authorityKeyIdentifier']);
    const aki = Buffer.from(/([0-9A-F]{2}(?::[0-9A-F]{2})+)/i.exec(akiText)![1]!.replace(/:/g, ''), 'hex');
    let serial = Buffer.from(leaf.serialNumber.length % 2 ? `0${leaf.serialNumber}` : leaf.serialNumber, 'hex');
    if (serial[0]! & 0x80) serial = Buffer.concat([Buffer.from([0]), serial]);
    const ariUrl = `${acme.directory.renewalInfo}/${aki.toString('base64url')}.${serial.toString('base64url')}`;

    const before = await httpsRequest(ariUrl, { ca: pebble.caBundlePem });
    assert.equal(before.status, 200, before.text());
    const window = { start: '2030-01-01T00:00:00Z', end: '2030-01-02T00:00:00Z' };
    await pebble.setRenewalInfo(leafPem, { suggestedWindow: window });
    const after = await httpsRequest(ariUrl, { ca: pebble.caBundlePem });
    assert.equal(after.status, 200, after.text());
    const got = after.json<{ suggestedWindow: { start: string; end: string } }>().suggestedWindow;
    assert.deepEqual([Date.parse(got.start), Date.parse(got.end)], [Date.parse(window.start), Date.parse(window.end)]);
    assert.notDeepEqual(before.json(), after.json());
  } finally {
    await pebble.stop();
    await rm(work, { recursive: true, force: true });
  }
});

test('dnsServer wiring: Pebble validates dns-persist-01 against a BIND zone, and fails without the record', async () => {
  const zone = await startBind({ zone: 'example.test' });
  const s = zone.servers[0]!;
  const pebble = await startPebble({ dnsServer: `${s.address}:${s.port}`, caaIdentities: ['ca.persistcert.test'] });
  try {
    const acme = await AcmeProbe.create(pebble.directoryUrl, pebble.caBundlePem);
    const account = await acme.register();
    const validate = async (host: string): Promise<{ status: string; error?: { detail?: string } }> => {
      const order = (await acme.post(acme.directory.newOrder, { identifiers: [{ type: 'dns', value: host }] })).json<{
        authorizations: string[];
      }>();
      const authzUrl = order.authorizations[0]!;
      const authz = (await acme.post(authzUrl)).json<{
        challenges: Array<{ type: string; url: string; 'issuer-domain-names'?: string[] }>;
      }>();
      const chall = authz.challenges.find((c) => c.type === 'dns-persist-01')!;
      assert.deepEqual(chall['issuer-domain-names'], ['ca.persistcert.test']);
      await acme.post(chall.url, {});
      for (let i = 0; i < 100; i++) {
        const a = (await acme.post(authzUrl)).json<{ status: string; challenges: Array<{ type: string; error?: { detail?: string } }> }>();
        if (a.status !== 'pending') return { status: a.status, error: a.challenges.find((c) => c.type === 'dns-persist-01')?.error };
        await new Promise((r) => setTimeout(r, 20)); // poll interval
      }
      throw new Error('authorization stayed pending');
    };

    await zone.publishTxt('_validation-persist.www', ['ca.persistcert.test;', ` accounturi=${account}`]);
    assert.equal((await validate('www.example.test')).status, 'valid');

    const missing = await validate('nothing.example.test');
    assert.equal(missing.status, 'invalid');
    assert.match(missing.error?.detail ?? '', /TXT|DNS/i);
  } finally {
    await pebble.stop();
    await zone.stop();
  }
});

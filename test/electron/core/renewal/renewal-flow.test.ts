import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { clampRetryAfter } from '../../../../electron/core/renewal/schedule.ts';
import { saveRenewalSettings } from '../../../../electron/core/renewal/renewal-settings.ts';
import { startRenewalWorld, type RenewalWorld } from './renewal-world.ts';

// Unattended renewal against real Pebble 2.10 CAs with ARI (their management API sets a
// certificate's window), BIND answering for the records, the real keychain, and a fake clock.
let w: RenewalWorld;
const DAY = 86_400_000;

before(async () => {
  w = await startRenewalWorld({ primary: 'pebble.letsencrypt.org', backup: 'backup-ca.example', flaky: 'flaky-ca.example' });
});
after(async () => {
  await w?.stop();
});

const settings = (over: Partial<Parameters<typeof saveRenewalSettings>[3]> = {}) => ({
  autoRenew: true,
  reuseKey: false,
  pem: null,
  pfx: null,
  command: null,
  backupAccountId: null,
  failoverAfter: 3,
  ...over,
});

test('not due: renewal information is fetched right after issuance, a moment in the window is kept, nothing is ordered', async () => {
  const { primary } = w.cas;
  await w.publish('notdue.example.test', primary!);
  const cert = await w.issue(primary!, ['notdue.example.test']);
  w.clock.set(new Date());
  const [outcome] = await w.service.run({ certificateIds: [cert.id] });
  assert.equal(outcome?.action, 'not-due', outcome?.message);
  const after = w.cert(cert.id);
  assert.equal(after.status, 'valid');
  const ari = after.renewal.ari!;
  assert.ok(ari, 'renewalInfo fetched and stored');
  assert.ok(ari.chosen! >= ari.windowStart && ari.chosen! <= ari.windowEnd, 'the chosen moment lies in the window');
  assert.ok(ari.retryAfter, 'Pebble sends Retry-After, and it is kept');
  assert.equal(w.services.store.snapshot.certificates.filter((c) => c.names.includes('notdue.example.test')).length, 1);

  // Retry-After honoured (RFC 9773 §4.3): no new fetch before it, one after it.
  const refreshAt = clampRetryAfter(new Date(ari.fetchedAt), new Date(ari.retryAfter!));
  w.clock.set(new Date(refreshAt.getTime() - 1000));
  await w.service.run({ certificateIds: [cert.id] });
  assert.equal(w.cert(cert.id).renewal.ari!.fetchedAt, ari.fetchedAt, 'not asked again before Retry-After');
  w.clock.set(new Date(refreshAt.getTime() + 1000));
  await w.service.run({ certificateIds: [cert.id] });
  assert.equal(w.cert(cert.id).renewal.ari!.fetchedAt, w.clock.now().toISOString(), 'asked again once Retry-After passed');
  assert.equal(w.cert(cert.id).renewal.ari!.chosen, ari.chosen, 'the same window keeps the same moment');
});

test('due: the CA moves the window into the past, the certificate is renewed with replaces accepted and a new key', async () => {
  const { primary } = w.cas;
  await w.publish('due.example.test', primary!);
  const cert = await w.issue(primary!, ['due.example.test']);
  w.clock.set(new Date());
  await w.service.run({ certificateIds: [cert.id] }); // first fetch: not due
  assert.equal(w.cert(cert.id).status, 'valid');
  const now = Date.now();
  await primary!.pebble.setRenewalInfo(cert.chainPem, {
    suggestedWindow: { start: new Date(now - 2 * DAY).toISOString(), end: new Date(now - DAY).toISOString() },
  });
  // The new window is seen at the next fetch, which Retry-After puts later.
  w.clock.set(new Date(Date.now() + DAY + 60_000));
  // A run over every certificate, as the scheduler does: only this one is due.
  const outcomes = await w.service.run();
  const mine = outcomes.find((o) => o.certificateId === cert.id);
  assert.ok(
    outcomes.filter((o) => o.certificateId !== cert.id).every((o) => o.action !== 'renewed'),
    'nothing else renewed',
  );
  assert.ok(mine, 'an outcome for the certificate');
  assert.equal(mine.action, 'renewed', mine.message);
  const old = w.cert(cert.id);
  assert.equal(old.status, 'replaced');
  assert.equal(old.renewal.inFlight, undefined);
  const renewed = w.cert(mine.newCertificateId!);
  assert.equal(renewed.status, 'valid');
  assert.equal(renewed.replacedId, cert.id);
  // Pebble refuses `replaces` for a serial whose DER carries a 0x00 sign byte (about one in 256;
  // see isReplacesRejection); the renewal then goes ahead without it.
  const oldSerial = new X509Certificate(old.chainPem).serialNumber;
  const signByte = Number.parseInt(oldSerial.slice(0, 2), 16) >= 0x80;
  if (signByte) assert.doesNotMatch(renewed.history[0]!.detail ?? '', /replaces accepted/);
  else assert.match(renewed.history[0]!.detail!, /replaces accepted/);
  const oldKey = new X509Certificate(old.chainPem).publicKey.export({ type: 'spki', format: 'der' });
  const newKey = new X509Certificate(renewed.chainPem).publicKey.export({ type: 'spki', format: 'der' });
  assert.notDeepEqual(newKey, oldKey, 'a new key by default');
  assert.ok(renewed.renewal.ari, 'renewal information fetched for the new certificate right away');
});

test('deploy: files with the right modes and content, the command run with the variables; a failing hook is reported and retried, the certificate kept', async () => {
  const { primary } = w.cas;
  await w.publish('deploy.example.test', primary!);
  const cert = await w.issue(primary!, ['deploy.example.test']);
  w.clock.set(new Date());
  const out = await mkdtemp(path.join(tmpdir(), 'deploy-'));
  const envFile = path.join(out, 'env.txt');
  await saveRenewalSettings(
    w.services.store,
    w.services.keystore,
    cert,
    settings({
      pem: { dir: path.join(out, 'pem'), keyFormat: 'pkcs8' },
      pfx: { path: path.join(out, 'site.pfx'), compatibility: 'modern', password: 'correct horse' },
      command: { run: `env | grep ^PERSISTCERT_ | sort > "${envFile}"; echo reloaded`, timeoutSec: 30 },
    }),
    new Date(),
  );
  const [ok] = await w.service.run({ certificateIds: [cert.id], force: true });
  assert.equal(ok?.action, 'renewed', ok?.message);
  const renewed = w.cert(ok!.newCertificateId!);
  assert.equal((await stat(path.join(out, 'pem', 'privkey.pem'))).mode & 0o777, 0o600);
  assert.equal((await stat(path.join(out, 'site.pfx'))).mode & 0o777, 0o600);
  const fullchain = await readFile(path.join(out, 'pem', 'fullchain.pem'), 'utf8');
  assert.equal(
    new X509Certificate(fullchain).serialNumber.toLowerCase().replace(/^0+/, ''),
    renewed.serialHex.toLowerCase().replace(/^0+/, ''),
  );
  const env = Object.fromEntries(
    (await readFile(envFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  assert.equal(env.PERSISTCERT_CERT_ID, renewed.id);
  assert.equal(env.PERSISTCERT_NAMES, 'deploy.example.test');
  assert.equal(env.PERSISTCERT_RENEWED, '1');
  assert.equal(env.PERSISTCERT_PREVIOUS_CERT_ID, cert.id);
  assert.equal(env.PERSISTCERT_FULLCHAIN_PATH, path.join(out, 'pem', 'fullchain.pem'));
  assert.equal(env.PERSISTCERT_KEY_PATH, path.join(out, 'pem', 'privkey.pem'));
  assert.equal(env.PERSISTCERT_PFX_PATH, path.join(out, 'site.pfx'));
  assert.equal(env.PERSISTCERT_NOT_AFTER, renewed.notAfter);
  assert.ok(!Object.values(env).some((v) => v.includes('correct horse')), 'no password in the environment');
  assert.match(renewed.history.at(-1)!.detail!, /reloaded/, 'the command output is in the certificate log');

  // Now the hook fails: reported, the new certificate stored anyway, retried at a later run.
  const failing = w.cert(renewed.id);
  await saveRenewalSettings(
    w.services.store,
    w.services.keystore,
    failing,
    settings({
      pem: { dir: path.join(out, 'pem'), keyFormat: 'pkcs8' },
      command: { run: 'echo cannot reload >&2; exit 7', timeoutSec: 30 },
    }),
    new Date(),
  );
  const [bad] = await w.service.run({ certificateIds: [failing.id], force: true });
  assert.equal(bad?.action, 'deploy-failed', bad?.message);
  assert.match(bad!.message, /status 7/);
  const kept = w.cert(bad!.newCertificateId!);
  assert.equal(kept.status, 'valid', 'the renewed certificate is kept');
  assert.equal(kept.renewal.deployPending?.attempts, 1);
  assert.match(kept.history.at(-1)!.detail!, /cannot reload/);
  assert.equal(
    await readFile(path.join(out, 'pem', 'cert.pem'), 'utf8').then((p) =>
      new X509Certificate(p).serialNumber.toLowerCase().replace(/^0+/, ''),
    ),
    kept.serialHex.toLowerCase().replace(/^0+/, ''),
    'the files were written before the command',
  );
  // Fixed, and the clock past the retry delay: the next run deploys without renewing again.
  await saveRenewalSettings(
    w.services.store,
    w.services.keystore,
    kept,
    settings({ pem: { dir: path.join(out, 'pem'), keyFormat: 'pkcs8' }, command: { run: 'true', timeoutSec: 30 } }),
    new Date(),
  );
  w.clock.advance(10 * 60_000);
  const [retried] = await w.service.run({ certificateIds: [kept.id] });
  assert.equal(retried?.action, 'deployed', retried?.message);
  assert.equal(w.cert(kept.id).renewal.deployPending, undefined);
  assert.equal(w.cert(kept.id).status, 'valid', 'not renewed again');
});

test('failover: the primary CA keeps failing, the renewal comes from the backup CA and says so', async () => {
  const { flaky, backup } = w.cas;
  await w.publish('failover.example.test', flaky!, backup!);
  const cert = await w.issue(flaky!, ['failover.example.test']);
  await saveRenewalSettings(
    w.services.store,
    w.services.keystore,
    cert,
    settings({ backupAccountId: backup!.account.id, failoverAfter: 2 }),
    new Date(),
  );
  await flaky!.pebble.stop();
  w.clock.set(new Date());
  const [first] = await w.service.run({ certificateIds: [cert.id], force: true });
  assert.equal(first?.action, 'failed', first?.message);
  assert.equal(w.cert(cert.id).renewal.failures?.count, 1);
  w.clock.advance(DAY);
  const [second] = await w.service.run({ certificateIds: [cert.id], force: true });
  assert.equal(second?.action, 'failed', second?.message);
  w.clock.advance(DAY);
  const [third] = await w.service.run({ certificateIds: [cert.id], force: true });
  assert.equal(third?.action, 'renewed', third?.message);
  assert.equal(third?.failover, true);
  assert.match(third!.message, /backup CA/);
  const renewed = w.cert(third!.newCertificateId!);
  assert.equal(renewed.accountId, backup!.account.id, 'issued under the backup account');
  assert.equal(renewed.profileId, w.cert(cert.id).profileId, 'the settings (with the primary first) carry over');
  assert.ok(renewed.profileId);
  const issuer = new X509Certificate(renewed.chainPem).issuer;
  assert.notEqual(issuer, new X509Certificate(cert.chainPem).issuer, 'a different CA issued it');
});

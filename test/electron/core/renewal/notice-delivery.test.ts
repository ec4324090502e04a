import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RenewalOutcomeView } from '../../../../shared/api/views.ts';
import { loadStoredSettings } from '../../../../electron/core/app/settings.ts';
import { EncryptedFileKeystore } from '../../../../electron/core/keystore/file-keystore.ts';
import { noticeDelivery } from '../../../../electron/core/renewal/notice-delivery.ts';
import { protectWebhookToken } from '../../../../electron/core/renewal/unattended.ts';
import { changeSettings } from '../../../../electron/core/usecases/settings.ts';
import { saveSettings, DEFAULT_SETTINGS } from '../../../../electron/core/app/settings.ts';
import { FakeClock } from './fake-clock.ts';

// Notices go to the settings' webhook with its token, read back from a real (encrypted file)
// keystore; a real receiver on loopback sees what was requested.
const servers: http.Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));
async function receiver(): Promise<{ origin: string; seen: { url: string; auth: string | undefined; body: string }[] }> {
  const seen: { url: string; auth: string | undefined; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization, body });
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const failure: RenewalOutcomeView = {
  certificateId: 'cert-1',
  names: ['hook.example.test'],
  action: 'failed',
  message: 'The CA refused the order',
  warnings: [],
};

async function world() {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'notice-delivery-')), 'data');
  const keystore = await EncryptedFileKeystore.open(path.join(dataDir, 'keystore.json'), 'a long test passphrase', {
    create: true,
    scryptN: 1024,
  });
  const log: string[] = [];
  const delivery = noticeDelivery({ dataDir, clock: new FakeClock(new Date()), sinks: [], log: (l) => log.push(l), keystore });
  return { dataDir, keystore, log, delivery };
}

async function delivered(delivery: ReturnType<typeof noticeDelivery>): Promise<void> {
  delivery.outcome(failure);
  await delivery.warnings(async () => []); // waits for the outcomes' deliveries
}

test('a webhook whose token is kept in the keystore gets the notice at its whole URL', async () => {
  const r = await receiver();
  const w = await world();
  const url = `http://hook-user:hook-s3cret@${r.origin}/hooks/T0001/XxYyZz0123456789AbCdEf?token=q-s3cret`;
  await changeSettings(w.dataDir, { webhookUrl: url }, w.keystore);
  assert.ok((await loadStoredSettings(w.dataDir)).webhookUrlRef, 'kept in the keystore');
  await delivered(w.delivery);
  assert.equal(r.seen.length, 1, w.log.join('\n'));
  assert.equal(r.seen[0]!.url, '/hooks/T0001/XxYyZz0123456789AbCdEf?token=q-s3cret');
  assert.equal(r.seen[0]!.auth, `Basic ${Buffer.from('hook-user:hook-s3cret').toString('base64')}`);
  assert.match(r.seen[0]!.body, /hook\.example\.test/);
});

test('a token missing from the keystore: the log says so and what to do; nothing is sent', async () => {
  const r = await receiver();
  const w = await world();
  await changeSettings(w.dataDir, { webhookUrl: `http://${r.origin}/hooks?token=gone` }, w.keystore);
  await w.keystore.delete((await loadStoredSettings(w.dataDir)).webhookUrlRef!);
  await delivered(w.delivery);
  assert.equal(r.seen.length, 0);
  assert.match(w.log.join('\n'), /the webhook was not called: .*token is missing from .*enter the webhook URL again in Settings/);
});

test('a pass moves a token an older version left in settings.json, and says so in the log', async () => {
  const r = await receiver();
  const w = await world();
  const url = `http://${r.origin}/hooks?token=legacy-s3cret`;
  await saveSettings(w.dataDir, { ...DEFAULT_SETTINGS, webhookUrl: url });
  await protectWebhookToken(w.dataDir, w.keystore, (l) => w.log.push(l));
  assert.match(w.log.join('\n'), /token moved from settings\.json to the encrypted file/);
  await delivered(w.delivery);
  assert.equal(r.seen[0]?.url, '/hooks?token=legacy-s3cret');
});

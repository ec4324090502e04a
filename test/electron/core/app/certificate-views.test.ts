import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../../../electron/core/app/create-app.ts';
import type { ApiHandler } from '../../../../electron/core/app/api-handler.ts';
import { openStore } from '../../../../electron/core/store/store.ts';
import { seedCertificate } from './seed-certificate.ts';

// The list carries no history (with thousands of certificates it was a quarter of the answer);
// one certificate's details read it through getCertificate.
let handler: ApiHandler;
let close: () => Promise<void>;
before(async () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'certificate-views-')), 'data');
  const id = await seedCertificate(dataDir);
  const store = await openStore(dataDir);
  await store.appendHistory(id, { at: '2026-01-02T00:00:00.000Z', event: 'exported', detail: 'PEM to /srv/tls' });
  store.close();
  const app = await createApp({ dataDir, host: 'web', keystore: 'file', passphrase: async () => 'a long test passphrase', scryptN: 1024 });
  handler = app.handler;
  close = () => app.close();
});
after(async () => close?.());

test('listCertificates answers without history; getCertificate answers one certificate with it', async () => {
  const list = await handler.call('listCertificates', {});
  assert.ok(list.ok, JSON.stringify(list));
  const [item] = list.value as Record<string, unknown>[];
  assert.equal(item?.['id'], 'cert-1');
  assert.equal('history' in item!, false);

  const one = await handler.call('getCertificate', { certificateId: 'cert-1' });
  assert.ok(one.ok, JSON.stringify(one));
  assert.deepEqual(one.value, { ...item, history: [{ at: '2026-01-02T00:00:00.000Z', event: 'exported', detail: 'PEM to /srv/tls' }] });
});

test('getCertificate refuses an unknown id as not found, and a missing one as a bad request', async () => {
  const unknown = await handler.call('getCertificate', { certificateId: 'no-such-certificate' });
  assert.equal(unknown.ok, false);
  assert.equal(!unknown.ok && unknown.error.code, 'not-found');
  const missing = await handler.call('getCertificate', {});
  assert.equal(!missing.ok && missing.error.code, 'bad-request');
});

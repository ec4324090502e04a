import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../../../electron/core/app/create-app.ts';
import type { ApiHandler } from '../../../../electron/core/app/api-handler.ts';

// patchSettings through the contract: the tray's "Pause" and a page's save no longer undo each other.
let handler: ApiHandler;
let close: () => Promise<void>;
const events: string[] = [];
before(async () => {
  const app = await createApp({
    dataDir: path.join(mkdtempSync(path.join(tmpdir(), 'patch-settings-')), 'data'),
    host: 'web',
    keystore: 'file',
    passphrase: async () => 'a long test passphrase',
    scryptN: 1024,
  });
  handler = app.handler;
  app.events.subscribe((name) => events.push(name));
  close = () => app.close();
});
after(async () => close?.());

const call = async (method: string, params: unknown) => handler.call(method, params);

test('a patch changes what it names, keeps the rest, and a pause change is announced', async () => {
  const saved = await call('patchSettings', { webhookUrl: 'https://hooks.example.test/t' });
  assert.ok(saved.ok);
  const paused = await call('patchSettings', { renewalsPaused: true });
  assert.ok(paused.ok);
  assert.equal((paused.value as { webhookUrl: string }).webhookUrl, 'https://hooks.example.test/t');
  assert.ok(events.includes('renewal.changed'));
  // Two writers at once, each with its own setting: both changes are kept.
  await Promise.all([call('patchSettings', { notifyOnSuccess: true }), call('patchSettings', { renewalsPaused: false })]);
  const now = await call('getSettings', {});
  assert.ok(now.ok);
  assert.deepEqual(now.value, {
    resolvers: [],
    notifyOnSuccess: true,
    launchAtLogin: true,
    renewalsPaused: false,
    webhookUrl: 'https://hooks.example.test/t',
    webhookSecretKept: false,
  });
});

const refused: { what: string; params: unknown; message: RegExp }[] = [
  { what: 'an empty patch', params: {}, message: /at least one setting/ },
  { what: 'an unknown setting', params: { renewalsPaused: true, dataDir: '/tmp' }, message: /dataDir|Unrecognized/i },
  { what: 'a wrong type', params: { renewalsPaused: 'yes' }, message: /renewalsPaused/ },
  { what: 'the read-only keystore flag', params: { webhookSecretKept: false }, message: /webhookSecretKept|Unrecognized/i },
  { what: 'a bad resolver', params: { resolvers: ['1.1.1.1:99999'] }, message: /^Resolver "1\.1\.1\.1:99999"/ },
];
for (const r of refused) {
  test(`patchSettings refuses ${r.what} as a bad request`, async () => {
    const result = await call('patchSettings', r.params);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'bad-request');
    assert.match(!result.ok ? result.error.message : '', r.message);
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../../../electron/core/app/create-app.ts';

// Demo-only methods are registered by the demo alone: the product answers them as it answers a
// method that does not exist, and the demo's own publisher is what they reach.
const dataDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'demo-methods-')), 'data');
const params = { name: '_validation-persist.www.example.test', value: 'pebble.letsencrypt.org; accounturi=https://127.0.0.1/acct/1' };

test('without the demo, demoPublish is an unknown method, as a made-up name is', async () => {
  const app = await createApp({
    dataDir: dataDir(),
    host: 'web',
    keystore: 'file',
    passphrase: async () => 'a long test passphrase',
    scryptN: 1024,
  });
  try {
    const demo = await app.handler.call('demoPublish', params);
    const madeUp = await app.handler.call('noSuchMethod', {});
    assert.equal(demo.ok, false);
    assert.equal(madeUp.ok, false);
    if (demo.ok || madeUp.ok) return;
    assert.equal(demo.error.code, madeUp.error.code);
    assert.match(demo.error.message, /^Unknown method "demoPublish"/);
  } finally {
    await app.close();
  }
});

test('the demo registers demoPublish, and it reaches the demo publisher', async () => {
  const published: string[] = [];
  const app = await createApp({
    dataDir: dataDir(),
    host: 'web',
    keystore: 'file',
    passphrase: async () => 'a long test passphrase',
    scryptN: 1024,
    demo: { publish: async (name, value) => void published.push(`${name} ${value}`) },
  });
  try {
    const r = await app.handler.call('demoPublish', params);
    assert.deepEqual(r, { ok: true, value: { published: params.name } });
    assert.deepEqual(published, [`${params.name} ${params.value}`]);
  } finally {
    await app.close();
  }
});

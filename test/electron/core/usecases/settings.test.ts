import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCliConfig, updateCliConfig } from '../../../../electron/core/app/settings.ts';
import { InputError } from '../../../../electron/core/user-error.ts';
import { changeSettings, getSettings } from '../../../../electron/core/usecases/settings.ts';

// The settings use case: a change is a patch applied under the settings file's lock, so the
// tray's "Pause renewals" and the settings page saving at the same moment both keep their part.
const dataDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'usecase-settings-')), 'data');

test('a patch changes only what it names; before and after are returned', async () => {
  const dir = dataDir();
  const first = await changeSettings(dir, { renewalsPaused: true });
  assert.equal(first.before.renewalsPaused, false);
  assert.equal(first.after.renewalsPaused, true);
  const second = await changeSettings(dir, { resolvers: ['127.0.0.1:5353'] });
  assert.deepEqual(await getSettings(dir), { ...second.after, renewalsPaused: true, resolvers: ['127.0.0.1:5353'] });
});

test('many writers at once, each changing its own setting: every change is kept (no lost update)', async () => {
  const dir = dataDir();
  await updateCliConfig(dir, { cli: { authPort: 5353 } });
  await Promise.all([
    changeSettings(dir, { renewalsPaused: true }),
    changeSettings(dir, { notifyOnSuccess: true }),
    changeSettings(dir, { launchAtLogin: false }),
    changeSettings(dir, { webhookUrl: 'https://hooks.example.test/t' }),
    changeSettings(dir, { resolvers: ['127.0.0.1:53'] }),
    updateCliConfig(dir, { cli: { ca: 'letsencrypt-staging' } }),
  ]);
  assert.deepEqual(await getSettings(dir), {
    renewalsPaused: true,
    notifyOnSuccess: true,
    launchAtLogin: false,
    webhookUrl: 'https://hooks.example.test/t',
    resolvers: ['127.0.0.1:53'],
  });
  const cli = await loadCliConfig(dir);
  assert.equal(cli.authPort, 5353, "the CLI's part of the file is kept");
  assert.equal(cli.ca, 'letsencrypt-staging');
});

const refused: { what: string; patch: Parameters<typeof changeSettings>[1]; message: RegExp }[] = [
  { what: 'a resolver that is not a server', patch: { resolvers: ['not a server'] }, message: /^Resolver "not a server": / },
  { what: 'a resolver port out of range', patch: { resolvers: ['1.1.1.1:99999'] }, message: /^Resolver "1\.1\.1\.1:99999": / },
  { what: 'a webhook that is not a URL', patch: { webhookUrl: 'hooks' }, message: /not a valid URL/ },
  { what: 'a webhook over another scheme', patch: { webhookUrl: 'ftp://hooks.example.test/' }, message: /must start with https:\/\// },
];
for (const c of refused) {
  test(`refused, and nothing saved: ${c.what}`, async () => {
    const dir = dataDir();
    await assert.rejects(changeSettings(dir, { ...c.patch, renewalsPaused: true }), (err: unknown) => {
      assert.ok(err instanceof InputError);
      assert.match(err.message, c.message);
      return true;
    });
    assert.equal((await getSettings(dir)).renewalsPaused, false);
  });
}

test('an empty webhook clears it', async () => {
  const dir = dataDir();
  await changeSettings(dir, { webhookUrl: 'https://hooks.example.test/t' });
  assert.equal((await changeSettings(dir, { webhookUrl: '' })).after.webhookUrl, '');
});

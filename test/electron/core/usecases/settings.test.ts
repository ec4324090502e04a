import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  loadCliConfig,
  loadStoredSettings,
  saveSettings,
  DEFAULT_SETTINGS,
  updateCliConfig,
} from '../../../../electron/core/app/settings.ts';
import { EncryptedFileKeystore } from '../../../../electron/core/keystore/file-keystore.ts';
import type { Keystore } from '../../../../electron/core/keystore/keystore.ts';
import { webhookUrlOf } from '../../../../electron/core/notify/webhook-url.ts';
import { InputError } from '../../../../electron/core/user-error.ts';
import {
  changeSettings as change,
  getSettings,
  protectStoredWebhookUrl,
  type SettingsPatch,
} from '../../../../electron/core/usecases/settings.ts';

// The settings use case: a change is a patch applied under the settings file's lock, so the
// tray's "Pause renewals" and the settings page saving at the same moment both keep their part.
const dataDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'usecase-settings-')), 'data');

// A real encrypted file keystore per data dir (cheap scrypt): where a webhook URL's token goes.
const keystores = new Map<string, Promise<Keystore>>();
function keystoreOf(dir: string): Promise<Keystore> {
  let ks = keystores.get(dir);
  if (!ks) {
    ks = EncryptedFileKeystore.open(path.join(dir, 'keystore.json'), 'a long test passphrase', { create: true, scryptN: 1024 });
    keystores.set(dir, ks);
  }
  return ks;
}
const changeSettings = async (dir: string, patch: SettingsPatch) => change(dir, patch, await keystoreOf(dir));

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
    webhookSecretKept: false,
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

// A token in a webhook URL is a password: settings.json keeps the URL with it redacted, the
// keystore keeps the whole URL, and notices go to the whole URL.
const withTokens: { what: string; url: string; token: string; shown: string }[] = [
  {
    what: 'a query token',
    url: 'https://hooks.example.test/persistcert?token=s3cret-query-value',
    token: 's3cret-query-value',
    shown: 'https://hooks.example.test/persistcert?token=[redacted]',
  },
  {
    what: 'credentials',
    url: 'https://hook-user:s3cret-password@hooks.example.test/notify',
    token: 's3cret-password',
    shown: 'https://[redacted]@hooks.example.test/notify',
  },
  {
    what: 'a Slack-style path',
    url: 'https://hooks.slack.example.test/services/T0001/B0001/XxYyZz0123456789AbCdEf',
    token: 'XxYyZz0123456789AbCdEf',
    shown: 'https://hooks.slack.example.test/services/T0001/B0001/[redacted]',
  },
];
for (const c of withTokens) {
  test(`a webhook URL with ${c.what}: the token is in the keystore, not in settings.json`, async () => {
    const dir = dataDir();
    const { after } = await changeSettings(dir, { webhookUrl: c.url, notifyOnSuccess: true });
    assert.equal(after.webhookUrl, c.shown);
    assert.equal(after.webhookSecretKept, true);
    const file = readFileSync(path.join(dir, 'settings.json'), 'utf8');
    assert.ok(!file.includes(c.token), `settings.json holds no token: ${file}`);
    assert.deepEqual(await getSettings(dir), after);
    assert.equal(await webhookUrlOf(await loadStoredSettings(dir), await keystoreOf(dir)), c.url, 'notices go to the whole URL');
  });
}

test('the shown (redacted) URL sent back changes nothing; edited around the redaction it is refused', async () => {
  const dir = dataDir();
  const url = 'https://hooks.example.test/persistcert?token=kept-token';
  const { after } = await changeSettings(dir, { webhookUrl: url });
  const ks = await keystoreOf(dir);
  const again = await changeSettings(dir, { webhookUrl: after.webhookUrl, renewalsPaused: true });
  assert.equal(again.after.webhookSecretKept, true);
  assert.equal(again.after.renewalsPaused, true);
  assert.equal(await webhookUrlOf(await loadStoredSettings(dir), ks), url);
  await assert.rejects(
    changeSettings(dir, { webhookUrl: after.webhookUrl.replace('hooks.example.test', 'other.example.test') }),
    (err: unknown) => err instanceof InputError && /paste the whole URL again/.test(err.message),
  );
  assert.equal(await webhookUrlOf(await loadStoredSettings(dir), ks), url, 'nothing changed');
});

const replacements: { what: string; next: string; kept: boolean }[] = [
  { what: 'a URL without a token', next: 'https://hooks.example.test/plain', kept: false },
  { what: 'no webhook', next: '', kept: false },
  { what: 'another URL with a token', next: 'https://hooks.example.test/p?token=second', kept: true },
];
for (const c of replacements) {
  test(`replacing a kept token by ${c.what} removes the old one from the keystore`, async () => {
    const dir = dataDir();
    const ks = await keystoreOf(dir);
    await changeSettings(dir, { webhookUrl: 'https://hooks.example.test/p?token=first' });
    const firstRef = (await loadStoredSettings(dir)).webhookUrlRef!;
    assert.ok(await ks.get(firstRef));
    const { after } = await changeSettings(dir, { webhookUrl: c.next });
    assert.equal(after.webhookSecretKept, c.kept);
    assert.equal(await ks.get(firstRef), undefined, 'the old token is gone');
    assert.equal((await webhookUrlOf(await loadStoredSettings(dir), ks)) ?? '', c.next);
  });
}

test('a token left in settings.json by an older version is moved to the keystore once', async () => {
  const dir = dataDir();
  const ks = await keystoreOf(dir);
  const url = 'https://hooks.example.test/persistcert?token=legacy-plaintext';
  await saveSettings(dir, { ...DEFAULT_SETTINGS, webhookUrl: url, renewalsPaused: true });
  assert.equal(await protectStoredWebhookUrl(dir, ks), true);
  assert.ok(!readFileSync(path.join(dir, 'settings.json'), 'utf8').includes('legacy-plaintext'));
  assert.equal(await webhookUrlOf(await loadStoredSettings(dir), ks), url);
  assert.equal((await getSettings(dir)).renewalsPaused, true, 'the rest is kept');
  assert.equal(await protectStoredWebhookUrl(dir, ks), false, 'nothing left to move');
});

test('a kept token missing from the keystore is said, with what to do', async () => {
  const dir = dataDir();
  const ks = await keystoreOf(dir);
  await changeSettings(dir, { webhookUrl: 'https://hooks.example.test/p?token=gone' });
  const stored = await loadStoredSettings(dir);
  await ks.delete(stored.webhookUrlRef!);
  await assert.rejects(webhookUrlOf(stored, ks), /token is missing from .*enter the webhook URL again in Settings/);
});

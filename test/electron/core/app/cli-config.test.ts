import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCliConfig } from '../../../../electron/core/app/cli-config.ts';
import { updateCliConfig } from '../../../../electron/core/app/settings.ts';

// The CLI's config is read before every command: without a settings file nothing is loaded; a file
// there is read and validated as the settings module always did.
const dir = () => mkdtempSync(path.join(tmpdir(), 'cli-config-'));

test('no settings file: no config, no resolvers', async () => {
  assert.deepEqual(await loadCliConfig(dir()), { resolvers: [] });
});

test('a saved config is read back, with the shared resolvers', async () => {
  const d = dir();
  await updateCliConfig(d, { cli: { ca: 'https://ca.example.test/dir', keystore: 'file' }, resolvers: ['9.9.9.9'] });
  assert.deepEqual(await loadCliConfig(d), { ca: 'https://ca.example.test/dir', keystore: 'file', resolvers: ['9.9.9.9'] });
});

test('a damaged settings file is refused, naming it, as before', async () => {
  const d = dir();
  writeFileSync(path.join(d, 'settings.json'), '{"format":"persistcert-settings","version":1,"resolvers":[],"cli":{"keystore":"floppy"}}');
  await assert.rejects(loadCliConfig(d), /settings\.json/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KeystoreError } from '../../../../electron/core/keystore/keystore.ts';
import { resolvePassphrase } from '../../../../electron/core/keystore/passphrase.ts';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'persistcert-passphrase-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function privateFile(dir: string, name: string, content: string, mode = 0o600): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content, { mode });
  await chmod(file, mode); // past the umask
  return file;
}

const neverAsk = async (): Promise<string> => assert.fail('the prompt must not be used when another source is given');

test('the passphrase file comes first: its first line, without the newline', async (t) => {
  const dir = await tempDir(t);
  const file = await privateFile(dir, 'pass', 'from the file  \nsecond line\n');
  const env = { PERSISTCERT_PASSPHRASE: 'from the environment' };
  assert.equal(await resolvePassphrase({ env, passphraseFile: file, prompt: neverAsk }), 'from the file  ');
  assert.equal(await resolvePassphrase({ env: {}, passphraseFile: await privateFile(dir, 'crlf', 'windows line\r\n') }), 'windows line');
  assert.equal(await resolvePassphrase({ env: {}, passphraseFile: await privateFile(dir, 'bare', 'no newline') }), 'no newline');
});

test('then $PERSISTCERT_PASSPHRASE, then the prompt', async () => {
  assert.equal(
    await resolvePassphrase({ env: { PERSISTCERT_PASSPHRASE: 'from the environment' }, prompt: neverAsk }),
    'from the environment',
  );
  let asked = 0;
  const prompt = async () => {
    asked++;
    return 'typed in';
  };
  assert.equal(await resolvePassphrase({ env: { PERSISTCERT_PASSPHRASE: '' }, prompt }), 'typed in');
  assert.equal(await resolvePassphrase({ env: {}, prompt }), 'typed in');
  assert.equal(asked, 2);
});

test('a passphrase file that others can read is refused, with the chmod that fixes it', async (t) => {
  const dir = await tempDir(t);
  for (const mode of [0o644, 0o640, 0o604, 0o620]) {
    const file = await privateFile(dir, `pass-${mode.toString(8)}`, 'a fine passphrase\n', mode);
    await assert.rejects(resolvePassphrase({ env: { PERSISTCERT_PASSPHRASE: 'not used' }, passphraseFile: file }), (err: unknown) => {
      assert.ok(err instanceof KeystoreError);
      assert.equal(err.code, 'insecure-file');
      assert.ok(err.message.includes(`chmod 600 ${file}`), err.message);
      assert.ok(!err.message.includes('a fine passphrase'));
      return true;
    });
  }
  assert.equal(
    await resolvePassphrase({ env: {}, passphraseFile: await privateFile(dir, 'pass-400', 'read-only owner\n', 0o400) }),
    'read-only owner',
  );
});

test('a missing or empty passphrase file is an error, not a fall-through to the next source', async (t) => {
  const dir = await tempDir(t);
  const env = { PERSISTCERT_PASSPHRASE: 'must not be used' };
  await assert.rejects(resolvePassphrase({ env, passphraseFile: path.join(dir, 'nope') }), (err: unknown) => {
    assert.ok(err instanceof KeystoreError && err.code === 'not-found');
    assert.match(err.message, /nope.*ENOENT/);
    return true;
  });
  await assert.rejects(resolvePassphrase({ env, passphraseFile: await privateFile(dir, 'empty', '\n') }), (err: unknown) => {
    assert.ok(err instanceof KeystoreError && err.code === 'no-passphrase');
    assert.match(err.message, /empty/);
    return true;
  });
});

test('no source at all: "no-passphrase" naming all three ways', async () => {
  await assert.rejects(resolvePassphrase({ env: {} }), (err: unknown) => {
    assert.ok(err instanceof KeystoreError);
    assert.equal(err.code, 'no-passphrase');
    assert.match(err.message, /--passphrase-file/);
    assert.match(err.message, /PERSISTCERT_PASSPHRASE/);
    assert.match(err.message, /terminal/);
    return true;
  });
  await assert.rejects(
    resolvePassphrase({ env: {}, prompt: async () => '' }),
    (err: unknown) => err instanceof KeystoreError && err.code === 'no-passphrase',
  );
});

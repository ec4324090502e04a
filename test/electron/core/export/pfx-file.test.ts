import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair } from '../../../../electron/core/crypto/keys.ts';
import { ExportError, PfxError } from '../../../../electron/core/export/errors.ts';
import { exportPfxFile } from '../../../../electron/core/export/pfx-file.ts';
import { issueLeaf, makeTestCa, pemBlocks, publicKeyOf, run, tempDir } from './pki.ts';

const root = tempDir();
const ca = makeTestCa(root);
const { privateKey } = await generateKeyPair('ec-p256');
const leaf = issueLeaf(ca, privateKey, 'pfx-file.example.test');
const input = {
  privateKey,
  certificatePem: leaf.leafPem + ca.intermediatePem,
  password: 'correct horse',
  compatibility: 'legacy' as const,
};
const mode = (path: string): number => statSync(path).mode & 0o777;

test('writes a 0600 PFX atomically, creating a private folder; openssl reads it', async () => {
  const dir = join(root, 'new', 'folder');
  const file = join(dir, 'site.pfx');
  const result = await exportPfxFile(file, input);
  assert.deepEqual(result, { path: file });
  assert.equal(mode(file), 0o600);
  assert.equal(mode(dir), 0o700);
  assert.deepEqual(readdirSync(dir), ['site.pfx']);
  const dump = run('openssl', ['pkcs12', '-in', file, '-nodes', '-passin', 'pass:correct horse']);
  assert.equal(dump.status, 0, dump.output);
  assert.equal(publicKeyOf('-', 'key', pemBlocks(dump.stdout, 'PRIVATE KEY')[0]), publicKeyOf(leaf.leafPath, 'cert'));
  assert.equal(pemBlocks(dump.stdout, 'CERTIFICATE').length, 2);
});

test('an existing file is kept unless overwrite is set', async () => {
  mkdirSync(join(root, 'exists'));
  const file = join(root, 'exists', 'site.pfx');
  writeFileSync(file, 'precious');
  await assert.rejects(
    exportPfxFile(file, input),
    (err: unknown) => err instanceof ExportError && err.message.includes(file) && /overwrit/.test(err.message),
  );
  assert.equal(readFileSync(file, 'utf8'), 'precious');
  await exportPfxFile(file, { ...input, overwrite: true });
  assert.notEqual(readFileSync(file, 'utf8'), 'precious');
  assert.equal(mode(file), 0o600);
  assert.equal(run('openssl', ['pkcs12', '-info', '-noout', '-in', file, '-passin', 'pass:correct horse']).status, 0);
  assert.deepEqual(readdirSync(join(root, 'exists')), ['site.pfx']);
});

test('user mistakes are refused before anything is written', async () => {
  const cases: { name: string; file: string; input: typeof input & { allowEmptyPassword?: boolean }; error: RegExp }[] = [
    { name: 'empty password', file: join(root, 'never-1', 'a.pfx'), input: { ...input, password: '' }, error: /password is empty/ },
    {
      name: 'wrong key',
      file: join(root, 'never-2', 'a.pfx'),
      input: { ...input, privateKey: (await generateKeyPair('ec-p256')).privateKey },
      error: /does not belong/,
    },
  ];
  for (const c of cases) {
    await assert.rejects(exportPfxFile(c.file, c.input), (err: unknown) => err instanceof PfxError && c.error.test(err.message), c.name);
    assert.throws(() => statSync(join(c.file, '..')), /ENOENT/, `${c.name}: no folder created`);
  }
  const file = join(root, 'a-file');
  writeFileSync(file, 'x');
  await assert.rejects(
    exportPfxFile(join(file, 'a.pfx'), input),
    (err: unknown) => err instanceof ExportError && /is a file, not a folder/.test(err.message),
  );
  mkdirSync(join(root, 'is-a-folder.pfx'));
  await assert.rejects(
    exportPfxFile(join(root, 'is-a-folder.pfx'), { ...input, overwrite: true }),
    (err: unknown) => err instanceof ExportError && /is a folder; give a file name/.test(err.message),
  );
});

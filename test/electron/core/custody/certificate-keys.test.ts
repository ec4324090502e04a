import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPair } from '../../../../electron/core/crypto/keys.ts';
import { EncryptedFileKeystore } from '../../../../electron/core/keystore/file-keystore.ts';
import { openStore } from '../../../../electron/core/store/store.ts';
import { openCertificateKey, sealCertificateKey } from '../../../../electron/core/custody/certificate-keys.ts';

// A batch seals many certificate keys at the same moment on a fresh data directory: exactly one
// data key must be created, or certificates end up sealed under keys that were thrown away.
test('fifty keys sealed at once on a fresh keystore all open again, under one data key', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'datakey-'));
  const store = await openStore(path.join(dir, 'data'));
  const keystore = await EncryptedFileKeystore.open(path.join(dir, 'data', 'keystore.json'), 'a long test passphrase', {
    create: true,
    scryptN: 1024,
  });
  const { privateKey } = await generateKeyPair('ec-p256');
  const ids = Array.from({ length: 50 }, (_, i) => `cert-${i}`);
  const boxes = await Promise.all(ids.map((id) => sealCertificateKey(keystore, id, privateKey, store.withKeyLock)));
  // A second process would open the keystore afresh: read it back from the file.
  const reopened = await EncryptedFileKeystore.open(path.join(dir, 'data', 'keystore.json'), 'a long test passphrase', {
    create: false,
    scryptN: 1024,
  });
  for (const [i, box] of boxes.entries()) {
    const key = await openCertificateKey(reopened, ids[i]!, box);
    assert.ok(key.equals(privateKey), `certificate ${i}`);
  }
  assert.deepEqual(
    (await reopened.list?.())?.filter((r) => r === 'data-key'),
    ['data-key'],
  );
  // A box cannot be moved to another certificate: the id is bound into the tag.
  await assert.rejects(openCertificateKey(reopened, 'cert-1', boxes[0]!));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { KeystoreError } from '../../../../electron/core/keystore/keystore.ts';
import {
  DEFAULT_SCRYPT_N,
  openWithKey,
  openWithPassphrase,
  sealWithKey,
  sealWithPassphrase,
  type SealedBox,
} from '../../../../electron/core/keystore/secret-box.ts';

const N = 2 ** 10; // fast; the default is exercised once below
const PASS = 'correct horse battery staple';

function isCode(code: string) {
  return (err: unknown) => {
    assert.ok(err instanceof KeystoreError, `expected a KeystoreError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  };
}

/** A deep copy as the JSON round trip a box really takes (file, bundle, store). */
function copy(box: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(box)) as Record<string, unknown>;
}

function flipped(b64: string, i: number): string {
  const bytes = Buffer.from(b64, 'base64url');
  bytes[i] = bytes[i]! ^ 0xff;
  return bytes.toString('base64url');
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function nonCanonical(b64: string): string {
  const last = B64URL.indexOf(b64.slice(-1));
  const other = b64.slice(0, -1) + B64URL[last ^ 1];
  assert.deepEqual(Buffer.from(other, 'base64url'), Buffer.from(b64, 'base64url'));
  return other;
}

test('passphrase box: round trip of binary data, JSON-able, with the documented shape', async () => {
  const secret = randomBytes(100);
  const box = await sealWithPassphrase(secret, PASS, { scryptN: N, aad: 'fmt/1' });
  assert.deepEqual(Object.keys(box).sort(), ['cipher', 'ct', 'iv', 'kdf', 'tag', 'v']);
  assert.equal(box.v, 1);
  assert.equal(box.cipher, 'aes-256-gcm');
  assert.deepEqual({ ...box.kdf, salt: undefined }, { name: 'scrypt', N, r: 8, p: 1, salt: undefined });
  assert.equal(Buffer.from(box.iv, 'base64url').length, 12);
  assert.equal(Buffer.from(box.tag, 'base64url').length, 16);
  assert.equal(Buffer.from((box.kdf as { salt: string }).salt, 'base64url').length, 16);
  assert.ok(!JSON.stringify(box).includes(secret.toString('base64url')));
  const opened = await openWithPassphrase(copy(box) as unknown as SealedBox, PASS, { aad: 'fmt/1' });
  assert.deepEqual(opened, secret);
  // fresh salt and IV every time
  const again = await sealWithPassphrase(secret, PASS, { scryptN: N, aad: 'fmt/1' });
  assert.notEqual(again.iv, box.iv);
  assert.notEqual(again.ct, box.ct);
});

test('passphrase box with the default work factor (N = 2^17)', async () => {
  const box = await sealWithPassphrase(Buffer.from('account key'), PASS);
  assert.equal(box.kdf.name === 'scrypt' && box.kdf.N, DEFAULT_SCRYPT_N);
  assert.equal(DEFAULT_SCRYPT_N, 2 ** 17);
  assert.equal((await openWithPassphrase(box, PASS)).toString(), 'account key');
});

test('wrong passphrase is "wrong-passphrase", with a message that does not leak', async () => {
  const box = await sealWithPassphrase(Buffer.from('s3cret'), PASS, { scryptN: N });
  await assert.rejects(openWithPassphrase(box, 'correct horse battery stapler'), (err: unknown) => {
    isCode('wrong-passphrase')(err);
    assert.match((err as Error).message, /wrong passphrase, or the file was altered/);
    assert.ok(!(err as Error).message.includes('s3cret') && !(err as Error).message.includes(PASS));
    return true;
  });
});

test('passphrases are NFC-normalized: composed and decomposed forms open the same box', async () => {
  const composed = 'caf\u00e9-\u00e9t\u00e9-pass';
  const decomposed = composed.normalize('NFD');
  assert.notEqual(composed, decomposed);
  const box = await sealWithPassphrase(Buffer.from('x'), decomposed, { scryptN: N });
  assert.equal((await openWithPassphrase(box, composed)).toString(), 'x');
});

test('short passphrases are refused on seal', async () => {
  await assert.rejects(sealWithPassphrase(Buffer.from('x'), 'short12', { scryptN: N }), (err: unknown) => {
    isCode('weak-passphrase')(err);
    assert.match((err as Error).message, /at least 8 characters/);
    return true;
  });
  // 8 characters, counted as characters rather than UTF-16 units or bytes
  await sealWithPassphrase(Buffer.from('x'), '\u{1F511}\u{1F511}\u{1F511}\u{1F511}abcd', { scryptN: N });
  await assert.rejects(
    sealWithPassphrase(Buffer.from('x'), '\u{1F511}\u{1F511}\u{1F511}\u{1F511}abc', { scryptN: N }),
    isCode('weak-passphrase'),
  );
});

test('every single-byte change of ct, tag, iv or salt is detected as "wrong-passphrase"', async () => {
  const box = await sealWithPassphrase(randomBytes(24), PASS, { scryptN: N, aad: 'fmt/1' });
  const cases: Array<[string, (b: Record<string, unknown>, i: number) => void, number]> = [
    ['ct', (b, i) => (b.ct = flipped(box.ct, i)), 24],
    ['tag', (b, i) => (b.tag = flipped(box.tag, i)), 16],
    ['iv', (b, i) => (b.iv = flipped(box.iv, i)), 12],
    ['salt', (b, i) => ((b.kdf as Record<string, unknown>).salt = flipped((box.kdf as { salt: string }).salt, i)), 16],
  ];
  let tried = 0;
  for (const [field, mutate, length] of cases) {
    for (let i = 0; i < length; i++) {
      const bad = copy(box);
      mutate(bad, i);
      await assert.rejects(
        openWithPassphrase(bad as unknown as SealedBox, PASS, { aad: 'fmt/1' }),
        isCode('wrong-passphrase'),
        `${field}[${i}]`,
      );
      tried++;
    }
  }
  assert.equal(tried, 24 + 16 + 12 + 16);
  // a valid but different work factor derives another key
  const otherN = copy(box);
  (otherN.kdf as Record<string, unknown>).N = N * 2;
  await assert.rejects(openWithPassphrase(otherN as unknown as SealedBox, PASS, { aad: 'fmt/1' }), isCode('wrong-passphrase'));
  // the untouched box still opens
  assert.equal((await openWithPassphrase(copy(box) as unknown as SealedBox, PASS, { aad: 'fmt/1' })).length, 24);
});

test('associated data is bound into the tag', async () => {
  const box = await sealWithPassphrase(Buffer.from('x'), PASS, { scryptN: N, aad: 'persistcert-account-backup/1' });
  await assert.rejects(openWithPassphrase(box, PASS, { aad: 'persistcert-account-backup/2' }), isCode('wrong-passphrase'));
  await assert.rejects(openWithPassphrase(box, PASS), isCode('wrong-passphrase'));
  const plain = await sealWithPassphrase(Buffer.from('x'), PASS, { scryptN: N });
  await assert.rejects(openWithPassphrase(plain, PASS, { aad: 'fmt/1' }), isCode('wrong-passphrase'));
});

test('malformed boxes are "corrupt", and rejected before any expensive work', async () => {
  const box = copy(await sealWithPassphrase(Buffer.from('data'), PASS, { scryptN: N }));
  const kdf = box.kdf as Record<string, unknown>;
  const variants: Array<[string, unknown]> = [
    ['not an object', 'hello'],
    ['null', null],
    ['array', [box]],
    ['missing v', { ...box, v: undefined }],
    ['v 2', { ...box, v: 2 }],
    ['v "1"', { ...box, v: '1' }],
    ['missing kdf', { ...box, kdf: undefined }],
    ['missing ct', { ...box, ct: undefined }],
    ['missing tag', { ...box, tag: undefined }],
    ['missing iv', { ...box, iv: undefined }],
    ['missing salt', { ...box, kdf: { ...kdf, salt: undefined } }],
    ['bad base64 ct', { ...box, ct: '!!!!' }],
    ['standard base64 with padding', { ...box, tag: Buffer.from(box.tag as string, 'base64url').toString('base64') + '=' }],
    ['base64url with padding', { ...box, ct: (box.ct as string) + '==' }],
    // same bytes, different text: the unused low bits of the last character are set
    ['non-canonical base64url', { ...box, tag: nonCanonical(box.tag as string) }],
    ['truncated tag', { ...box, tag: (box.tag as string).slice(0, 10) }],
    ['long iv', { ...box, iv: randomBytes(16).toString('base64url') }],
    ['short salt', { ...box, kdf: { ...kdf, salt: randomBytes(8).toString('base64url') } }],
    ['other cipher', { ...box, cipher: 'aes-128-gcm' }],
    ['unknown kdf', { ...box, kdf: { ...kdf, name: 'argon2id' } }],
    ['extra field', { ...box, note: 'x' }],
    ['N not a power of two', { ...box, kdf: { ...kdf, N: 1000 } }],
    ['N as string', { ...box, kdf: { ...kdf, N: '1024' } }],
    ['N tiny', { ...box, kdf: { ...kdf, N: 2 } }],
    ['N absurd (2^40)', { ...box, kdf: { ...kdf, N: 2 ** 40 } }],
    ['N 2^21 with r 8 (2 GiB)', { ...box, kdf: { ...kdf, N: 2 ** 21 } }],
    ['N Infinity (JSON null)', { ...box, kdf: { ...kdf, N: null } }],
    ['r huge', { ...box, kdf: { ...kdf, r: 1e9 } }],
    ['r zero', { ...box, kdf: { ...kdf, r: 0 } }],
    ['p huge', { ...box, kdf: { ...kdf, p: 1000 } }],
    ['p fractional', { ...box, kdf: { ...kdf, p: 1.5 } }],
  ];
  for (const [name, value] of variants) {
    const started = performance.now();
    await assert.rejects(openWithPassphrase(copy(value) as unknown as SealedBox, PASS), isCode('corrupt'), name);
    assert.ok(performance.now() - started < 200, `${name} took ${performance.now() - started} ms`);
  }
  // each field that was removed or damaged is named, so a user can see what happened
  await assert.rejects(openWithPassphrase({ ...box, ct: undefined } as unknown as SealedBox, PASS), /ct is missing/);
  await assert.rejects(openWithPassphrase({ ...box, kdf: { ...kdf, N: 2 ** 40 } } as unknown as SealedBox, PASS), /1 GiB/);
});

test('data-key boxes: round trip, kdf "none", wrong key, tampering, aad, and no mixing with passphrase boxes', async () => {
  const key = randomBytes(32);
  const secret = randomBytes(48);
  const box = await sealWithKey(secret, key, 'persistcert-certificate-key:c1');
  assert.deepEqual(box.kdf, { name: 'none' });
  assert.deepEqual(await openWithKey(copy(box) as unknown as SealedBox, key, 'persistcert-certificate-key:c1'), secret);
  await assert.rejects(openWithKey(box, randomBytes(32), 'persistcert-certificate-key:c1'), isCode('wrong-key'));
  await assert.rejects(openWithKey(box, key, 'persistcert-certificate-key:c2'), isCode('wrong-key'));
  for (let i = 0; i < 48; i++) {
    await assert.rejects(openWithKey({ ...box, ct: flipped(box.ct, i) }, key, 'persistcert-certificate-key:c1'), isCode('wrong-key'));
  }
  await assert.rejects(openWithKey({ ...box, kdf: { name: 'none', extra: 1 } } as unknown as SealedBox, key), isCode('corrupt'));
  await assert.rejects(openWithPassphrase(box, PASS), isCode('corrupt'));
  const passBox = await sealWithPassphrase(secret, PASS, { scryptN: N });
  await assert.rejects(openWithKey(passBox, key), isCode('corrupt'));
  await assert.rejects(sealWithKey(secret, randomBytes(16)), RangeError);
});

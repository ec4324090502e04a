import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { z } from '../../../shared/zod.ts';
import { KeystoreError } from './keystore.ts';

/**
 * Authenticated encryption for the file keystore, backup bundles and certificate keys in the store:
 * AES-256-GCM under a key from scrypt (passphrase) or a random 32-byte data key. The KDF parameters
 * travel with the ciphertext so they can be raised later without breaking old boxes, and optional
 * associated data (a format name, a record id) is bound into the tag so a box cannot be moved.
 */
export interface SealedBox {
  v: 1;
  kdf: ScryptParams | { name: 'none' };
  cipher: 'aes-256-gcm';
  /** base64url, 12 bytes */
  iv: string;
  /** base64url */
  ct: string;
  /** base64url, 16 bytes */
  tag: string;
}

export interface ScryptParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** base64url, 16 bytes */
  salt: string;
}

/** A key derived from a passphrase, with the parameters that reproduce it. */
export interface PassphraseKey {
  kdf: ScryptParams;
  key: Buffer;
}

export const DEFAULT_SCRYPT_N = 2 ** 17;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
/** Below this scrypt is no real work factor; only tests go this low. */
const MIN_SCRYPT_N = 2 ** 10;
/**
 * The most a box may make us spend: a box is untrusted input, and an edited N or r must not make
 * opening it allocate gigabytes or run for minutes.
 */
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024;
const MAX_SCRYPT_P = 4;
const MIN_PASSPHRASE_CHARS = 8;

const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

const WRONG_PASSPHRASE = 'Cannot decrypt: wrong passphrase, or the file was altered';
const WRONG_KEY =
  'The sealed data does not open with the data key: it was altered, or sealed under another data key. Restore from a backup';

export async function sealWithPassphrase(
  plaintext: Buffer,
  passphrase: string,
  opts: { aad?: string; scryptN?: number } = {},
): Promise<SealedBox> {
  const key = await newPassphraseKey(passphrase, opts);
  try {
    return sealWithDerivedKey(plaintext, key, opts.aad);
  } finally {
    key.key.fill(0);
  }
}

/**
 * Derives a key for a new passphrase with a fresh salt, refusing passphrases too short to protect
 * an account key. `scryptN` is for tests (lower) and for raising the work factor later.
 */
export async function newPassphraseKey(passphrase: string, opts: { scryptN?: number } = {}): Promise<PassphraseKey> {
  const normalized = passphrase.normalize('NFC');
  if ([...normalized].length < MIN_PASSPHRASE_CHARS) {
    throw new KeystoreError(
      'weak-passphrase',
      `The passphrase is too short: use at least ${MIN_PASSPHRASE_CHARS} characters (a few random words is best)`,
    );
  }
  const N = opts.scryptN ?? DEFAULT_SCRYPT_N;
  if (!isPowerOfTwo(N) || N < MIN_SCRYPT_N || 128 * N * SCRYPT_R > MAX_SCRYPT_MEMORY) {
    throw new RangeError(`scryptN must be a power of two from ${MIN_SCRYPT_N} to ${MAX_SCRYPT_MEMORY / (128 * SCRYPT_R)}`);
  }
  return derivePassphraseKey(normalized, {
    name: 'scrypt',
    N,
    r: SCRYPT_R,
    p: SCRYPT_P,
    salt: randomBytes(SALT_BYTES).toString('base64url'),
  });
}

export async function openWithPassphrase(box: SealedBox, passphrase: string, opts: { aad?: string } = {}): Promise<Buffer> {
  const parsed = parseSealedBox(box);
  if (parsed.kdf.name !== 'scrypt') throw corrupt('it is sealed with a data key, not a passphrase');
  const key = await derivePassphraseKey(passphrase, parsed.kdf);
  try {
    return decrypt(parsed, key.key, opts.aad, () => new KeystoreError('wrong-passphrase', WRONG_PASSPHRASE));
  } finally {
    key.key.fill(0);
  }
}

/** Seals under a random 32-byte data key: no KDF, so it is cheap enough for every certificate key. */
export async function sealWithKey(plaintext: Buffer, key32: Buffer, aad?: string): Promise<SealedBox> {
  checkKey(key32);
  return { v: 1, kdf: { name: 'none' }, ...encrypt(plaintext, key32, aad) };
}

export async function openWithKey(box: SealedBox, key32: Buffer, aad?: string): Promise<Buffer> {
  checkKey(key32);
  const parsed = parseSealedBox(box);
  if (parsed.kdf.name !== 'none') throw corrupt('it is sealed with a passphrase, not a data key');
  return decrypt(parsed, key32, aad, () => new KeystoreError('wrong-key', WRONG_KEY));
}

/**
 * Runs scrypt for `kdf` (whose bounds are checked first). The file keystore keeps the result so that
 * each change costs one AES pass rather than one scrypt run.
 */
export async function derivePassphraseKey(passphrase: string, kdf: ScryptParams): Promise<PassphraseKey> {
  checkScryptParams(kdf);
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  const salt = Buffer.from(kdf.salt, 'base64url');
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: scryptMemory(kdf.N, kdf.r, kdf.p) + 1024 * 1024 };
  try {
    const key = await new Promise<Buffer>((resolve, reject) =>
      scrypt(secret, salt, KEY_BYTES, options, (err, out) => (err ? reject(err) : resolve(out))),
    );
    return { kdf: { ...kdf }, key };
  } finally {
    secret.fill(0);
  }
}

/** Seals with an already derived passphrase key, recording its KDF parameters; a fresh IV every time. */
export function sealWithDerivedKey(plaintext: Buffer, key: PassphraseKey, aad?: string): SealedBox {
  return { v: 1, kdf: { ...key.kdf }, ...encrypt(plaintext, key.key, aad) };
}

/** Opens with an already derived key; the caller has checked that the box's KDF parameters match it. */
export function openWithDerivedKey(box: SealedBox, key: PassphraseKey, aad?: string): Buffer {
  const parsed = parseSealedBox(box);
  if (!sameKdf(parsed.kdf, key.kdf)) throw new RangeError('the box was sealed with other KDF parameters than this key');
  return decrypt(parsed, key.key, aad, () => new KeystoreError('wrong-passphrase', WRONG_PASSPHRASE));
}

export function sameKdf(a: SealedBox['kdf'], b: SealedBox['kdf']): boolean {
  if (a.name === 'none' || b.name === 'none') return a.name === b.name;
  return a.N === b.N && a.r === b.r && a.p === b.p && a.salt === b.salt;
}

/**
 * Checks that `value` is exactly a well-formed box (no extra fields, canonical base64url of the
 * right lengths, sane KDF parameters) before any work is done on it; throws 'corrupt' otherwise.
 */
export function parseSealedBox(value: unknown): SealedBox {
  if (!isPlainObject(value)) throw corrupt('it is not an object');
  if (value.v !== 1)
    throw corrupt(
      typeof value.v === 'number' ? `its version ${value.v} is not supported (a newer PersistCert may read it)` : 'it has no version',
    );
  onlyKeys(value, ['v', 'kdf', 'cipher', 'iv', 'ct', 'tag'], 'the box');
  if (value.cipher !== 'aes-256-gcm') throw corrupt('its cipher is not aes-256-gcm');
  const iv = base64urlField(value, 'iv', IV_BYTES);
  const ct = base64urlField(value, 'ct');
  const tag = base64urlField(value, 'tag', TAG_BYTES);
  const kdf = value.kdf;
  if (!isPlainObject(kdf)) throw corrupt('its kdf is missing');
  if (kdf.name === 'none') {
    onlyKeys(kdf, ['name'], 'kdf');
    return { v: 1, kdf: { name: 'none' }, cipher: 'aes-256-gcm', iv, ct, tag };
  }
  if (kdf.name !== 'scrypt') throw corrupt('its kdf is neither scrypt nor none');
  onlyKeys(kdf, ['name', 'N', 'r', 'p', 'salt'], 'kdf');
  const { N, r, p } = kdf;
  if (typeof N !== 'number' || typeof r !== 'number' || typeof p !== 'number') throw corrupt('its scrypt parameters are not numbers');
  const params: ScryptParams = { name: 'scrypt', N, r, p, salt: base64urlField(kdf, 'salt', SALT_BYTES) };
  checkScryptParams(params);
  return { v: 1, kdf: params, cipher: 'aes-256-gcm', iv, ct, tag };
}

/**
 * A sealed box inside a JSON file (the store, backup bundles), validated as parseSealedBox does
 * and typed as SealedBox: the one definition, so no caller needs a cast.
 */
export const sealedBoxSchema = z.unknown().transform((value, ctx): SealedBox => {
  try {
    return parseSealedBox(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

function encrypt(plaintext: Buffer, key: Buffer, aad: string | undefined): Pick<SealedBox, 'cipher' | 'iv' | 'ct' | 'tag'> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64url'),
    ct: ct.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

function decrypt(box: SealedBox, key: Buffer, aad: string | undefined, failure: () => KeystoreError): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64url'), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(Buffer.from(box.tag, 'base64url'));
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  const head = decipher.update(Buffer.from(box.ct, 'base64url'));
  try {
    return Buffer.concat([head, decipher.final()]);
  } catch {
    // GCM cannot tell a wrong key from a changed byte; unauthenticated output never leaves here.
    head.fill(0);
    throw failure();
  }
}

function checkScryptParams(kdf: ScryptParams): void {
  const { N, r, p } = kdf;
  if (!isPowerOfTwo(N) || N < MIN_SCRYPT_N) throw corrupt(`its scrypt N is not a power of two of at least ${MIN_SCRYPT_N}`);
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > MAX_SCRYPT_P)
    throw corrupt('its scrypt r or p is out of range');
  if (128 * N * r > MAX_SCRYPT_MEMORY) throw corrupt('its scrypt parameters would need more than 1 GiB of memory');
}

/** What OpenSSL's scrypt allocates for these parameters (what `maxmem` is checked against). */
function scryptMemory(N: number, r: number, p: number): number {
  return 128 * r * (N + 2 + p);
}

function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 1 && Number.isInteger(Math.log2(n));
}

function checkKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new RangeError(`a data key must be ${KEY_BYTES} bytes`);
}

function base64urlField(obj: Record<string, unknown>, field: string, bytes?: number): string {
  const value = obj[field];
  if (typeof value !== 'string') throw corrupt(`its ${field} is missing`);
  // Buffer's decoder skips junk; require the canonical encoding so an edit cannot hide in it.
  if (!/^[A-Za-z0-9_-]*$/.test(value) || Buffer.from(value, 'base64url').toString('base64url') !== value) {
    throw corrupt(`its ${field} is not valid base64url`);
  }
  if (bytes !== undefined && Buffer.byteLength(value, 'base64url') !== bytes) throw corrupt(`its ${field} is not ${bytes} bytes`);
  return value;
}

function onlyKeys(obj: Record<string, unknown>, allowed: string[], where: string): void {
  const extra = Object.keys(obj).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw corrupt(`${where} has an unexpected field "${extra.slice(0, 40)}"`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How every malformed-box message starts; callers that know the file name re-word it. */
export const CORRUPT_BOX = "The encrypted data is damaged or not PersistCert's: ";

function corrupt(why: string): KeystoreError {
  return new KeystoreError('corrupt', CORRUPT_BOX + why);
}

/**
 * The PKCS#12 key derivation function (RFC 7292 Appendix B.2) and the password encoding it
 * needs. PKCS#12 predates PBKDF2 in PFX files; it derives the legacy PBE key (ID=1) and IV
 * (ID=2), and, in every PFX including AES ones, the MAC key (ID=3). Node has no binding for
 * it (OpenSSL's PKCS12_key_gen is not exposed). node-forge has one, but only in a module that
 * drags its RSA, AES, DES and RC2 code into the CLI bundle (+40 KB gzip), so it is implemented here
 * over node:crypto and checked against forge's in the tests (docs/decisions/0003).
 */
import { createHash } from 'node:crypto';

/** Hashes the KDF is used with: SHA-1 (classic) and SHA-256 (the MAC of modern PFX files). */
export type Pkcs12Hash = 'sha1' | 'sha256';

/** Output size u in bytes; both hashes have a 64-byte block (v), RFC 7292 Appendix B.2. */
const OUTPUT_BYTES: Record<Pkcs12Hash, number> = { sha1: 20, sha256: 32 };
const BLOCK_BYTES = 64;

/** What the derived bytes are for (RFC 7292 Appendix B.3). */
export const KdfPurpose = { key: 1, iv: 2, mac: 3 } as const;
export type KdfPurpose = (typeof KdfPurpose)[keyof typeof KdfPurpose];

/**
 * The password as a BMPString with a two-byte NUL terminator (RFC 7292 Appendix B.1): UTF-16BE
 * plus 00 00. The empty password is just 00 00, which is what OpenSSL, Windows and Java derive
 * from "" (a *missing* password would be zero bytes; PersistCert never writes that).
 */
export function bmpPassword(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, 'utf16le').swap16(), Buffer.alloc(2)]);
}

/** `bytes` repeated and cut to the smallest multiple of the block size that holds it (B.2 steps 2-3). */
function repeatToBlocks(bytes: Buffer): Buffer {
  if (bytes.length === 0) return Buffer.alloc(0);
  const out = Buffer.alloc(BLOCK_BYTES * Math.ceil(bytes.length / BLOCK_BYTES));
  for (let i = 0; i < out.length; i++) out[i] = bytes[i % bytes.length]!;
  return out;
}

/**
 * Derives `length` bytes for `purpose` from a BMPString password (see `bmpPassword`), a salt and
 * an iteration count, exactly as RFC 7292 Appendix B.2 describes.
 */
export function pkcs12Kdf(
  hash: Pkcs12Hash,
  bmpPasswordBytes: Buffer,
  salt: Buffer,
  purpose: KdfPurpose,
  iterations: number,
  length: number,
): Buffer {
  if (!Number.isSafeInteger(iterations) || iterations < 1)
    throw new RangeError(`PKCS#12 KDF iteration count must be a positive integer, got ${iterations}`);
  const u = OUTPUT_BYTES[hash];
  const v = BLOCK_BYTES;
  const diversifier = Buffer.alloc(v, purpose); // D: the ID byte repeated v times (step 1)
  const input = Buffer.concat([repeatToBlocks(salt), repeatToBlocks(bmpPasswordBytes)]); // I = S || P (step 4)
  const out: Buffer[] = [];
  for (let produced = 0; produced < length; produced += u) {
    // Step 6a: A_i = H^r(D || I).
    let a = createHash(hash).update(diversifier).update(input).digest();
    for (let r = 1; r < iterations; r++) a = createHash(hash).update(a).digest();
    out.push(a);
    if (produced + u >= length) break;
    // Steps 6b-6c: B = A_i repeated to v bytes; every v-byte block I_j of I becomes (I_j + B + 1) mod 2^(8v).
    const b = Buffer.alloc(v);
    for (let i = 0; i < v; i++) b[i] = a[i % u]!;
    for (let j = 0; j < input.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = input[j + k]! + b[k]! + carry;
        input[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, length);
}

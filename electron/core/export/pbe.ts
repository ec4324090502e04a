/**
 * The two password-based encryption schemes a PFX can use for its key bag and its certificates,
 * each returning the AlgorithmIdentifier to store next to the ciphertext:
 * - PBES2 (RFC 8018 §6.2) with PBKDF2-HMAC-SHA256 (§5.2, A.2) and AES-256-CBC (RFC 3565 §4.1 OIDs):
 *   what OpenSSL 3, Windows 10 1709+ ("AES256-SHA256") and Java 12+ write by default.
 * - pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 Appendix C) with the PKCS#12 KDF over SHA-1:
 *   the only scheme Windows Server 2016 / 2012 R2 and Azure AD DS accept. It is in OpenSSL 3's
 *   default provider (RC2, the other classic choice, is not).
 * The ASN.1 is node-forge's; PBKDF2 and the ciphers are node:crypto's (native; forge's pure-JS
 * PBKDF2 costs ~40 ms per bag). Why the PKCS#12 KDF stays ours: docs/decisions/0003.
 */
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { integer, nullValue, octetString, oid, sequence, type Asn1 } from '../crypto/asn1.ts';
import { KdfPurpose, bmpPassword, pkcs12Kdf } from './pkcs12-kdf.ts';

export const PBE_OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSHA256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  pbeWithSHAAnd3KeyTripleDESCBC: '1.2.840.113549.1.12.1.3',
} as const;

export interface PbeResult {
  /** AlgorithmIdentifier naming the scheme and its parameters (salt, iterations, IV). */
  algorithm: Asn1;
  ciphertext: Buffer;
}

/**
 * PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC. PBKDF2 takes the password as UTF-8 bytes (as
 * OpenSSL, Java and Windows do for PBES2 inside PKCS#12), not as the BMPString of the PKCS#12
 * KDF. The optional keyLength is omitted, as OpenSSL does: AES-256 fixes it.
 */
export function encryptPbes2Aes256(plaintext: Buffer, password: string, iterations: number): PbeResult {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv); // PKCS#7 padding (RFC 8018 §6.2.1 step 4)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const algorithm = sequence(
    oid(PBE_OID.pbes2),
    sequence(
      // keyDerivationFunc: PBKDF2-params { salt, iterationCount, prf } (RFC 8018 A.2)
      sequence(oid(PBE_OID.pbkdf2), sequence(octetString(salt), integer(iterations), sequence(oid(PBE_OID.hmacWithSHA256), nullValue()))),
      // encryptionScheme: aes256-CBC with the IV as its parameter (RFC 3565 §4.1)
      sequence(oid(PBE_OID.aes256Cbc), octetString(iv)),
    ),
  );
  return { algorithm, ciphertext };
}

/**
 * pbeWithSHAAnd3-KeyTripleDES-CBC: the 24-byte key (ID=1) and 8-byte IV (ID=2) come from the
 * PKCS#12 KDF with SHA-1 over the BMPString password (RFC 7292 Appendix B.2, C). Parameters are pkcs-12PbeParams { salt, iterations }.
 */
export function encryptPbeSha1TripleDes(plaintext: Buffer, password: string, iterations: number): PbeResult {
  const salt = randomBytes(8);
  const bmp = bmpPassword(password);
  const key = pkcs12Kdf('sha1', bmp, salt, KdfPurpose.key, iterations, 24);
  const iv = pkcs12Kdf('sha1', bmp, salt, KdfPurpose.iv, iterations, 8);
  const cipher = createCipheriv('des-ede3-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const algorithm = sequence(oid(PBE_OID.pbeWithSHAAnd3KeyTripleDESCBC), sequence(octetString(salt), integer(iterations)));
  return { algorithm, ciphertext };
}

/**
 * PKCS#12 (RFC 7292) files, assembled with node-forge's ASN.1 encoder. forge's own
 * `pkcs12.toPkcs12Asn1` wraps only its RSA keys and always MACs with SHA-1, but a PFX is just
 * DER around a PKCS#8 key (RFC 5958) and X.509 certificates, so EC P-256, P-384 and RSA keys are
 * handled alike here.
 *
 * Two targets, because no single PFX imports everywhere (PFX is where peer clients fail users):
 * - modern: PBES2/AES-256-CBC bags and a SHA-256 MAC. OpenSSL 3 reads it without `-legacy`;
 *   Windows Server 2016 and older reject it with a misleading "password is incorrect".
 * - legacy: 3DES bags and a SHA-1 MAC, what Windows' own `Export-PfxCertificate` writes by
 *   default and what Azure AD DS LDAPS requires. Not RC2, which OpenSSL 3 only reads with its
 *   legacy provider loaded.
 * Either way there is a password: Exchange and Azure refuse a PFX without one, so an empty
 * password must be asked for explicitly.
 *
 * Layout (what OpenSSL and Windows write): PFX { version 3, authSafe, macData } where authSafe is
 * id-data around AuthenticatedSafe = [ EncryptedData(SafeContents of certBags),
 * Data(SafeContents of one pkcs8ShroudedKeyBag) ].
 */
import { createHash, createHmac, randomBytes, type KeyObject } from 'node:crypto';
import { certificateMatchesKey, parseCertificate, splitPemChain, type ParsedCertificate } from '../crypto/certificate.ts';
import { bmpString, explicit, implicit, integer, nullValue, octetString, oid, sequence, set, toDer, type Asn1 } from '../crypto/asn1.ts';
import { PfxError } from './errors.ts';
import { encryptPbeSha1TripleDes, encryptPbes2Aes256, type PbeResult } from './pbe.ts';
import { KdfPurpose, bmpPassword, pkcs12Kdf, type Pkcs12Hash } from './pkcs12-kdf.ts';

export { generatePfxPassword } from './pfx-password.ts';

export type PfxCompatibility = 'modern' | 'legacy';

/** What each target means, in words for the export dialog and `--help`. */
export const PFX_COMPATIBILITY: Record<PfxCompatibility, { label: string; explanation: string }> = Object.freeze({
  modern: {
    label: 'Modern (AES-256)',
    explanation: 'AES-256 + SHA-256: Windows 10 1709+/Server 2019+, OpenSSL 3, Java 11+',
  },
  legacy: {
    label: 'Legacy (3DES)',
    explanation: '3DES + SHA-1: Windows Server 2016/2012 R2, Azure AD DS, older appliances',
  },
});

export interface PfxInput {
  privateKey: KeyObject;
  /** Leaf first, then the chain (RFC 8555 §7.4.2 order); every certificate is included. */
  certificatePem: string;
  password: string;
  /** The name Windows and Java show (Java uses it as the alias). Default: the leaf's first DNS name. */
  friendlyName?: string;
  compatibility: PfxCompatibility;
  /** Must be true to write a PFX with the empty password. */
  allowEmptyPassword?: boolean;
}

interface Profile {
  encrypt: (plaintext: Buffer, password: string, iterations: number) => PbeResult;
  /** For the PBE of both bags, and separately for the MAC. */
  iterations: number;
  macHash: Pkcs12Hash;
  macSaltBytes: number;
}

/**
 * Iteration counts: 10000 for modern is Java's PKCS12 default (JDK 12+) and well inside .NET's
 * PFX work limit (600000 in total); 2048 for legacy is OpenSSL's classic default, which Windows
 * Server 2016 and appliances have always read.
 */
const PROFILES: Record<PfxCompatibility, Profile> = {
  modern: { encrypt: encryptPbes2Aes256, iterations: 10_000, macHash: 'sha256', macSaltBytes: 16 },
  legacy: { encrypt: encryptPbeSha1TripleDes, iterations: 2048, macHash: 'sha1', macSaltBytes: 8 },
};

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** ContentInfo { contentType id-data, content [0] EXPLICIT OCTET STRING } (RFC 2315 §8, RFC 7292 §4.1). */
function dataContentInfo(content: Buffer): Asn1 {
  return sequence(oid(OID.data), explicit(0, octetString(content)));
}

/**
 * ContentInfo around EncryptedData { version 0, EncryptedContentInfo { id-data, algorithm,
 * encryptedContent [0] IMPLICIT OCTET STRING } } (RFC 2315 §13, §10.1).
 */
function encryptedDataContentInfo({ algorithm, ciphertext }: PbeResult): Asn1 {
  const encryptedContentInfo = sequence(oid(OID.data), algorithm, implicit(0, octetString(ciphertext)));
  return sequence(oid(OID.encryptedData), explicit(0, sequence(integer(0), encryptedContentInfo)));
}

/** SafeBag { bagId, bagValue [0] EXPLICIT, bagAttributes SET OF PKCS12Attribute } (RFC 7292 §4.2). */
function safeBag(bagId: string, value: Asn1, attributes: Asn1[]): Asn1 {
  return sequence(oid(bagId), explicit(0, value), ...(attributes.length ? [set(...attributes)] : []));
}

/** The two attributes that pair the key with its certificate (RFC 7292 §4.2; PKCS#9 RFC 2985 §5.5). */
function pairingAttributes(localKeyId: Buffer, friendlyName: string): Asn1[] {
  return [sequence(oid(OID.friendlyName), set(bmpString(friendlyName))), sequence(oid(OID.localKeyId), set(octetString(localKeyId)))];
}

/** Checks everything a user could get wrong before any bytes are produced. */
function validate(input: PfxInput): { certs: ParsedCertificate[]; leaf: ParsedCertificate } {
  if (!Object.hasOwn(PROFILES, input.compatibility)) {
    throw new PfxError(`Unknown PFX compatibility "${String(input.compatibility)}"; choose modern or legacy`);
  }
  if (typeof input.password !== 'string') throw new PfxError('The PFX password must be text');
  if (input.password === '' && input.allowEmptyPassword !== true) {
    throw new PfxError(
      'The PFX password is empty. Set a password (Exchange, Azure and many appliances refuse a PFX without one), or confirm explicitly that you want an empty password.',
    );
  }
  if (input.password.includes('\0'))
    throw new PfxError('The PFX password contains a NUL character, which PFX readers treat as its end; remove it');
  if (input.privateKey.type !== 'private') throw new PfxError(`A PFX needs the private key, but a ${input.privateKey.type} key was given`);
  const certs = splitPemChain(input.certificatePem).map((pem) => parseCertificate(pem));
  const leaf = certs[0]!;
  if (!certificateMatchesKey(leaf.pem, input.privateKey)) {
    const at = certs.findIndex((c) => certificateMatchesKey(c.pem, input.privateKey));
    throw new PfxError(
      at > 0
        ? `The certificates are out of order: the key belongs to certificate ${at + 1} (${leafName(certs[at]!)}), but the leaf certificate must come first`
        : `The private key does not belong to the certificate for ${leafName(leaf)}; export the key that was used to request this certificate`,
    );
  }
  return { certs, leaf };
}

/** How people know a certificate: its first DNS name, else its subject CN, else the whole subject. */
function leafName(cert: ParsedCertificate): string {
  return cert.dnsNames[0] ?? /(?:^|, )CN=([^,]+)/.exec(cert.subject)?.[1] ?? (cert.subject || 'certificate');
}

/**
 * Builds a password-protected PFX holding the private key and every certificate of the chain.
 * The leaf's certBag and the keyBag share a localKeyId (SHA-1 of the leaf DER) and a
 * friendlyName, which is how Windows, OpenSSL and Java know they belong together.
 * Throws `PfxError` (or `CertificateError` for unreadable certificates) for user mistakes.
 */
export function buildPfx(input: PfxInput): Buffer {
  const { certs, leaf } = validate(input);
  const profile = PROFILES[input.compatibility];
  const { password } = input;
  const friendlyName = input.friendlyName?.trim() || leafName(leaf);
  const localKeyId = createHash('sha1').update(leaf.der).digest();

  // Certificates: one certBag each, x509Certificate as an OCTET STRING of DER (RFC 7292 §4.2.3).
  const certBags = certs.map((cert, i) =>
    safeBag(
      OID.certBag,
      sequence(oid(OID.x509Certificate), explicit(0, octetString(cert.der))),
      i === 0 ? pairingAttributes(localKeyId, friendlyName) : [],
    ),
  );
  const certSafe = encryptedDataContentInfo(profile.encrypt(toDer(sequence(...certBags)), password, profile.iterations));

  // Key: EncryptedPrivateKeyInfo { algorithm, encryptedData } over PKCS#8 (RFC 5958 §3, RFC 7292 §4.2.2).
  const pkcs8 = input.privateKey.export({ type: 'pkcs8', format: 'der' });
  const { algorithm, ciphertext } = profile.encrypt(pkcs8, password, profile.iterations);
  pkcs8.fill(0);
  const keyBag = safeBag(
    OID.pkcs8ShroudedKeyBag,
    sequence(algorithm, octetString(ciphertext)),
    pairingAttributes(localKeyId, friendlyName),
  );
  const keySafe = dataContentInfo(toDer(sequence(keyBag)));

  const authenticatedSafe = toDer(sequence(certSafe, keySafe));

  // MacData: HMAC over the AuthenticatedSafe bytes, keyed by the PKCS#12 KDF with ID=3 and the
  // MAC's own hash (RFC 7292 §4, Appendix B.4); OpenSSL 3, Windows 10 and Java 12+ use SHA-256 this way.
  const macSalt = randomBytes(profile.macSaltBytes);
  const macKeyLength = profile.macHash === 'sha1' ? 20 : 32;
  const macKey = pkcs12Kdf(profile.macHash, bmpPassword(password), macSalt, KdfPurpose.mac, profile.iterations, macKeyLength);
  const mac = createHmac(profile.macHash, macKey).update(authenticatedSafe).digest();
  const macData = sequence(
    sequence(sequence(oid(profile.macHash === 'sha1' ? OID.sha1 : OID.sha256), nullValue()), octetString(mac)),
    octetString(macSalt),
    integer(profile.iterations),
  );

  return toDer(sequence(integer(3), dataContentInfo(authenticatedSafe), macData));
}

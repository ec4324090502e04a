/**
 * PKCS#10 certificate signing requests (RFC 2986) for ACME finalize (RFC 8555 §7.4), built
 * with node-forge's ASN.1 encoder and signed by node:crypto: forge's own CSR API takes only its
 * RSA keys, and PersistCert's default is EC P-256.
 *
 * Subject: CN is the first requested name that fits ub-common-name (64 characters, RFC 5280
 * Appendix A), wildcards included. RFC 8555 §7.4 lets the CA read identifiers from the SAN
 * alone, but some CAs and older tooling still expect a CN, and a CN that repeats a SAN entry is
 * always acceptable. When no name fits, the subject is empty and the SAN extension is marked
 * critical, as RFC 5280 §4.2.1.6 requires for an empty subject.
 */
import { constants, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { domainToASCII } from 'node:url';
import {
  bitString,
  boolean,
  ia5String,
  implicit,
  integer,
  nullValue,
  octetString,
  oid,
  raw,
  sequence,
  set,
  toDer,
  utf8String,
  type Asn1,
} from './asn1.ts';
import { keyTypeOf } from './keys.ts';
import { UserError, type ApiErrorCode } from '../user-error.ts';

/** A requested name that cannot go into a CSR. */
export class CsrError extends UserError {
  override name = 'CsrError';
  readonly apiCode: ApiErrorCode = 'bad-request';
}

const OID = {
  commonName: '2.5.4.3',
  extensionRequest: '1.2.840.113549.1.9.14', // PKCS#9, RFC 2985 §5.4.2
  subjectAltName: '2.5.29.17',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

/** ub-common-name (RFC 5280 Appendix A.1). */
const MAX_CN_LENGTH = 64;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Lowercases, checks and de-duplicates DNS names (first occurrence wins). A leading `*.` label
 * is allowed (a wildcard); internationalized names must already be A-labels (RFC 5891).
 */
export function normalizeDnsNames(names: readonly string[]): string[] {
  if (names.length === 0) throw new CsrError('A CSR needs at least one DNS name');
  const out: string[] = [];
  for (const input of names) {
    if (typeof input !== 'string') throw new CsrError(`DNS names must be strings, got ${typeof input}`);
    if (/[^\x00-\x7f]/.test(input)) {
      const wildcard = input.startsWith('*.');
      const ascii = domainToASCII(wildcard ? input.slice(2) : input);
      const hint = ascii ? ` ("${wildcard ? '*.' : ''}${ascii}")` : '';
      throw new CsrError(`"${input}" is not ASCII; enter internationalized names as A-labels (punycode)${hint}`);
    }
    const name = input.toLowerCase();
    if (name.endsWith('.')) throw new CsrError(`"${input}" ends with a dot; remove the trailing dot`);
    const labels = name.split('.');
    const host = labels[0] === '*' ? labels.slice(1) : labels;
    if (host.length === 0 || !host.every((l) => LABEL.test(l)) || name.length > 253) {
      throw new CsrError(
        `"${input}" is not a valid DNS name: use letters, digits and hyphens in dot-separated labels of up to 63 characters, with "*." only as the whole first label`,
      );
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** SubjectAltName extension value: GeneralNames of dNSName `[2] IMPLICIT IA5String` (RFC 5280 §4.2.1.6). */
function subjectAltName(names: readonly string[], critical: boolean): Asn1 {
  const generalNames = sequence(...names.map((n) => implicit(2, ia5String(n))));
  return sequence(oid(OID.subjectAltName), ...(critical ? [boolean(true)] : []), octetString(toDer(generalNames)));
}

/** AlgorithmIdentifier and hash for the key: RFC 5758 §3.2 (ECDSA, no parameters), RFC 4055 §5 (RSA, NULL). */
function signatureAlgorithm(key: KeyObject): { algorithmIdentifier: Asn1; hash: 'sha256' | 'sha384' } {
  const type = keyTypeOf(key);
  if (type === 'ec-p256') return { algorithmIdentifier: sequence(oid(OID.ecdsaWithSha256)), hash: 'sha256' };
  if (type === 'ec-p384') return { algorithmIdentifier: sequence(oid(OID.ecdsaWithSha384)), hash: 'sha384' };
  return { algorithmIdentifier: sequence(oid(OID.sha256WithRsa), nullValue()), hash: 'sha256' };
}

/** A DER CertificationRequest (RFC 2986 §4) for `names`, signed with `privateKey`. */
export function createCsr({ privateKey, names }: { privateKey: KeyObject; names: readonly string[] }): Buffer {
  if (privateKey.type !== 'private') throw new CsrError(`A CSR must be signed with a private key, got a ${privateKey.type} key`);
  const dnsNames = normalizeDnsNames(names);
  const { algorithmIdentifier, hash } = signatureAlgorithm(privateKey);

  const cn = dnsNames.find((n) => n.length <= MAX_CN_LENGTH);
  // Name ::= SEQUENCE OF RelativeDistinguishedName; DirectoryString as UTF8String (RFC 5280 §4.1.2.4).
  const subject = cn === undefined ? sequence() : sequence(set(sequence(oid(OID.commonName), utf8String(cn))));
  const spki = raw(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  // Attribute { extensionRequest, SET OF Extensions } (RFC 2986 §4.1, RFC 2985 §5.4.2).
  const extensionRequest = sequence(oid(OID.extensionRequest), set(sequence(subjectAltName(dnsNames, cn === undefined))));
  const certificationRequestInfo = sequence(
    integer(0), // version v1
    subject,
    spki,
    implicit(0, set(extensionRequest)), // attributes [0] IMPLICIT SET OF Attribute
  );
  const toBeSigned = toDer(certificationRequestInfo);
  // ECDSA signatures are DER Ecdsa-Sig-Value (RFC 5758 §3.2); RSA is PKCS#1 v1.5 (RFC 8017 §8.2).
  const signature = sign(hash, toBeSigned, { key: privateKey, dsaEncoding: 'der', padding: constants.RSA_PKCS1_PADDING });
  return toDer(sequence(raw(toBeSigned), algorithmIdentifier, bitString(signature)));
}

/** The `csr` member of an ACME finalize payload: base64url DER, no padding (RFC 8555 §7.4). */
export function csrToBase64Url(der: Uint8Array): string {
  return Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64url');
}

/**
 * Reading X.509 certificates (RFC 5280) as issued by an ACME CA. node:crypto's X509Certificate
 * validates the encoding and renders names; our DER reader supplies what it hides: the serial
 * number's exact content octets (its hex drops the sign byte, and RFC 9773 §4.1 ARI identifiers
 * need them as encoded), the Authority Key Identifier, and SAN dNSNames without string parsing.
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { DerError, Tag, childAt, childrenOf, contextChild, expectTag, oidToString, readBoolean, readDer, readOctetString, readTime, type DerNode } from './der.ts';
import { PemError, parsePemBlocks, toPem, type PemBlock } from './pem.ts';

/** Text or bytes that are not a usable X.509 certificate. */
export class CertificateError extends Error {
  override name = 'CertificateError';
}

export interface ParsedCertificate {
  der: Buffer;
  pem: string;
  /** Content octets of the serialNumber INTEGER exactly as encoded (keeps a 0x00 sign byte). */
  serialDer: Buffer;
  /** Lowercase hex of `serialDer`. */
  serialHex: string;
  /** keyIdentifier `[0]` of the Authority Key Identifier extension (RFC 5280 §4.2.1.1). */
  authorityKeyIdentifier?: Buffer;
  /** The Subject Key Identifier extension (RFC 5280 §4.2.1.2). */
  subjectKeyIdentifier?: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** dNSName entries of the subjectAltName extension, in order (ACME leaf certs may have no CN). */
  dnsNames: string[];
  /** Subject and issuer as comma-separated RDNs, e.g. `CN=Pebble Intermediate CA, O=Pebble`. */
  subject: string;
  issuer: string;
  /** The SubjectPublicKeyInfo, exactly as encoded in the certificate. */
  publicKeySpkiDer: Buffer;
}

const OID = {
  subjectKeyIdentifier: '2.5.29.14',
  subjectAltName: '2.5.29.17',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

/**
 * Every CERTIFICATE block in `pem`, in order, re-encoded as strict RFC 7468 PEM. Other blocks
 * and text around them are ignored. Throws `CertificateError` if there is none.
 */
export function splitPemChain(pem: string): string[] {
  let blocks: PemBlock[];
  try {
    blocks = parsePemBlocks(pem);
  } catch (err) {
    throw new CertificateError(err instanceof PemError ? err.message : 'The certificate PEM could not be read', { cause: err });
  }
  const certs = blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => toPem('CERTIFICATE', b.der));
  if (certs.length === 0) {
    throw new CertificateError('No certificate found; expected PEM text with "-----BEGIN CERTIFICATE-----" blocks');
  }
  return certs;
}

/** The DER of a certificate given as DER bytes, PEM bytes or PEM text (the first block of a chain). */
function toDer(pemOrDer: string | Buffer): Buffer {
  if (Buffer.isBuffer(pemOrDer) && pemOrDer[0] === 0x30) return pemOrDer;
  const text = typeof pemOrDer === 'string' ? pemOrDer : pemOrDer.toString('latin1');
  const [first] = splitPemChain(text);
  return parsePemBlocks(first!)[0]!.der;
}

/** Extensions (RFC 5280 §4.1.2.9) by OID: the extnValue octets and criticality. */
function extensionsOf(tbs: DerNode): Map<string, { critical: boolean; value: Buffer }> {
  const out = new Map<string, { critical: boolean; value: Buffer }>();
  const wrapper = contextChild(tbs, 3);
  if (!wrapper) return out;
  for (const ext of childrenOf(expectTag(childAt(wrapper, 0, 'Extensions'), Tag.SEQUENCE, 'universal', 'Extensions'))) {
    const [idNode, second, third] = childrenOf(expectTag(ext, Tag.SEQUENCE, 'universal', 'Extension'));
    if (!idNode || !second) throw new DerError('Extension is missing its extnID or extnValue', ext.start);
    const id = oidToString(idNode);
    const critical = third ? readBoolean(second) : false;
    const value = readOctetString(third ?? second);
    if (out.has(id)) throw new DerError(`extension ${id} appears twice (RFC 5280 §4.2)`, ext.start);
    out.set(id, { critical, value });
  }
  return out;
}

function dnsNamesOf(san: Buffer | undefined): string[] {
  if (!san) return [];
  const names = expectTag(readDer(san), Tag.SEQUENCE, 'universal', 'GeneralNames');
  // dNSName [2] IMPLICIT IA5String (RFC 5280 §4.2.1.6); other GeneralName choices are skipped.
  return childrenOf(names)
    .filter((n) => n.class === 'context' && n.tag === 2 && !n.constructed)
    .map((n) => {
      if (n.content.some((b) => b > 0x7f)) throw new DerError('dNSName is not IA5String', n.start);
      return n.content.toString('latin1');
    });
}

function keyIdentifierOf(aki: Buffer | undefined): Buffer | undefined {
  if (!aki) return undefined;
  // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, ... }
  const keyId = contextChild(expectTag(readDer(aki), Tag.SEQUENCE, 'universal', 'AuthorityKeyIdentifier'), 0);
  if (keyId?.constructed) throw new DerError('AuthorityKeyIdentifier keyIdentifier must be primitive', keyId.start);
  return keyId ? Buffer.from(keyId.content) : undefined;
}

/** node renders a name as one `TYPE=value` line per attribute, and (Node 20) `undefined` for an empty one. */
function nameString(lines: string | undefined): string {
  return (lines ?? '').split('\n').filter(Boolean).join(', ');
}

/**
 * Parses one certificate from DER, PEM text or PEM bytes (for a chain, the first block: the
 * leaf in RFC 8555 §7.4.2 order). Throws `CertificateError` saying what is wrong.
 */
export function parseCertificate(pemOrDer: string | Buffer): ParsedCertificate {
  const der = Buffer.from(toDer(pemOrDer));
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch (err) {
    throw new CertificateError(`Not a valid X.509 certificate (${(err as Error).message}); check that you pasted the whole certificate`, { cause: err });
  }
  try {
    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } (RFC 5280 §4.1)
    const cert = expectTag(readDer(der), Tag.SEQUENCE, 'universal', 'Certificate');
    const tbs = expectTag(childAt(cert, 0, 'tbsCertificate'), Tag.SEQUENCE, 'universal', 'TBSCertificate');
    // version [0] EXPLICIT is absent for v1 certificates; every later field shifts by one.
    const base = contextChild(tbs, 0) === childrenOf(tbs)[0] ? 1 : 0;
    const serial = expectTag(childAt(tbs, base, 'serialNumber'), Tag.INTEGER, 'universal', 'serialNumber');
    if (serial.content.length === 0) throw new DerError('serialNumber has no content', serial.start);
    const validity = expectTag(childAt(tbs, base + 3, 'validity'), Tag.SEQUENCE, 'universal', 'Validity');
    const spki = expectTag(childAt(tbs, base + 5, 'subjectPublicKeyInfo'), Tag.SEQUENCE, 'universal', 'SubjectPublicKeyInfo');
    const extensions = extensionsOf(tbs);
    const ski = extensions.get(OID.subjectKeyIdentifier);

    const serialDer = Buffer.from(serial.content);
    const parsed: ParsedCertificate = {
      der,
      pem: toPem('CERTIFICATE', der),
      serialDer,
      serialHex: serialDer.toString('hex'),
      notBefore: readTime(childAt(validity, 0, 'notBefore')),
      notAfter: readTime(childAt(validity, 1, 'notAfter')),
      dnsNames: dnsNamesOf(extensions.get(OID.subjectAltName)?.value),
      subject: nameString(x509.subject),
      issuer: nameString(x509.issuer),
      publicKeySpkiDer: Buffer.from(spki.raw),
    };
    const aki = keyIdentifierOf(extensions.get(OID.authorityKeyIdentifier)?.value);
    if (aki) parsed.authorityKeyIdentifier = aki;
    if (ski) parsed.subjectKeyIdentifier = Buffer.from(readOctetString(readDer(ski.value)));
    return parsed;
  } catch (err) {
    if (err instanceof DerError) throw new CertificateError(`The certificate is not valid DER: ${err.message}`, { cause: err });
    throw err;
  }
}

/**
 * Whether the first certificate in `certPem` is for `privateKey`'s public key (compared as keys,
 * so EC point compression does not matter). A certificate we cannot read is an error, not `false`.
 */
export function certificateMatchesKey(certPem: string, privateKey: KeyObject): boolean {
  const { der } = parseCertificate(certPem);
  const certKey = new X509Certificate(der).publicKey;
  const key = privateKey.type === 'private' ? createPublicKey(privateKey) : privateKey;
  return certKey.equals(key);
}

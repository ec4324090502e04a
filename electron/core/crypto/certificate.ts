/**
 * Reading X.509 certificates (RFC 5280) as issued by an ACME CA. node:crypto's X509Certificate
 * validates the encoding and renders names; node-forge's ASN.1 reader supplies what it hides: the serial
 * number's exact content octets (its hex drops the sign byte, and RFC 9773 §4.1 ARI identifiers
 * need them as encoded), the Authority Key Identifier, and SAN dNSNames without string parsing.
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { Asn1Error, Asn1Type, childrenOf, contentOf, contextChild, fromDer, oidOf, timeOf, toDer as encodeDer, type Asn1 } from './asn1.ts';
import { PemError, parsePemBlocks, toPem, type PemBlock } from './pem.ts';
import { UserError, type ApiErrorCode } from '../user-error.ts';

/** Text or bytes that are not a usable X.509 certificate. */
export class CertificateError extends UserError {
  override name = 'CertificateError';
  readonly apiCode: ApiErrorCode = 'bad-request';
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
function extensionsOf(tbs: Asn1): Map<string, { critical: boolean; value: Buffer }> {
  const out = new Map<string, { critical: boolean; value: Buffer }>();
  const wrapper = contextChild(tbs, 3);
  if (!wrapper || !Array.isArray(wrapper.value)) return out;
  for (const ext of childrenOf(wrapper.value[0]!, 'Extensions')) {
    const [idNode, second, third] = childrenOf(ext, 'Extension');
    const id = oidOf(idNode, 'extnID');
    const critical = third ? contentOf(second, 'critical', Asn1Type.BOOLEAN)[0] !== 0 : false;
    const value = contentOf(third ?? second, 'extnValue', Asn1Type.OCTETSTRING);
    if (out.has(id)) throw new Asn1Error(`extension ${id} appears twice (RFC 5280 §4.2)`);
    out.set(id, { critical, value });
  }
  return out;
}

function dnsNamesOf(san: Buffer | undefined): string[] {
  if (!san) return [];
  // dNSName [2] IMPLICIT IA5String (RFC 5280 §4.2.1.6); other GeneralName choices are skipped.
  return childrenOf(fromDer(san, 'GeneralNames'), 'GeneralNames')
    .filter((n) => contextTag(n) === 2 && !n.constructed)
    .map((n) => {
      const bytes = contentOf(n, 'dNSName', 2, true);
      if (bytes.some((b) => b > 0x7f)) throw new Asn1Error('dNSName is not IA5String');
      return bytes.toString('latin1');
    });
}

function contextTag(n: Asn1): number | undefined {
  return n.tagClass === 0x80 ? (n.type as number) : undefined;
}

function keyIdentifierOf(aki: Buffer | undefined): Buffer | undefined {
  if (!aki) return undefined;
  // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, ... }
  const node = fromDer(aki, 'AuthorityKeyIdentifier');
  childrenOf(node, 'AuthorityKeyIdentifier');
  const keyId = contextChild(node, 0);
  if (keyId?.constructed) throw new Asn1Error('AuthorityKeyIdentifier keyIdentifier must be primitive');
  return keyId ? contentOf(keyId, 'keyIdentifier', 0, true) : undefined;
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
    throw new CertificateError(`Not a valid X.509 certificate (${(err as Error).message}); check that you pasted the whole certificate`, {
      cause: err,
    });
  }
  try {
    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } (RFC 5280 §4.1)
    const [tbs] = childrenOf(fromDer(der, 'Certificate'), 'Certificate');
    const fields = childrenOf(tbs!, 'TBSCertificate');
    // version [0] EXPLICIT is absent for v1 certificates; every later field shifts by one.
    const base = contextChild(tbs!, 0) === fields[0] ? 1 : 0;
    const serialDer = contentOf(fields[base], 'serialNumber', Asn1Type.INTEGER);
    if (serialDer.length === 0) throw new Asn1Error('serialNumber has no content');
    const validity = childrenOf(fields[base + 3]!, 'Validity');
    const spki = fields[base + 5];
    if (!spki) throw new Asn1Error('subjectPublicKeyInfo is missing');
    childrenOf(spki, 'SubjectPublicKeyInfo');
    const extensions = extensionsOf(tbs!);
    const ski = extensions.get(OID.subjectKeyIdentifier);

    const parsed: ParsedCertificate = {
      der,
      pem: toPem('CERTIFICATE', der),
      serialDer,
      serialHex: serialDer.toString('hex'),
      notBefore: timeOf(validity[0], 'notBefore'),
      notAfter: timeOf(validity[1], 'notAfter'),
      dnsNames: dnsNamesOf(extensions.get(OID.subjectAltName)?.value),
      subject: nameString(x509.subject),
      issuer: nameString(x509.issuer),
      publicKeySpkiDer: encodeDer(spki),
    };
    const aki = keyIdentifierOf(extensions.get(OID.authorityKeyIdentifier)?.value);
    if (aki) parsed.authorityKeyIdentifier = aki;
    if (ski)
      parsed.subjectKeyIdentifier = contentOf(fromDer(ski.value, 'SubjectKeyIdentifier'), 'SubjectKeyIdentifier', Asn1Type.OCTETSTRING);
    return parsed;
  } catch (err) {
    if (err instanceof Asn1Error) throw new CertificateError(`The certificate is not valid DER: ${err.message}`, { cause: err });
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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CertificateError, certificateMatchesKey, parseCertificate, splitPemChain } from '../../../../electron/core/crypto/certificate.ts';
import { importPrivateKeyPem } from '../../../../electron/core/crypto/keys.ts';
import { opensslOk, tempDir } from './openssl.ts';

// A throwaway PKI made with the openssl CLI: an EC CA, leaves signed by it, and a v1 certificate.
const dir = tempDir();
const p = (f: string): string => join(dir, f);
const ossl = (...args: string[]): string => opensslOk(args, { cwd: dir }).stdout;
const read = (f: string): string => readFileSync(p(f), 'utf8');
const key = (f: string): KeyObject => importPrivateKeyPem(read(f));

ossl(
  'req',
  '-x509',
  '-newkey',
  'ec',
  '-pkeyopt',
  'ec_paramgen_curve:P-256',
  '-nodes',
  '-keyout',
  'ca.key',
  '-out',
  'ca.pem',
  '-subj',
  '/CN=Test CA/O=PersistCert',
  '-days',
  '30',
);
ossl(
  'req',
  '-new',
  '-newkey',
  'ec',
  '-pkeyopt',
  'ec_paramgen_curve:P-256',
  '-nodes',
  '-keyout',
  'leaf.key',
  '-out',
  'leaf.csr',
  '-subj',
  '/',
);
ossl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rsa.key', '-out', 'rsa.csr', '-subj', '/CN=rsa.example.test');
writeFileSync(
  p('leaf.ext'),
  'subjectAltName=DNS:a.example.test,IP:192.0.2.1,DNS:*.example.test,email:x@example.test\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n',
);
writeFileSync(p('rsa.ext'), 'subjectAltName=DNS:rsa.example.test\nauthorityKeyIdentifier=keyid\n');

/** Signs `csr` with the CA; `ext` omitted gives a v1 certificate without extensions. */
function issue(out: string, csr: string, serial: string, ext?: string, days = '10'): string {
  ossl(
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-set_serial',
    serial,
    '-days',
    days,
    '-out',
    out,
    ...(ext ? ['-extfile', ext] : []),
  );
  return read(out);
}

const caPem = read('ca.pem');
const leafPem = issue('leaf.pem', 'leaf.csr', '0x87654321', 'leaf.ext');
const rsaPem = issue('rsa.pem', 'rsa.csr', '0x01', 'rsa.ext');
const v1Pem = issue('v1.pem', 'leaf.csr', '0x7f');

/** What openssl prints for an extension's key identifier, as bytes (`AB:CD...`, maybe `keyid:`-prefixed). */
function opensslKeyId(file: string, ext: 'subjectKeyIdentifier' | 'authorityKeyIdentifier'): Buffer {
  const out = ossl('x509', '-in', file, '-noout', '-ext', ext);
  const m = /((?:[0-9A-F]{2}:)+[0-9A-F]{2})/.exec(out);
  assert.ok(m, `openssl printed no ${ext}: ${out}`);
  return Buffer.from(m[1]!.replace(/:/g, ''), 'hex');
}

/** The serialNumber content octets as openssl's asn1parse locates them (offset + header length, length). */
function opensslSerialBytes(file: string): Buffer {
  // The first depth-2 INTEGER: the [0] version wrapper's INTEGER is at depth 3.
  const out = ossl('asn1parse', '-in', file);
  const m = /^\s*(\d+):d=2\s+hl=(\d+)\s+l=\s*(\d+) prim: INTEGER/m.exec(out);
  assert.ok(m, `no serialNumber in asn1parse output:\n${out}`);
  const der = new X509Certificate(read(file)).raw;
  const start = Number(m[1]) + Number(m[2]);
  return der.subarray(start, start + Number(m[3]));
}

const opensslDate = (file: string, which: 'startdate' | 'enddate'): Date =>
  new Date(
    ossl('x509', '-in', file, '-noout', '-dateopt', 'iso_8601', `-${which}`)
      .replace(/^not(Before|After)=/, '')
      .trim(),
  );

test('serialDer keeps the exact INTEGER content octets, sign byte included', () => {
  const cases: [string, string][] = [
    ['0x87654321', '0087654321'],
    ['0x7f', '7f'],
    ['0x80', '0080'],
    ['0xff', '00ff'],
    ['1', '01'],
    ['0', '00'],
    ['-5', 'fb'],
    ['-129', 'ff7f'],
    ['12345678901234567890', '00ab54a98ceb1f0ad2'],
    ['0x7fffffffffffffffffffffffffffffffffffffff', '7fffffffffffffffffffffffffffffffffffffff'],
    ['0x8000000000000000000000000000000000000001', '008000000000000000000000000000000000000001'],
  ];
  for (const [serial, expected] of cases) {
    const pem = issue('serial.pem', 'leaf.csr', serial, 'leaf.ext');
    const cert = parseCertificate(pem);
    assert.equal(cert.serialHex, expected, serial);
    assert.deepEqual(cert.serialDer, Buffer.from(expected, 'hex'), serial);
    assert.deepEqual(cert.serialDer, opensslSerialBytes('serial.pem'), `${serial} vs openssl asn1parse`);
  }
});

test('the high-bit serial 0x87654321 starts with 0x00, which X509Certificate.serialNumber drops', () => {
  const cert = parseCertificate(leafPem);
  assert.equal(cert.serialDer[0], 0x00);
  assert.equal(cert.serialDer.length, 5);
  assert.equal(cert.serialHex, '0087654321');
  assert.equal(new X509Certificate(leafPem).serialNumber.toLowerCase(), '87654321');
});

test("AKI equals the issuer's SKI as openssl prints it", () => {
  const leaf = parseCertificate(leafPem);
  const ca = parseCertificate(caPem);
  const caSki = opensslKeyId(p('ca.pem'), 'subjectKeyIdentifier');
  assert.equal(caSki.length, 20);
  assert.deepEqual(ca.subjectKeyIdentifier, caSki);
  assert.deepEqual(leaf.authorityKeyIdentifier, caSki);
  assert.deepEqual(leaf.authorityKeyIdentifier, opensslKeyId(p('leaf.pem'), 'authorityKeyIdentifier'));
  assert.deepEqual(leaf.subjectKeyIdentifier, opensslKeyId(p('leaf.pem'), 'subjectKeyIdentifier'));
  assert.notDeepEqual(leaf.subjectKeyIdentifier, leaf.authorityKeyIdentifier);
  assert.deepEqual(parseCertificate(rsaPem).authorityKeyIdentifier, caSki);
  // openssl's self-signed CA carries an AKI pointing at itself.
  assert.deepEqual(ca.authorityKeyIdentifier, caSki);
  assert.equal(parseCertificate(rsaPem).subjectKeyIdentifier?.length, 20);
});

test('leaf fields: SAN dNSNames only, names, validity, public key, DER and PEM', () => {
  const leaf = parseCertificate(leafPem);
  assert.deepEqual(leaf.dnsNames, ['a.example.test', '*.example.test']);
  assert.equal(leaf.subject, '');
  assert.equal(leaf.issuer, 'CN=Test CA, O=PersistCert');
  assert.deepEqual(leaf.notBefore, opensslDate(p('leaf.pem'), 'startdate'));
  assert.deepEqual(leaf.notAfter, opensslDate(p('leaf.pem'), 'enddate'));
  assert.equal(leaf.notAfter.getTime() - leaf.notBefore.getTime(), 10 * 86_400_000);
  assert.deepEqual(leaf.publicKeySpkiDer, createPublicKey(key('leaf.key')).export({ type: 'spki', format: 'der' }));
  assert.deepEqual(leaf.der, opensslOk(['x509', '-in', p('leaf.pem'), '-outform', 'DER']).bytes);
  assert.equal(leaf.pem, leafPem);

  const rsa = parseCertificate(rsaPem);
  assert.equal(rsa.subject, 'CN=rsa.example.test');
  assert.deepEqual(rsa.dnsNames, ['rsa.example.test']);
  assert.equal(rsa.serialHex, '01');

  const ca = parseCertificate(caPem);
  assert.equal(ca.subject, ca.issuer);
  assert.deepEqual(ca.dnsNames, []);
});

test('a v1 certificate (no version field, no extensions) parses with the fields shifted correctly', () => {
  assert.match(ossl('x509', '-in', p('v1.pem'), '-noout', '-text'), /Version: 1 \(0x0\)/);
  const v1 = parseCertificate(v1Pem);
  assert.equal(v1.serialHex, '7f');
  assert.equal(v1.authorityKeyIdentifier, undefined);
  assert.equal(v1.subjectKeyIdentifier, undefined);
  assert.deepEqual(v1.dnsNames, []);
  assert.deepEqual(v1.notAfter, opensslDate(p('v1.pem'), 'enddate'));
  assert.deepEqual(v1.publicKeySpkiDer, parseCertificate(leafPem).publicKeySpkiDer);
});

test('a notAfter after 2049 is a GeneralizedTime and still parses (RFC 5280 §4.1.2.5)', () => {
  const pem = issue('far.pem', 'leaf.csr', '2', 'leaf.ext', '12000');
  assert.match(ossl('asn1parse', '-in', p('far.pem')), /GENERALIZEDTIME/);
  const far = parseCertificate(pem);
  assert.ok(far.notAfter.getUTCFullYear() >= 2050);
  assert.deepEqual(far.notAfter, opensslDate(p('far.pem'), 'enddate'));
  assert.deepEqual(far.notBefore, opensslDate(p('far.pem'), 'startdate'));
});

test('parseCertificate accepts PEM text, PEM bytes, DER, and a chain (taking the leaf)', () => {
  const der = parseCertificate(leafPem).der;
  const inputs: [string, string | Buffer][] = [
    ['PEM text', leafPem],
    ['PEM bytes', Buffer.from(leafPem)],
    ['DER', der],
    ['CRLF chain', `${leafPem}${caPem}`.replace(/\n/g, '\r\n')],
  ];
  for (const [name, input] of inputs) assert.deepEqual(parseCertificate(input).der, der, name);
});

test('parseCertificate rejects what is not a certificate, saying so', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['empty', '', /No certificate found/],
    ['text', 'hello', /No certificate found/],
    ['key only', read('leaf.key'), /No certificate found/],
    ['bad base64', leafPem.replace(/\n[A-Za-z0-9+/]{8}/, '\n########'), /not valid base64/],
    ['garbage DER', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]), /Not a valid X\.509 certificate/],
    ['truncated DER', parseCertificate(leafPem).der.subarray(0, 100), /Not a valid X\.509 certificate/],
    ['CSR in a CERTIFICATE block', read('leaf.csr').replace(/CERTIFICATE REQUEST/g, 'CERTIFICATE'), /Not a valid X\.509 certificate/],
  ];
  for (const [name, input, message] of cases) {
    assert.throws(
      () => parseCertificate(input),
      (e: unknown) => e instanceof CertificateError && message.test(e.message),
      name,
    );
  }
});

test('splitPemChain returns every CERTIFICATE block, normalized, and nothing else', () => {
  const messy = `issued by test\r\n${leafPem.replace(/\n/g, '\r\n')}\n${read('leaf.key')}\n  ${caPem.replace(/\n/g, '\n  ')}trailing`;
  assert.deepEqual(splitPemChain(messy), [leafPem, caPem]);
  assert.deepEqual(splitPemChain(leafPem + rsaPem + caPem), [leafPem, rsaPem, caPem]);
  // Re-wrapped to 64 columns even if the input used another width.
  const b64 = parseCertificate(leafPem).der.toString('base64');
  const oneLine = `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----`;
  assert.deepEqual(splitPemChain(oneLine), [leafPem]);
  for (const none of ['', 'no pem here', read('leaf.key'), read('leaf.csr')]) {
    assert.throws(
      () => splitPemChain(none),
      (e: unknown) => e instanceof CertificateError && /No certificate found/.test(e.message),
    );
  }
});

test('certificateMatchesKey compares the certificate key with the private key', () => {
  const cases: [string, string, KeyObject, boolean][] = [
    ['EC leaf + its key', leafPem, key('leaf.key'), true],
    ['EC leaf + CA key', leafPem, key('ca.key'), false],
    ['RSA leaf + its key', rsaPem, key('rsa.key'), true],
    ['RSA leaf + EC key', rsaPem, key('leaf.key'), false],
    ['EC leaf + RSA key', leafPem, key('rsa.key'), false],
    ['chain: leaf key matches', leafPem + caPem, key('leaf.key'), true],
    ['chain: CA key is not the leaf', leafPem + caPem, key('ca.key'), false],
    ['CA + its key', caPem, key('ca.key'), true],
    ['public key works too', leafPem, createPublicKey(key('leaf.key')), true],
  ];
  for (const [name, pem, k, expected] of cases) assert.equal(certificateMatchesKey(pem, k), expected, name);
  assert.throws(() => certificateMatchesKey('nope', key('leaf.key')), CertificateError);
});

test('certificateMatchesKey compares keys, not encodings: a compressed EC point still matches', () => {
  ossl('ec', '-in', 'leaf.key', '-conv_form', 'compressed', '-out', 'compressed.key');
  ossl('req', '-new', '-key', 'compressed.key', '-subj', '/', '-out', 'compressed.csr');
  const pem = issue('compressed.pem', 'compressed.csr', '3', 'leaf.ext');
  const cert = parseCertificate(pem);
  assert.equal(cert.publicKeySpkiDer.length, 59, 'SPKI carries a 33-byte compressed point');
  assert.notDeepEqual(cert.publicKeySpkiDer, parseCertificate(leafPem).publicKeySpkiDer);
  assert.equal(certificateMatchesKey(pem, key('leaf.key')), true);
  assert.equal(certificateMatchesKey(pem, key('ca.key')), false);
});

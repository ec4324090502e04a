import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Asn1Error,
  bmpString,
  childrenOf,
  contentOf,
  explicit,
  fromDer,
  ia5String,
  implicit,
  integer,
  oid,
  oidOf,
  octetString,
  sequence,
  toDer,
  Asn1Type,
} from '../../../../electron/core/crypto/asn1.ts';

// The glue over node-forge's codec: known encodings (X.690 §8) and hostile input only ever throws Asn1Error.
const ENCODINGS: [string, () => ReturnType<typeof sequence>, string][] = [
  ['INTEGER 0', () => integer(0), '020100'],
  ['INTEGER 128 (sign byte)', () => integer(128), '02020080'],
  ['INTEGER 10000', () => integer(10_000), '02022710'],
  ['OID sha256', () => oid('2.16.840.1.101.3.4.2.1'), '0609608648016503040201'],
  ['OCTET STRING', () => octetString(Buffer.from('abc')), '0403616263'],
  ['BMPString "é"', () => bmpString('é'), '1e0200e9'],
  ['[2] IMPLICIT IA5String', () => implicit(2, ia5String('a.b')), '8203612e62'],
  ['[0] EXPLICIT INTEGER', () => explicit(0, integer(1)), 'a003020101'],
  ['empty SEQUENCE', () => sequence(), '3000'],
];
for (const [name, build, hex] of ENCODINGS) {
  test(`encodes ${name} as ${hex}`, () => assert.equal(toDer(build()).toString('hex'), hex));
}

const HOSTILE: [string, string][] = [
  ['empty input', ''],
  ['truncated length', '30'],
  ['content shorter than its length', '300501'],
  ['trailing bytes', '30000000'],
  ['indefinite length (BER, not DER)', '3080020100 0000'],
  ['length of 2^32', '3084ffffffff00'],
];
for (const [name, hex] of HOSTILE) {
  test(`rejects ${name}`, () => {
    assert.throws(() => fromDer(Buffer.from(hex.replace(/ /g, ''), 'hex'), 'input'), Asn1Error);
  });
}

test('readers check the tag they expect', () => {
  const node = fromDer(toDer(sequence(oid('1.2.3'), integer(5))));
  const [id, five] = childrenOf(node, 'pair');
  assert.equal(oidOf(id, 'id'), '1.2.3');
  assert.deepEqual(contentOf(five, 'five', Asn1Type.INTEGER), Buffer.of(5));
  assert.throws(() => oidOf(five, 'five'), /five is missing or has the wrong type/);
  assert.throws(() => childrenOf(id!, 'id'), /id is not a SEQUENCE/);
  assert.throws(() => contentOf(undefined, 'absent', Asn1Type.INTEGER), Asn1Error);
});

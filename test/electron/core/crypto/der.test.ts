import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DerError,
  Tag,
  bitString,
  boolean,
  childAt,
  contextSpecific,
  expectTag,
  ia5String,
  integer,
  nullValue,
  octetString,
  oid,
  oidToBytes,
  oidToString,
  printableString,
  readBitString,
  readBoolean,
  readDer,
  readDerAll,
  readInteger,
  readNull,
  readString,
  readTime,
  sequence,
  set,
  tlv,
  utf8String,
  type DerNode,
} from '../../../../electron/core/crypto/der.ts';
import { openssl, opensslOk, tempDir } from './openssl.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const fromHex = (h: string): Buffer => Buffer.from(h.replace(/\s+/g, ''), 'hex');
const isDerError = (re: RegExp) => (e: unknown): boolean => e instanceof DerError && re.test(e.message);

const dir = tempDir();

/** openssl's own encoding of an ASN1_generate_nconf string, e.g. `INTEGER:-129`. */
function opensslGenstr(genstr: string): Buffer {
  const out = join(dir, 'genstr.der');
  opensslOk(['asn1parse', '-genstr', genstr, '-noout', '-out', out]);
  return readFileSync(out);
}

test('integer(bigint) is minimal two\'s complement and matches openssl', () => {
  const cases: [bigint, string][] = [
    [0n, '020100'],
    [1n, '020101'],
    [127n, '02017f'],
    [128n, '02020080'],
    [255n, '020200ff'],
    [256n, '02020100'],
    [-1n, '0201ff'],
    [-128n, '020180'],
    [-129n, '0202ff7f'],
    [2n ** 64n, '0209010000000000000000'],
    [-(2n ** 63n), '02088000000000000000'],
  ];
  for (const [value, expected] of cases) {
    const enc = integer(value);
    assert.equal(hex(enc), expected, `integer(${value})`);
    assert.equal(readInteger(readDer(enc)), value);
    assert.equal(hex(opensslGenstr(`INTEGER:${value}`)), expected, `openssl INTEGER:${value}`);
  }
  assert.equal(hex(integer(300)), '0202012c');
  assert.throws(() => integer(2 ** 60), RangeError);
});

test('integer(bytes) is unsigned: leading zeros dropped, 0x00 sign byte added for a high bit', () => {
  const cases: [string, string][] = [
    ['87654321', '0087654321'],
    ['0087654321', '0087654321'],
    ['00007f', '7f'],
    ['80', '0080'],
    ['01', '01'],
    ['0000', '00'],
    ['', '00'],
  ];
  for (const [input, content] of cases) {
    const node = readDer(integer(fromHex(input)));
    assert.equal(hex(node.content), content, `integer(${input || 'empty'})`);
    assert.ok(readInteger(node) >= 0n);
  }
});

test('readInteger rejects non-minimal and empty INTEGERs', () => {
  for (const bad of ['02020001', '0202ff80', '0200']) {
    assert.throws(() => readInteger(readDer(fromHex(bad))), DerError, bad);
  }
  assert.throws(() => readInteger(readDer(fromHex('0500'))), isDerError(/expected INTEGER, found NULL/));
});

test('OIDs encode like openssl and decode back', () => {
  const cases: [string, string][] = [
    ['1.2.840.113549.1.1.11', '2a864886f70d01010b'],
    ['2.5.29.17', '551d11'],
    ['1.2.840.10045.4.3.2', '2a8648ce3d040302'],
    ['1.2.840.113549.1.9.14', '2a864886f70d01090e'],
    ['2.999.3', '883703'],
    ['0.0', '00'],
    ['2.25.329800735698586629295641978511506172918', ''],
  ];
  for (const [dotted, content] of cases) {
    const enc = oid(dotted);
    if (content) assert.equal(hex(oidToBytes(dotted)), content, dotted);
    assert.equal(hex(enc), hex(opensslGenstr(`OID:${dotted}`)), `openssl OID:${dotted}`);
    assert.equal(oidToString(readDer(enc)), dotted);
    assert.equal(oidToString(oidToBytes(dotted)), dotted);
  }
});

test('bad OIDs are rejected by the writer and the reader', () => {
  for (const bad of ['1', '3.1', '1.40', '0.40', 'a.b', '', '1..2', '1.2.']) {
    assert.throws(() => oid(bad), RangeError, bad);
  }
  for (const bad of ['', '8001', '2a86', '2a80ff01']) {
    assert.throws(() => oidToString(fromHex(bad)), DerError, bad);
  }
});

test('lengths use the short form below 128 and minimal long forms above', () => {
  const cases: [number, string][] = [
    [0, '0400'],
    [127, '047f'],
    [128, '048180'],
    [255, '0481ff'],
    [256, '04820100'],
    [65535, '0482ffff'],
    [65536, '0483010000'],
  ];
  for (const [length, header] of cases) {
    const enc = octetString(Buffer.alloc(length, 0xab));
    assert.equal(hex(enc.subarray(0, header.length / 2)), header, `length ${length}`);
    const node = readDer(enc);
    assert.equal(node.content.length, length);
    assert.equal(node.contentStart, header.length / 2);
  }
});

test('primitive writers round-trip through the typed readers', () => {
  assert.equal(readString(readDer(utf8String('héllo ✓'))), 'héllo ✓');
  assert.equal(readString(readDer(printableString("Example Co. (test)"))), 'Example Co. (test)');
  assert.throws(() => printableString('a*b'), RangeError);
  assert.throws(() => printableString('é'), RangeError);
  assert.equal(readString(readDer(ia5String('*.example.test'))), '*.example.test');
  assert.throws(() => ia5String('bücher'), RangeError);
  assert.equal(hex(boolean(true)), '0101ff');
  assert.equal(hex(boolean(false)), '010100');
  assert.equal(readBoolean(readDer(boolean(true))), true);
  assert.equal(readBoolean(readDer(boolean(false))), false);
  assert.throws(() => readBoolean(readDer(fromHex('010101'))), isDerError(/00 or FF/));
  assert.equal(hex(nullValue()), '0500');
  assert.equal(readNull(readDer(nullValue())), null);
  assert.throws(() => readNull(readDer(fromHex('050100'))), DerError);
  assert.deepEqual(readBitString(readDer(bitString(fromHex('a0'), 5))), { unusedBits: 5, bytes: fromHex('a0') });
  assert.equal(hex(bitString(fromHex('0102'))), '0303000102');
  assert.throws(() => readBitString(readDer(fromHex('0302 05a1'))), isDerError(/unused bits are not zero/));
  assert.throws(() => readBitString(readDer(fromHex('0302 08a0'))), DerError);
  assert.throws(() => bitString(Buffer.alloc(0), 1), RangeError);
});

test('context-specific tagging: explicit wraps, implicit retags and keeps the constructed bit', () => {
  assert.equal(hex(contextSpecific(0, integer(5))), 'a003020105');
  assert.equal(hex(contextSpecific(2, ia5String('a'), 'implicit')), '820161');
  assert.equal(hex(contextSpecific(0, set(nullValue()), 'implicit')), 'a0020500');
  assert.throws(() => contextSpecific(0, fromHex('0500 0500'), 'implicit'), RangeError);
  // High tag numbers (X.690 §8.1.2.4).
  assert.equal(hex(tlv('context', false, 31, Buffer.alloc(0))), '9f1f00');
  assert.equal(hex(tlv('context', false, 200, Buffer.alloc(0))), '9f814800');
  const node = readDer(fromHex('9f814800'));
  assert.deepEqual([node.class, node.tag, node.constructed], ['context', 200, false]);
});

test('set() sorts its elements (DER SET OF, X.690 §11.6)', () => {
  assert.equal(hex(set(integer(2), integer(1))), '3106020101020102');
  assert.equal(hex(set(octetString(fromHex('0102')), octetString(fromHex('01')))), '3107040101040201 02'.replace(/ /g, ''));
});

test('a nested structure reads back as a tree with correct offsets, and openssl parses it', () => {
  const der = sequence(
    integer(0),
    sequence(oid('2.5.4.3'), utf8String('example.test')),
    contextSpecific(0, set(sequence(oid('1.2.840.113549.1.9.14'))), 'implicit'),
    bitString(fromHex('00ff')),
  );
  const root = readDer(der);
  assert.equal(root.tag, Tag.SEQUENCE);
  assert.equal(root.children?.length, 4);
  const [version, name, attrs, bits] = root.children as [DerNode, DerNode, DerNode, DerNode];
  assert.equal(readInteger(version), 0n);
  assert.equal(oidToString(childAt(name, 0)), '2.5.4.3');
  assert.equal(readString(childAt(name, 1)), 'example.test');
  assert.deepEqual([attrs.class, attrs.tag, attrs.constructed], ['context', 0, true]);
  assert.equal(oidToString(childAt(childAt(attrs, 0), 0)), '1.2.840.113549.1.9.14');
  assert.equal(readBitString(bits).bytes.length, 2);
  for (const node of [version, name, attrs, bits]) {
    assert.deepEqual(der.subarray(node.start, node.start + node.raw.length), node.raw);
    assert.deepEqual(der.subarray(node.contentStart, node.contentStart + node.content.length), node.content);
  }
  assert.throws(() => expectTag(name, Tag.SET), isDerError(/expected SET, found SEQUENCE/));
  assert.throws(() => childAt(name, 2), DerError);

  const file = join(dir, 'x.der');
  writeFileSync(file, der);
  const r = openssl(['asn1parse', '-inform', 'DER', '-in', file, '-i']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /UTF8STRING\s+:example\.test/);
  assert.match(r.stdout, /cont \[ 0 \]/);
});

test('readDerAll reads a concatenation of elements', () => {
  const nodes = readDerAll(Buffer.concat([integer(1), nullValue(), boolean(true)]));
  assert.deepEqual(nodes.map((n) => n.tag), [Tag.INTEGER, Tag.NULL, Tag.BOOLEAN]);
  assert.throws(() => readDerAll(fromHex('0500 05')), DerError);
});

test('readTime accepts only the RFC 5280 forms', () => {
  const time = (tag: number, s: string): DerNode => readDer(tlv('universal', false, tag, Buffer.from(s)));
  const good: [number, string, string][] = [
    [Tag.UTC_TIME, '250101000000Z', '2025-01-01T00:00:00.000Z'],
    [Tag.UTC_TIME, '500101000000Z', '1950-01-01T00:00:00.000Z'],
    [Tag.UTC_TIME, '491231235959Z', '2049-12-31T23:59:59.000Z'],
    [Tag.UTC_TIME, '240229120000Z', '2024-02-29T12:00:00.000Z'],
    [Tag.GENERALIZED_TIME, '20500101000000Z', '2050-01-01T00:00:00.000Z'],
    [Tag.GENERALIZED_TIME, '99991231235959Z', '9999-12-31T23:59:59.000Z'],
  ];
  for (const [tag, s, iso] of good) assert.equal(readTime(time(tag, s)).toISOString(), iso, s);
  const bad: [number, string][] = [
    [Tag.UTC_TIME, '251301000000Z'],
    [Tag.UTC_TIME, '250230000000Z'],
    [Tag.UTC_TIME, '250229000000Z'],
    [Tag.UTC_TIME, '250101240000Z'],
    [Tag.UTC_TIME, '2501010000Z'],
    [Tag.UTC_TIME, '250101000000+0100'],
    [Tag.UTC_TIME, '20250101000000Z'],
    [Tag.GENERALIZED_TIME, '20250101000000.5Z'],
    [Tag.GENERALIZED_TIME, '250101000000Z'],
    [Tag.UTF8_STRING, '250101000000Z'],
  ];
  for (const [tag, s] of bad) assert.throws(() => readTime(time(tag, s)), DerError, s);
});

test('hostile input throws a DerError saying what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['', /ends inside the identifier/],
    ['30', /ends inside the length/],
    ['3005020101', /claims 5 content byte\(s\) but only 3 remain/],
    ['30800201010000', /indefinite length/],
    ['04840fffffff00', /claims 268435455 content byte/],
    ['0484ffffffff', /claims 4294967295 content byte/],
    ['0485ffffffffff', /length uses 5 octets/],
    ['04ff', /length uses 127 octets/],
    ['04810100', /must use the short form/],
    ['0482000100', /leading zero octet/],
    ['0000', /end-of-contents/],
    ['2400', /OCTET STRING must be primitive/],
    ['2303000000', /BIT STRING must be primitive/],
    ['1000', /SEQUENCE must be constructed/],
    ['1100', /SET must be constructed/],
    ['0400ff', /1 unexpected byte/],
    ['3003020201ff', /INTEGER claims 2 content byte\(s\) but only 1 remain/],
    ['1f', /ends inside the tag number/],
    ['1f1e00', /must use the single-octet form/],
    ['1f800100', /leading zero septet/],
    ['1fffffffff7f00', /tag number too large/],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => readDer(fromHex(input)), isDerError(message), input || '(empty)');
  }
});

test('trailing bytes are accepted only when asked', () => {
  const node = readDer(fromHex('0400ffff'), { allowTrailing: true });
  assert.equal(node.raw.length, 2);
  assert.throws(() => readDer(fromHex('0400ffff')), isDerError(/2 unexpected byte/));
});

/** `depth` SEQUENCEs nested inside each other around a NULL, with correct minimal lengths. */
function nested(depth: number): Buffer {
  const lengths: number[] = [];
  let inner = 2; // 0500
  for (let i = 0; i < depth; i++) {
    lengths.push(inner);
    inner += 2 + (inner < 0x80 ? 0 : inner < 0x100 ? 1 : inner < 0x10000 ? 2 : 3);
  }
  const out = Buffer.alloc(inner);
  let pos = 0;
  for (let i = depth - 1; i >= 0; i--) {
    const len = lengths[i]!;
    out[pos++] = 0x30;
    if (len < 0x80) out[pos++] = len;
    else {
      const bytes = len < 0x100 ? [len] : len < 0x10000 ? [len >> 8, len & 0xff] : [len >> 16, (len >> 8) & 0xff, len & 0xff];
      out[pos++] = 0x80 | bytes.length;
      for (const b of bytes) out[pos++] = b;
    }
  }
  out[pos++] = 0x05;
  out[pos++] = 0x00;
  assert.equal(pos, out.length);
  return out;
}

test('deep nesting is bounded: it throws instead of overflowing the stack', () => {
  assert.doesNotThrow(() => readDer(nested(32)));
  assert.throws(() => readDer(nested(34)), isDerError(/nested more than 32 levels/));
  assert.doesNotThrow(() => readDer(nested(200), { maxDepth: 200 }));
  const t0 = performance.now();
  assert.throws(() => readDer(nested(200_000)), isDerError(/nested more than 32 levels/));
  // Thousands of nested indefinite-length headers: rejected at the first one.
  assert.throws(() => readDer(Buffer.alloc(1_000_000, 0x30).fill(0x80, 1)), DerError);
  assert.throws(() => readDer(Buffer.from('3080'.repeat(500_000), 'hex')), isDerError(/indefinite/));
  assert.ok(performance.now() - t0 < 2000, 'hostile nesting must be rejected quickly');
});

test('a wide SEQUENCE of 100k elements parses quickly', () => {
  const der = sequence(...Array.from({ length: 100_000 }, () => nullValue()));
  const t0 = performance.now();
  assert.equal(readDer(der).children?.length, 100_000);
  assert.ok(performance.now() - t0 < 2000);
});

/** Deterministic PRNG (mulberry32) so a fuzz failure can be reproduced from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Re-encodes a parsed tree; strict DER means this must give back exactly the input. */
function reencode(node: DerNode): Buffer {
  const content = node.children ? Buffer.concat(node.children.map(reencode)) : node.content;
  return tlv(node.class, node.constructed, node.tag, content);
}

/** Runs every typed reader that applies, so value checks are fuzzed too. */
function walk(node: DerNode): void {
  if (node.children) return node.children.forEach(walk);
  if (node.class !== 'universal') return;
  const readers: Partial<Record<number, (n: DerNode) => unknown>> = {
    [Tag.INTEGER]: readInteger,
    [Tag.OID]: oidToString,
    [Tag.BOOLEAN]: readBoolean,
    [Tag.NULL]: readNull,
    [Tag.BIT_STRING]: readBitString,
    [Tag.UTC_TIME]: readTime,
    [Tag.GENERALIZED_TIME]: readTime,
    [Tag.UTF8_STRING]: readString,
    [Tag.PRINTABLE_STRING]: readString,
    [Tag.IA5_STRING]: readString,
    [Tag.BMP_STRING]: readString,
  };
  try {
    readers[node.tag]?.(node);
  } catch (err) {
    if (!(err instanceof DerError)) throw err;
  }
}

test('fuzz: 20k random and mutated buffers only ever throw DerError, and what parses re-encodes exactly', () => {
  const seed = 20260101;
  const rand = prng(seed);
  const byte = (): number => Math.floor(rand() * 256);
  const valid = sequence(
    integer(0x87654321n),
    sequence(oid('1.2.840.10045.4.3.2')),
    set(sequence(oid('2.5.4.3'), utf8String('example.test'))),
    sequence(tlv('universal', false, Tag.UTC_TIME, Buffer.from('250101000000Z')), tlv('universal', false, Tag.GENERALIZED_TIME, Buffer.from('20500101000000Z'))),
    contextSpecific(3, sequence(sequence(oid('2.5.29.17'), boolean(true), octetString(sequence(contextSpecific(2, ia5String('a.test'), 'implicit')))))),
    bitString(fromHex('00112233')),
    nullValue(),
  );
  let parsed = 0;
  for (let i = 0; i < 20_000; i++) {
    let input: Buffer;
    if (i % 2 === 0) {
      input = Buffer.from(Array.from({ length: Math.floor(rand() * 48) }, byte));
      if (i % 4 === 0 && input.length > 0) input[0] = [0x30, 0x31, 0xa0, 0x02, 0x06][i % 5]!; // look like DER more often
    } else {
      input = Buffer.from(valid);
      const edits = 1 + Math.floor(rand() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * input.length);
        const kind = rand();
        if (kind < 0.6) input[at] = byte();
        else if (kind < 0.8) input = input.subarray(0, at);
        else input = Buffer.concat([input.subarray(0, at), Buffer.from([byte()]), input.subarray(at)]);
      }
    }
    let node: DerNode;
    try {
      node = readDer(input, { allowTrailing: i % 3 === 0 });
    } catch (err) {
      if (!(err instanceof DerError)) assert.fail(`seed ${seed} case ${i} (${hex(input)}) threw ${String(err)}`);
      continue;
    }
    parsed++;
    assert.deepEqual(reencode(node), node.raw, `seed ${seed} case ${i}: ${hex(input)}`);
    walk(node);
  }
  assert.ok(parsed > 100, `fuzz should parse some inputs (parsed ${parsed})`);
});

/**
 * A minimal, strict DER (X.690 §10) reader and writer: just enough ASN.1 for CSRs (RFC 2986)
 * and certificates (RFC 5280). The reader accepts only definite, minimally encoded lengths and
 * the constructed/primitive form DER requires, bounds nesting depth, and never reads past the
 * input, so hostile bytes (a CA response, a pasted PEM) can only make it throw a `DerError`.
 * Values (INTEGER, OID, times, strings) are checked by the typed `read*` helpers, not by
 * `readDer` itself, so callers can still see bytes exactly as encoded (e.g. a certificate serial).
 */

/** Malformed or unexpected DER. `offset` is the byte position in the input, when known. */
export class DerError extends Error {
  override name = 'DerError';
  readonly offset: number | undefined;
  constructor(message: string, offset?: number) {
    super(offset === undefined ? `Malformed DER: ${message}` : `Malformed DER at byte ${offset}: ${message}`);
    this.offset = offset;
  }
}

export type DerClass = 'universal' | 'application' | 'context' | 'private';

/** Universal tag numbers (X.680 §8.4) used by PKIX. */
export const Tag = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8_STRING: 12,
  SEQUENCE: 16,
  SET: 17,
  PRINTABLE_STRING: 19,
  T61_STRING: 20,
  IA5_STRING: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  UNIVERSAL_STRING: 28,
  BMP_STRING: 30,
} as const;

const TAG_NAMES = new Map<number, string>(Object.entries(Tag).map(([name, n]) => [n, name.replace(/_/g, ' ')]));

/** Universal types that DER requires to be primitive (X.690 §10.2: no constructed strings). */
const PRIMITIVE_ONLY = new Set<number>([
  Tag.BOOLEAN, Tag.INTEGER, Tag.BIT_STRING, Tag.OCTET_STRING, Tag.NULL, Tag.OID, Tag.UTF8_STRING,
  Tag.PRINTABLE_STRING, Tag.T61_STRING, Tag.IA5_STRING, Tag.UTC_TIME, Tag.GENERALIZED_TIME,
  Tag.UNIVERSAL_STRING, Tag.BMP_STRING,
]);
const CONSTRUCTED_ONLY = new Set<number>([Tag.SEQUENCE, Tag.SET]);

const CLASSES: readonly DerClass[] = ['universal', 'application', 'context', 'private'];

export interface DerNode {
  /** Tag number within its class (e.g. 16 for SEQUENCE, 3 for `[3]`). */
  tag: number;
  class: DerClass;
  constructed: boolean;
  /** Offset of the identifier octet within the buffer given to `readDer`. */
  start: number;
  /** Offset of the first content octet within the buffer given to `readDer`. */
  contentStart: number;
  /** The content octets (a view into the input, not a copy). */
  content: Buffer;
  /** The whole TLV: identifier, length and content (a view into the input, not a copy). */
  raw: Buffer;
  /** The parsed content of a constructed node; absent for primitive ones. */
  children?: DerNode[];
}

export interface ReadDerOptions {
  /** Accept bytes after the first element (`raw.length` tells how much was read). Default false. */
  allowTrailing?: boolean;
  /** Maximum nesting depth; deeper input throws. Default 32 (X.509 needs fewer than 12). */
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 32;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Human name of a node's tag, for error messages. */
export function describeTag(tag: number, cls: DerClass = 'universal'): string {
  if (cls === 'context') return `[${tag}]`;
  if (cls === 'universal') return TAG_NAMES.get(tag) ?? `universal tag ${tag}`;
  return `${cls} tag ${tag}`;
}

/**
 * Reads one DER element from `bytes`. Constructed elements are parsed recursively into
 * `children`, each of which must exactly fill its parent's content. Throws `DerError` for
 * anything that is not strict DER structure; trailing bytes are rejected unless allowed.
 */
export function readDer(bytes: Uint8Array, options: ReadDerOptions = {}): DerNode {
  const buf = asBuffer(bytes);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const node = readElement(buf, 0, buf.length, 0, maxDepth);
  if (!options.allowTrailing && node.raw.length !== buf.length) {
    throw new DerError(`${buf.length - node.raw.length} unexpected byte(s) after the end of the ${describeTag(node.tag, node.class)}`, node.raw.length);
  }
  return node;
}

/** Reads every element of a concatenation of DER elements (e.g. the content of a SEQUENCE). */
export function readDerAll(bytes: Uint8Array, options: Omit<ReadDerOptions, 'allowTrailing'> = {}): DerNode[] {
  const buf = asBuffer(bytes);
  return readElements(buf, 0, buf.length, 0, options.maxDepth ?? DEFAULT_MAX_DEPTH);
}

function readElements(buf: Buffer, start: number, end: number, depth: number, maxDepth: number): DerNode[] {
  const out: DerNode[] = [];
  let pos = start;
  while (pos < end) {
    const node = readElement(buf, pos, end, depth, maxDepth);
    out.push(node);
    pos += node.raw.length;
  }
  return out;
}

interface Header {
  tag: number;
  cls: DerClass;
  constructed: boolean;
  contentStart: number;
  length: number;
}

/** Identifier and length octets of the element at `start` (X.690 §8.1.2, §8.1.3, §10.1). */
function readHeader(buf: Buffer, start: number, end: number): Header {
  let pos = start;
  const id = byteAt(buf, pos++, end, 'identifier');
  const cls = CLASSES[id >> 6] as DerClass;
  const constructed = (id & 0x20) !== 0;
  let tag = id & 0x1f;
  if (tag === 0x1f) {
    // High-tag-number form (§8.1.2.4): base-128, minimal, and only for tags >= 31.
    tag = 0;
    let first = true;
    for (;;) {
      const b = byteAt(buf, pos++, end, 'tag number');
      if (first && b === 0x80) throw new DerError('tag number has a leading zero septet', pos - 1);
      first = false;
      tag = tag * 128 + (b & 0x7f);
      if (tag > 0x3fffffff) throw new DerError('tag number too large', start);
      if ((b & 0x80) === 0) break;
    }
    if (tag < 31) throw new DerError(`tag number ${tag} must use the single-octet form`, start);
  }
  if (cls === 'universal') {
    if (tag === 0) throw new DerError('end-of-contents marker (indefinite length is not DER)', start);
    if (constructed && PRIMITIVE_ONLY.has(tag)) throw new DerError(`${describeTag(tag)} must be primitive in DER`, start);
    if (!constructed && CONSTRUCTED_ONLY.has(tag)) throw new DerError(`${describeTag(tag)} must be constructed`, start);
  }

  // Length: definite (§10.1) and in the fewest octets.
  const lenByte = byteAt(buf, pos++, end, 'length');
  let length: number;
  if (lenByte < 0x80) {
    length = lenByte;
  } else if (lenByte === 0x80) {
    throw new DerError('indefinite length is not allowed in DER', pos - 1);
  } else {
    const n = lenByte & 0x7f;
    if (n > 4) throw new DerError(`length uses ${n} octets; nothing here can be that long`, pos - 1);
    length = 0;
    for (let i = 0; i < n; i++) {
      const b = byteAt(buf, pos++, end, 'length');
      if (i === 0 && b === 0) throw new DerError('length has a leading zero octet (not minimal)', pos - 1);
      length = length * 256 + b;
    }
    if (length < 0x80) throw new DerError(`length ${length} must use the short form`, pos - 1 - n);
  }
  if (length > end - pos) {
    throw new DerError(`${describeTag(tag, cls)} claims ${length} content byte(s) but only ${end - pos} remain (truncated?)`, start);
  }
  return { tag, cls, constructed, contentStart: pos, length };
}

function readElement(buf: Buffer, start: number, end: number, depth: number, maxDepth: number): DerNode {
  if (depth > maxDepth) throw new DerError(`nested more than ${maxDepth} levels deep`, start);
  const { tag, cls, constructed, contentStart, length } = readHeader(buf, start, end);
  const contentEnd = contentStart + length;
  const node: DerNode = {
    tag,
    class: cls,
    constructed,
    start,
    contentStart,
    content: buf.subarray(contentStart, contentEnd),
    raw: buf.subarray(start, contentEnd),
  };
  if (constructed) node.children = readElements(buf, contentStart, contentEnd, depth + 1, maxDepth);
  return node;
}

function byteAt(buf: Buffer, pos: number, end: number, what: string): number {
  const b = pos < end ? buf[pos] : undefined;
  if (b === undefined) throw new DerError(`input ends inside the ${what}`, pos);
  return b;
}

// ---------------------------------------------------------------------------------------------
// Walking helpers

/** Returns `node` if it has the given tag and class, else throws naming what was found. */
export function expectTag(node: DerNode, tag: number, cls: DerClass = 'universal', what?: string): DerNode {
  if (node.tag !== tag || node.class !== cls) {
    throw new DerError(`expected ${what ? `${what} (${describeTag(tag, cls)})` : describeTag(tag, cls)}, found ${describeTag(node.tag, node.class)}`, node.start);
  }
  return node;
}

/** The children of a constructed node; throws for a primitive one. */
export function childrenOf(node: DerNode): DerNode[] {
  if (!node.children) throw new DerError(`expected a constructed element, found primitive ${describeTag(node.tag, node.class)}`, node.start);
  return node.children;
}

/** The i-th child of a constructed node; throws if there is none. */
export function childAt(node: DerNode, index: number, what?: string): DerNode {
  const child = childrenOf(node)[index];
  if (!child) throw new DerError(`${describeTag(node.tag, node.class)} is missing ${what ?? `element ${index}`}`, node.start);
  return child;
}

/** The first context-specific child `[n]` of a constructed node, if any. */
export function contextChild(node: DerNode, n: number): DerNode | undefined {
  return childrenOf(node).find((c) => c.class === 'context' && c.tag === n);
}

/** Decodes an INTEGER (two's complement, X.690 §8.3), rejecting non-minimal encodings. */
export function readInteger(node: DerNode): bigint {
  expectTag(node, Tag.INTEGER);
  const c = node.content;
  const [b0, b1] = c;
  if (b0 === undefined) throw new DerError('INTEGER has no content', node.start);
  if (b1 !== undefined && ((b0 === 0x00 && b1 < 0x80) || (b0 === 0xff && b1 >= 0x80))) {
    throw new DerError('INTEGER is not minimally encoded', node.start);
  }
  let value = BigInt(`0x${c.toString('hex')}`);
  if (b0 >= 0x80) value -= 1n << BigInt(c.length * 8);
  return value;
}

/** Decodes a BOOLEAN; DER allows only 0x00 and 0xFF (X.690 §11.1). */
export function readBoolean(node: DerNode): boolean {
  expectTag(node, Tag.BOOLEAN);
  const [b] = node.content;
  if (node.content.length !== 1 || (b !== 0x00 && b !== 0xff)) throw new DerError('BOOLEAN must be one octet, 00 or FF', node.start);
  return b === 0xff;
}

/** Checks a NULL (X.690 §8.8: no content). */
export function readNull(node: DerNode): null {
  expectTag(node, Tag.NULL);
  if (node.content.length !== 0) throw new DerError('NULL must have no content', node.start);
  return null;
}

/** Content of an OCTET STRING. */
export function readOctetString(node: DerNode): Buffer {
  return expectTag(node, Tag.OCTET_STRING).content;
}

/** Decodes a BIT STRING (X.690 §8.6, §11.2: unused bits are zero). */
export function readBitString(node: DerNode): { unusedBits: number; bytes: Buffer } {
  expectTag(node, Tag.BIT_STRING);
  const [unusedBits] = node.content;
  if (unusedBits === undefined) throw new DerError('BIT STRING has no content', node.start);
  const bytes = node.content.subarray(1);
  const last = bytes[bytes.length - 1];
  if (unusedBits > 7 || (bytes.length === 0 && unusedBits !== 0)) throw new DerError(`BIT STRING has ${unusedBits} unused bits`, node.start);
  if (last !== undefined && (last & ((1 << unusedBits) - 1)) !== 0) throw new DerError('BIT STRING unused bits are not zero', node.start);
  return { unusedBits, bytes };
}

/**
 * An OBJECT IDENTIFIER (X.690 §8.19) as a dotted string. Accepts the OID node or its content.
 * Arcs are bigints internally, so `2.25.<uuid>` OIDs survive.
 */
export function oidToString(oid: DerNode | Uint8Array): string {
  let content: Uint8Array;
  if (oid instanceof Uint8Array) content = oid;
  else content = expectTag(oid, Tag.OID).content;
  if (content.length === 0) throw new DerError('OBJECT IDENTIFIER has no content');
  const arcs: bigint[] = [];
  let value = 0n;
  let startOfArc = true;
  for (const b of content) {
    if (startOfArc && b === 0x80) throw new DerError('OBJECT IDENTIFIER arc has a leading zero septet');
    value = (value << 7n) | BigInt(b & 0x7f);
    startOfArc = (b & 0x80) === 0;
    if (startOfArc) {
      arcs.push(value);
      value = 0n;
    }
  }
  if (!startOfArc) throw new DerError('OBJECT IDENTIFIER ends inside an arc');
  const [first = 0n, ...rest] = arcs;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...rest].join('.');
}

/** A character string (UTF8String, PrintableString, IA5String, T61String as Latin-1, BMPString). */
export function readString(node: DerNode): string {
  if (node.class !== 'universal') throw new DerError(`expected a string, found ${describeTag(node.tag, node.class)}`, node.start);
  switch (node.tag) {
    case Tag.UTF8_STRING: {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(node.content);
      } catch {
        throw new DerError('UTF8String is not valid UTF-8', node.start);
      }
    }
    case Tag.PRINTABLE_STRING:
    case Tag.IA5_STRING:
      for (const b of node.content) if (b > 0x7f) throw new DerError(`${describeTag(node.tag)} contains a non-ASCII byte`, node.start);
      return node.content.toString('latin1');
    case Tag.T61_STRING:
      return node.content.toString('latin1');
    case Tag.BMP_STRING:
      if (node.content.length % 2 !== 0) throw new DerError('BMPString has an odd length', node.start);
      return Buffer.from(node.content).swap16().toString('utf16le');
    default:
      throw new DerError(`expected a string, found ${describeTag(node.tag)}`, node.start);
  }
}

/**
 * A Time (RFC 5280 §4.1.2.5): UTCTime `YYMMDDHHMMSSZ` (YY >= 50 means 19YY) or
 * GeneralizedTime `YYYYMMDDHHMMSSZ`, the only forms RFC 5280 allows.
 */
export function readTime(node: DerNode): Date {
  const text = node.content.toString('latin1');
  let m: RegExpExecArray | null;
  let year: number;
  if (node.class === 'universal' && node.tag === Tag.UTC_TIME && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (node.class === 'universal' && node.tag === Tag.GENERALIZED_TIME && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text))) {
    year = Number(m[1]);
  } else {
    throw new DerError(`expected a UTCTime or GeneralizedTime in RFC 5280 form, found ${describeTag(node.tag, node.class)} "${text.slice(0, 20)}"`, node.start);
  }
  const [month, day, hour, minute, second] = m.slice(2).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (year < 100) date.setUTCFullYear(year); // Date.UTC maps 0..99 to 1900..1999
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new DerError(`invalid date "${text}"`, node.start);
  }
  return date;
}

// ---------------------------------------------------------------------------------------------
// Writer

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function encodeIdentifier(cls: DerClass, constructed: boolean, tag: number): Buffer {
  if (!Number.isSafeInteger(tag) || tag < 0 || tag > 0x3fffffff) throw new RangeError(`invalid tag number ${tag}`);
  const lead = (CLASSES.indexOf(cls) << 6) | (constructed ? 0x20 : 0);
  if (tag < 31) return Buffer.from([lead | tag]);
  const septets: number[] = [];
  for (let n = tag; n > 0; n = Math.floor(n / 128)) septets.unshift((n % 128) | (septets.length ? 0x80 : 0));
  return Buffer.from([lead | 0x1f, ...septets]);
}

/** One TLV with the given identifier and content. */
export function tlv(cls: DerClass, constructed: boolean, tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([encodeIdentifier(cls, constructed, tag), encodeLength(content.length), content]);
}

/** SEQUENCE of already-encoded elements, in order. */
export function sequence(...elements: Uint8Array[]): Buffer {
  return tlv('universal', true, Tag.SEQUENCE, Buffer.concat(elements));
}

/**
 * SET OF already-encoded elements. DER sorts SET OF elements by their encodings
 * (X.690 §11.6); for a SET of distinct low universal tags that is also the tag order §10.3 wants.
 */
export function set(...elements: Uint8Array[]): Buffer {
  const sorted = elements.map(asBuffer).sort(Buffer.compare);
  return tlv('universal', true, Tag.SET, Buffer.concat(sorted));
}

/**
 * INTEGER (X.690 §8.3). A bigint/number is encoded in minimal two's complement. Bytes are
 * taken as an unsigned big-endian magnitude: leading zeros are dropped and a 0x00 sign byte is
 * added when the high bit is set, so the value stays positive.
 */
export function integer(value: bigint | number | Uint8Array): Buffer {
  if (value instanceof Uint8Array) {
    let i = 0;
    while (i < value.length - 1 && value[i] === 0) i++;
    const mag = asBuffer(value).subarray(i);
    const first = mag[0];
    const content = first === undefined ? Buffer.from([0]) : first >= 0x80 ? Buffer.concat([Buffer.from([0]), mag]) : mag;
    return tlv('universal', false, Tag.INTEGER, content);
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`INTEGER value ${value} is not a safe integer`);
  let v = BigInt(value);
  const bytes: number[] = [];
  // Emit bytes until the remaining value is just the sign extension of the last byte emitted.
  for (;;) {
    const b = Number(v & 0xffn);
    bytes.unshift(b);
    v >>= 8n;
    if ((v === 0n && b < 0x80) || (v === -1n && b >= 0x80)) break;
  }
  return tlv('universal', false, Tag.INTEGER, Buffer.from(bytes));
}

/** Content octets of an OBJECT IDENTIFIER from dotted form (X.690 §8.19). */
export function oidToBytes(dotted: string): Buffer {
  if (!/^\d+(\.\d+)+$/.test(dotted)) throw new RangeError(`"${dotted}" is not a dotted OID`);
  const arcs = dotted.split('.').map(BigInt);
  const [a = 0n, b = 0n, ...rest] = arcs;
  if (a > 2n || (a < 2n && b >= 40n)) throw new RangeError(`"${dotted}" is not a valid OID (X.660: first arc 0..2, second < 40 under 0 and 1)`);
  const out: number[] = [];
  for (const arc of [a * 40n + b, ...rest]) {
    const septets = [Number(arc & 0x7fn)];
    for (let n = arc >> 7n; n > 0n; n >>= 7n) septets.unshift(Number(n & 0x7fn) | 0x80);
    out.push(...septets);
  }
  return Buffer.from(out);
}

/** OBJECT IDENTIFIER from dotted form, e.g. `oid('2.5.29.17')`. */
export function oid(dotted: string): Buffer {
  return tlv('universal', false, Tag.OID, oidToBytes(dotted));
}

export function utf8String(text: string): Buffer {
  return tlv('universal', false, Tag.UTF8_STRING, Buffer.from(text, 'utf8'));
}

/** PrintableString (X.680 §41.4): A-Z a-z 0-9 space and '()+,-./:=? only. */
export function printableString(text: string): Buffer {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)) throw new RangeError(`"${text}" has characters a PrintableString cannot hold`);
  return tlv('universal', false, Tag.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
}

/** IA5String: 7-bit ASCII (used for dNSName in GeneralName, RFC 5280 §4.2.1.6). */
export function ia5String(text: string): Buffer {
  if (!/^[\x00-\x7f]*$/.test(text)) throw new RangeError(`"${text}" has non-ASCII characters an IA5String cannot hold`);
  return tlv('universal', false, Tag.IA5_STRING, Buffer.from(text, 'latin1'));
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv('universal', false, Tag.OCTET_STRING, bytes);
}

/** BIT STRING (X.690 §8.6); the unused low bits of the last byte must already be zero. */
export function bitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  if (!Number.isInteger(unusedBits) || unusedBits < 0 || unusedBits > 7 || (bytes.length === 0 && unusedBits !== 0)) {
    throw new RangeError(`invalid BIT STRING unused-bit count ${unusedBits}`);
  }
  return tlv('universal', false, Tag.BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

export function boolean(value: boolean): Buffer {
  return tlv('universal', false, Tag.BOOLEAN, Buffer.from([value ? 0xff : 0x00]));
}

/** NULL (named `nullValue` because `null` is a reserved word). */
export function nullValue(): Buffer {
  return tlv('universal', false, Tag.NULL, Buffer.alloc(0));
}

/**
 * A context-specific tag `[n]` around one encoded element. EXPLICIT wraps it in a constructed
 * `[n]`; IMPLICIT replaces its identifier, keeping its constructed bit (X.690 §8.14).
 */
export function contextSpecific(n: number, element: Uint8Array, tagging: 'explicit' | 'implicit' = 'explicit'): Buffer {
  if (tagging === 'explicit') return tlv('context', true, n, element);
  const buf = asBuffer(element);
  const h = readHeader(buf, 0, buf.length);
  if (h.contentStart + h.length !== buf.length) throw new RangeError('IMPLICIT tagging needs exactly one encoded element');
  return tlv('context', h.constructed, n, buf.subarray(h.contentStart));
}

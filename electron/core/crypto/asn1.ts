/**
 * Glue between node-forge's ASN.1 codec (X.690 DER) and Buffers. forge speaks "binary strings"
 * (one char per byte); everything here takes and returns Buffers, so no other module has to.
 * Builders name the ASN.1 types PKIX uses; readers check the tag they expect and throw
 * `Asn1Error` with what was expected, so hostile bytes can only make them throw.
 */
import asn1 from 'node-forge/lib/asn1.js';
import type forge from 'node-forge';

export type Asn1 = forge.asn1.Asn1;

/** Malformed or unexpected DER. */
export class Asn1Error extends Error {
  override name = 'Asn1Error';
}

const { Class, Type } = asn1;
const bin = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('binary');

// --- writing -------------------------------------------------------------------------------

export const sequence = (...items: Asn1[]): Asn1 => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, items);
export const set = (...items: Asn1[]): Asn1 => asn1.create(Class.UNIVERSAL, Type.SET, true, items);
export const oid = (dotted: string): Asn1 => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(dotted).getBytes());
export const nullValue = (): Asn1 => asn1.create(Class.UNIVERSAL, Type.NULL, false, '');
export const boolean = (value: boolean): Asn1 => asn1.create(Class.UNIVERSAL, Type.BOOLEAN, false, value ? '\xff' : '\x00');
export const octetString = (bytes: Uint8Array): Asn1 => asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, bin(bytes));
/** BIT STRING with no unused bits (signatures, keys). */
export const bitString = (bytes: Uint8Array): Asn1 => asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, `\x00${bin(bytes)}`);
export const utf8String = (text: string): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.UTF8, false, Buffer.from(text, 'utf8').toString('binary'));
export const ia5String = (text: string): Asn1 => asn1.create(Class.UNIVERSAL, Type.IA5STRING, false, text);
/** BMPString (X.680 §41): forge writes the JS string's UTF-16 code units big-endian. */
export const bmpString = (text: string): Asn1 => asn1.create(Class.UNIVERSAL, Type.BMPSTRING, false, text);
export const integer = (value: number): Asn1 => asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(value).getBytes());

/** `[n] EXPLICIT` around one value. */
export const explicit = (n: number, value: Asn1): Asn1 => asn1.create(Class.CONTEXT_SPECIFIC, n as forge.asn1.Type, true, [value]);
/** `[n] IMPLICIT`: the value's own tag replaced by the context tag (X.690 §8.14). */
export function implicit(n: number, value: Asn1): Asn1 {
  return asn1.create(Class.CONTEXT_SPECIFIC, n as forge.asn1.Type, value.constructed, value.value);
}

/** An already-encoded element (e.g. a SubjectPublicKeyInfo from node:crypto), kept byte for byte. */
export const raw = (der: Uint8Array): Asn1 => fromDer(der);

export function toDer(node: Asn1): Buffer {
  return Buffer.from(asn1.toDer(node).getBytes(), 'binary');
}

// --- reading -------------------------------------------------------------------------------

/**
 * Parses exactly one DER element; trailing bytes are an error. forge also reads BER (indefinite
 * lengths, long-form small lengths), so DER is enforced by re-encoding: DER has one encoding per
 * value (X.690 §10), and anything else would let two byte strings mean the same certificate.
 */
export function fromDer(der: Uint8Array, what = 'value'): Asn1 {
  let node: Asn1;
  try {
    node = asn1.fromDer(bin(der), { strict: true, parseAllBytes: true, decodeBitStrings: false });
  } catch (err) {
    throw new Asn1Error(`${what} is not valid DER (${(err as Error).message})`, { cause: err });
  }
  if (!toDer(node).equals(der)) throw new Asn1Error(`${what} is BER, not DER (X.690 §10): it has a non-canonical encoding`);
  return node;
}

/** The node's children, checking it is a universal SEQUENCE or SET (`type`). */
export function childrenOf(node: Asn1, what: string, type: number = Type.SEQUENCE): Asn1[] {
  if (node.tagClass !== Class.UNIVERSAL || (node.type as number) !== type || !Array.isArray(node.value)) {
    throw new Asn1Error(`${what} is not a ${type === Type.SET ? 'SET' : 'SEQUENCE'}`);
  }
  return node.value;
}

/** The `[n]` context-tagged child of a constructed node, if present. */
export function contextChild(node: Asn1, n: number): Asn1 | undefined {
  return Array.isArray(node.value) ? node.value.find((c) => c.tagClass === Class.CONTEXT_SPECIFIC && (c.type as number) === n) : undefined;
}

/** Content octets of a primitive node, checking its universal type (or context tag when `context`). */
export function contentOf(node: Asn1 | undefined, what: string, type: number, context = false): Buffer {
  const cls = context ? Class.CONTEXT_SPECIFIC : Class.UNIVERSAL;
  if (!node || node.tagClass !== cls || (node.type as number) !== type || typeof node.value !== 'string')
    throw new Asn1Error(`${what} is missing or has the wrong type`);
  return Buffer.from(node.value, 'binary');
}

export function oidOf(node: Asn1 | undefined, what: string): string {
  return asn1.derToOid(contentOf(node, what, Type.OID).toString('binary'));
}

/** UTCTime or GeneralizedTime (RFC 5280 §4.1.2.5). */
export function timeOf(node: Asn1 | undefined, what: string): Date {
  if (node?.type === Type.UTCTIME) return asn1.utcTimeToDate(contentOf(node, what, Type.UTCTIME).toString('latin1'));
  return asn1.generalizedTimeToDate(contentOf(node, what, Type.GENERALIZEDTIME).toString('latin1'));
}

export { Type as Asn1Type };

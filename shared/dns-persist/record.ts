import { parseIssueValue } from '../issue-value.ts';

/**
 * The dns-persist-01 TXT record: where it lives, how to write it, and how a CA reads it.
 * draft-ietf-acme-dns-persist-01 §4 (record), §4.1 (parameters), §9.1 (character-strings);
 * the value is an RFC 8659 §4.2 issue-value. The parser follows what Pebble and Boulder accept,
 * so what we call valid is what a CA will call valid.
 */

export const VALIDATION_LABEL = '_validation-persist';
/** RFC 1035 §3.3: one character-string holds at most 255 octets. */
export const MAX_CHARACTER_STRING = 255;

export interface PersistRecord {
  /** The issuer domain name (a CA identity), lowercased, no trailing dot. */
  issuer: string;
  accountUri: string;
  /** Only `wildcard` is defined; anything else means "absent" (-01 §4.1). */
  policy?: 'wildcard';
  /** UNIX seconds after which the CA must not use the record for new validations. */
  persistUntil?: number;
  /** Parameters with tags this draft does not define, kept for display (CAs ignore them). */
  unknown?: Record<string, string>;
}

/** The record's owner name: `_validation-persist.<name>`, with a wildcard's `*.` removed (-01 §4). */
export function validationDomainName(name: string): string {
  const base = name.toLowerCase().replace(/\.$/, '').replace(/^\*\./, '');
  return `${VALIDATION_LABEL}.${base}`;
}

/**
 * The record's value in the canonical form CAs and peers print, single spaces after ";":
 * `issuer; accounturi=URI[; policy=wildcard][; persistUntil=N]`.
 */
export function buildRecordValue(record: PersistRecord): string {
  // Pebble compares the issuer exactly (va/va.go): lower case, no trailing dot, no stray spaces.
  const parts = [record.issuer.trim().toLowerCase().replace(/\.$/, ''), `accounturi=${record.accountUri.trim()}`];
  if (record.policy === 'wildcard') parts.push('policy=wildcard');
  if (record.persistUntil !== undefined) parts.push(`persistUntil=${record.persistUntil}`);
  return parts.join('; ');
}

/**
 * Splits a value into character-strings of at most 255 octets (-01 §9.1). CAs concatenate them
 * with no separator, so we cut at octet boundaries and prefer to cut before "; " separators's space
 * so each piece reads naturally, as the draft's examples do.
 */
export function splitCharacterStrings(value: string): string[] {
  const out: string[] = [];
  let rest = value;
  while (utf8Length(rest) > MAX_CHARACTER_STRING) {
    let cut = MAX_CHARACTER_STRING;
    while (utf8Length(rest.slice(0, cut)) > MAX_CHARACTER_STRING) cut--;
    const soft = rest.lastIndexOf('; ', cut - 1);
    if (soft > MAX_CHARACTER_STRING / 2) cut = soft + 1; // keep ";" here, start the next string with " "
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out;
}

/** Presentation format of one character-string (RFC 1035 §5.1): quoted, `"` and `\` escaped. */
export function quoteCharacterString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A zone-file line, for people who edit zone files or paste into "advanced" DNS editors. */
export function zoneFileLine(name: string, value: string, ttl = 3600): string {
  return `${validationDomainName(name)}. ${ttl} IN TXT ${splitCharacterStrings(value).map(quoteCharacterString).join(' ')}`;
}

export type RecordParse = { ok: true; record: PersistRecord } | { ok: false; error: string; issuer?: string | undefined };

/**
 * Parses a TXT value (its character-strings already joined) as a CA does. Every rejection says
 * what to fix. The issuer is returned even on errors so callers can tell "a broken record for
 * this CA" from "a record for another CA".
 */
export function parseRecordValue(text: string): RecordParse {
  const parsed = parseIssueValue(text, { bareIssuerSemicolon: false });
  if (!parsed.ok) {
    const error = parsed.error === 'Nothing follows ";"' ? 'Nothing follows ";": add "accounturi=<your ACME account URL>"' : parsed.error;
    return { ok: false, issuer: parsed.issuer || undefined, error: parsed.issuer === '' ? NO_ISSUER : error };
  }
  const { issuer, params } = parsed;
  if (issuer === '') return { ok: false, error: NO_ISSUER };
  const fail = (error: string): RecordParse => ({ ok: false, issuer, error });
  const accountUri = params.get('accounturi');
  if (accountUri === undefined) return fail('The record has no accounturi; add "; accounturi=<your ACME account URL>"');
  if (accountUri === '') return fail('accounturi is empty; put your ACME account URL after "accounturi="');
  const record: PersistRecord = { issuer, accountUri };
  const policy = params.get('policy');
  if (policy !== undefined && policy.toLowerCase() === 'wildcard') record.policy = 'wildcard';
  const until = params.get('persistuntil');
  if (until !== undefined) {
    // Pebble and Boulder use Go's ParseInt(v, 10, 64): optional sign, decimal digits, int64 range.
    if (!/^[+-]?\d+$/.test(until) || BigInt(until) > 9223372036854775807n || BigInt(until) < -9223372036854775808n) {
      return fail(`persistUntil=${until} is not a whole number of seconds since 1970 (UNIX time), e.g. persistUntil=1798761600`);
    }
    record.persistUntil = Number(until);
  }
  const unknown = [...params].filter(([t]) => !['accounturi', 'policy', 'persistuntil'].includes(t));
  if (unknown.length) record.unknown = Object.fromEntries(unknown);
  return { ok: true, record };
}

const NO_ISSUER = 'The record starts with no issuer domain name; it must begin with the CA\'s name, e.g. "letsencrypt.org;"';

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * Each known CA's dns-persist-01 record check, step by step, on the presented TXT text (see
 * presentation.ts). Both follow draft-ietf-acme-dns-persist-01 §4.1 and RFC 8659 §4.2 and differ
 * only where listed in CA_RULES; every step cites the code it copies:
 *   Pebble v2.10.0 va/va.go splitIssuerDomainName / parseDNSPersistIssueValues / validateDNSPersist01
 *   Boulder 2d00c8e va/dns_persist.go parseDNSPersistRecord / checkDNSPersistRecord, core/util.go
 *   NormalizeIssuerDomainName.
 */
export type CaId = 'pebble' | 'boulder';
export const CA_IDS: CaId[] = ['pebble', 'boulder'];
export const CA_NAMES: Record<CaId, string> = { pebble: 'Pebble', boulder: "Let's Encrypt (Boulder)" };

interface CaRules {
  /**
   * How the record's issuer is compared with the CA's issuer names. Pebble: `slices.Contains`
   * on the WSP-trimmed text, exact. Boulder: NormalizeIssuerDomainName (lower case, NFC, A-label,
   * one trailing dot removed) and then equality; a name that fails normalization is skipped.
   */
  issuer: 'exact' | 'normalized';
  /** Pebble rejects any repeated tag (`seenTags` before the switch); Boulder only known tags. */
  duplicates: 'any' | 'known';
  /** Boulder tests `!persistUntil.IsZero()`: a value meaning 0001-01-01T00:00:00Z counts as absent. */
  zeroTimeIsAbsent: boolean;
}

export const CA_RULES: Record<CaId, CaRules> = {
  pebble: { issuer: 'exact', duplicates: 'any', zeroTimeIsAbsent: false },
  boulder: { issuer: 'normalized', duplicates: 'known', zeroTimeIsAbsent: true },
};

export interface RecordExpectation {
  issuers: string[];
  accountUri: string;
  wildcard: boolean;
  /** UNIX seconds of the validation. */
  now: number;
}

/** What one CA does with one TXT record. */
export type CaRecordOutcome =
  | { kind: 'ok'; persistUntil?: bigint }
  /** Not a record for this CA (issuer mismatch): silently ignored. */
  | { kind: 'skip' }
  /** A record for this CA with a syntax error: the CA answers `malformed` if nothing else passes. */
  | { kind: 'syntax'; why: SyntaxWhy; tag?: string; value?: string }
  /** Well-formed but not for this account/name/time: `unauthorized`. */
  | { kind: 'unauthorized'; why: 'account' | 'policy' | 'expired'; value?: string; persistUntil?: bigint };

export type SyntaxWhy =
  'empty-param' | 'not-tag-value' | 'empty-tag' | 'duplicate' | 'bad-value' | 'empty-accounturi' | 'bad-persist-until' | 'no-accounturi';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** Go's time package counts seconds from year 1: unixToInternal = 62135596800 (time/time.go). */
const UNIX_TO_INTERNAL = 62135596800n;

/** RFC 5234 WSP, as both CAs trim it (strings.TrimFunc with isWSP / trimWSP). */
export function trimWsp(s: string): string {
  return s.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** Boulder's NormalizeIssuerDomainName for the ASCII text the validator sees; undefined if it fails. */
export function normalizeIssuer(raw: string): string | undefined {
  const name = raw.toLowerCase().replace(/\.$/, '');
  // idna.Lookup with STD3 rules: LDH labels, no leading/trailing hyphen, no empty label.
  if (name.length > 253 || !name.split('.').every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) return undefined;
  return name;
}

/**
 * strconv.ParseInt(v, 10, 64) then time.Unix(v, 0): returns the instant Go ends up with, in UNIX
 * seconds. Values within 62135596800 s of the int64 maximum overflow Go's internal seconds count
 * and wrap to a date long past, so the CA calls them expired.
 */
export function goPersistUntil(value: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(value)) return undefined;
  const v = BigInt(value);
  if (v > INT64_MAX || v < INT64_MIN) return undefined;
  let internal = v + UNIX_TO_INTERNAL;
  if (internal > INT64_MAX) internal -= 1n << 64n;
  return internal - UNIX_TO_INTERNAL;
}

/** The issuer text both CAs cut off the front: everything before the first ";", WSP-trimmed. */
export function issuerPart(presented: string): string {
  return trimWsp(presented.split(';')[0] ?? '');
}

export function judgeRecord(ca: CaId, presented: string, expect: RecordExpectation): CaRecordOutcome {
  const rules = CA_RULES[ca];
  const [head = '', ...params] = presented.split(';');
  const raw = trimWsp(head);
  if (raw === '') return { kind: 'skip' };
  const issuer = rules.issuer === 'exact' ? raw : normalizeIssuer(raw);
  if (issuer === undefined || !expect.issuers.includes(issuer)) return { kind: 'skip' };

  let accountUri = '';
  let policy = '';
  let persistUntil: bigint | undefined;
  let persistUntilText = '';
  let zeroTime = false;
  const seen = new Set<string>();
  for (const rawParam of params) {
    const param = trimWsp(rawParam);
    if (param === '') return { kind: 'syntax', why: 'empty-param' };
    const eq = param.indexOf('=');
    if (eq < 0) return { kind: 'syntax', why: 'not-tag-value', value: param };
    const tag = trimWsp(param.slice(0, eq));
    const value = trimWsp(param.slice(eq + 1));
    if (tag === '') return { kind: 'syntax', why: 'empty-tag', value: param };
    const canonical = tag.toLowerCase();
    const known = canonical === 'accounturi' || canonical === 'policy' || canonical === 'persistuntil';
    if (seen.has(canonical) && (rules.duplicates === 'any' || known)) return { kind: 'syntax', why: 'duplicate', tag };
    seen.add(canonical);
    // RFC 8659 §4.2 parameter-value = *(%x21-3A / %x3C-7E), checked for every tag by both CAs.
    if (!/^[\x21-\x3a\x3c-\x7e]*$/.test(value)) return { kind: 'syntax', why: 'bad-value', tag, value };
    if (canonical === 'accounturi') {
      if (value === '') return { kind: 'syntax', why: 'empty-accounturi', tag };
      accountUri = value;
    } else if (canonical === 'policy') {
      policy = value;
    } else if (canonical === 'persistuntil') {
      const until = goPersistUntil(value);
      if (until === undefined) return { kind: 'syntax', why: 'bad-persist-until', tag, value };
      persistUntil = until;
      persistUntilText = value;
      zeroTime = until === -UNIX_TO_INTERNAL;
    }
    // -01 §4.1: any other tag is ignored.
  }
  if (accountUri === '') return { kind: 'syntax', why: 'no-accounturi' };
  // -01 §4.1 / RFC 3986 §6.2.1: Simple String Comparison, no case folding.
  if (accountUri !== expect.accountUri) return { kind: 'unauthorized', why: 'account', value: accountUri };
  // -01 §4.1: policy values are case-insensitive; anything but "wildcard" means absent.
  if (expect.wildcard && policy.toLowerCase() !== 'wildcard') return { kind: 'unauthorized', why: 'policy', value: policy };
  if (persistUntil !== undefined && !(zeroTime && rules.zeroTimeIsAbsent)) {
    // validatedAt.After(persistUntil) with validatedAt carrying sub-second time: the same second already fails.
    if (BigInt(expect.now) >= persistUntil) return { kind: 'unauthorized', why: 'expired', persistUntil, value: persistUntilText };
    return { kind: 'ok', persistUntil };
  }
  return { kind: 'ok' };
}

/** What the CA answers for the whole name (validateDNSPersist01's loop and its error order). */
export type CaNameOutcome = 'valid' | 'malformed' | 'unauthorized' | 'no-valid-record' | 'no-record';

export function judgeName(
  ca: CaId,
  presented: string[],
  expect: RecordExpectation,
): { outcome: CaNameOutcome; records: CaRecordOutcome[] } {
  const records = presented.map((v) => judgeRecord(ca, v, expect));
  if (!presented.length) return { outcome: 'no-record', records };
  if (records.some((r) => r.kind === 'ok')) return { outcome: 'valid', records };
  if (records.some((r) => r.kind === 'syntax')) return { outcome: 'malformed', records };
  if (records.some((r) => r.kind === 'unauthorized')) return { outcome: 'unauthorized', records };
  return { outcome: 'no-valid-record', records };
}

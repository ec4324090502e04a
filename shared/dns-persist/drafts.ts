import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes as utf8 } from '@noble/hashes/utils.js';
import { encode as base64url } from 'jose/base64url';
import { buildRecordValue, validationDomainName, type PersistRecord } from './record.ts';

/**
 * What changes between revisions of draft-ietf-acme-dns-persist, in one place per revision:
 * -00/-01 name the raw account URL and call the challenge field `issuer-domain-names`;
 * -02 hashes the account URI and renames the field `issuerDomainNames`. A new revision should be
 * a new adapter here and nothing else.
 */
export type DraftId = 'draft-01' | 'draft-02';

/** The directory `meta` fields the drafts read (RFC 8555 §7.1.1 plus -02 §3.2). */
export interface DirectoryMeta {
  caaIdentities?: string[] | undefined;
  issuerDomainNames?: string[] | undefined;
  accountHashPrefix?: string | undefined;
}

/** What a record needs to know about the account. */
export interface AccountFacts {
  /** The ACME account URL (RFC 8555 §7.3 Location). */
  accountUrl: string;
  /** RFC 7638 SHA-256 JWK thumbprint, base64url (43 characters); only -02 uses it. */
  keyThumbprint?: string | undefined;
}

export interface DraftAdapter {
  id: DraftId;
  /** The issuer names in a challenge object, validated (1–10, lowercase A-labels, no trailing dot). */
  challengeIssuerNames(challenge: Record<string, unknown>): string[];
  /** Issuer names to offer before any challenge exists: one record per name, any one suffices. */
  preliminaryIssuerNames(meta: DirectoryMeta): string[];
  /** The accounturi value to publish for `name`. */
  accountUri(account: AccountFacts, name: string, meta: DirectoryMeta, options?: { anyDomain?: boolean }): string;
}

export class DraftError extends Error {
  override name = 'DraftError';
}

/** -02 §3.2: a directory with both `issuerDomainNames` and `accountHashPrefix` is -02 or later. */
export function detectDraft(meta: DirectoryMeta | undefined): DraftId {
  return Array.isArray(meta?.issuerDomainNames) && typeof meta?.accountHashPrefix === 'string' ? 'draft-02' : 'draft-01';
}

export function adapterFor(meta: DirectoryMeta | undefined): DraftAdapter {
  return detectDraft(meta) === 'draft-02' ? draft02 : draft01;
}

/** -00 §3.1 / -01 §3.1 issuer name rules, which -02 keeps. */
export function validateIssuerNames(names: unknown, where: string): string[] {
  if (!Array.isArray(names) || names.length === 0)
    throw new DraftError(`The CA's ${where} has no issuer domain names; the challenge is malformed`);
  if (names.length > 10)
    throw new DraftError(
      `The CA's ${where} lists ${names.length} issuer domain names (at most 10 are allowed); the challenge is malformed`,
    );
  for (const n of names) {
    if (typeof n !== 'string' || n.length === 0 || n.length > 253 || n !== n.toLowerCase() || n.endsWith('.') || /[^a-z0-9.-]/.test(n)) {
      throw new DraftError(
        `The CA's ${where} has an invalid issuer domain name ${JSON.stringify(n)} (must be a lowercase A-label with no trailing dot)`,
      );
    }
  }
  return names as string[];
}

export const draft01: DraftAdapter = {
  id: 'draft-01',
  challengeIssuerNames(challenge) {
    // Pebble 2.10 and Boulder send the -00/-01 field; tolerate the -02 spelling too.
    return validateIssuerNames(challenge['issuer-domain-names'] ?? challenge['issuerDomainNames'], 'challenge');
  },
  preliminaryIssuerNames(meta) {
    return validateIssuerNames(meta.caaIdentities ?? meta.issuerDomainNames, 'directory caaIdentities');
  },
  accountUri(account) {
    return account.accountUrl;
  },
};

export const draft02: DraftAdapter = {
  id: 'draft-02',
  challengeIssuerNames(challenge) {
    return validateIssuerNames(challenge['issuerDomainNames'] ?? challenge['issuer-domain-names'], 'challenge');
  },
  preliminaryIssuerNames(meta) {
    // -02 §3.2: every name in the directory's issuerDomainNames appears in every challenge.
    return validateIssuerNames(meta.issuerDomainNames, 'directory issuerDomainNames');
  },
  accountUri(account, name, meta, options = {}) {
    if (!meta.accountHashPrefix) throw new DraftError('The CA advertises draft-02 without accountHashPrefix');
    if (!account.keyThumbprint || account.keyThumbprint.length !== 43) {
      throw new DraftError('A draft-02 record needs the account key thumbprint (43 base64url characters)');
    }
    const domain = options.anyDomain ? '*' : validationDomainName(name).slice('_validation-persist.'.length);
    return `${meta.accountHashPrefix}sha-256/${hashedAccountUri(domain, account.keyThumbprint, account.accountUrl)}`;
  },
};

/**
 * -02 §3.6: base64url(SHA-256(len(domain) ‖ domain ‖ thumbprint ‖ accountURL)), where len is one
 * octet and domain is the FQDN the record sits at (or the single octet "*" to opt out).
 */
export function hashedAccountUri(domain: string, thumbprint: string, accountUrl: string): string {
  const d = utf8(domain);
  if (d.length > 255) throw new DraftError('The domain is too long for a draft-02 account hash');
  const parts = [Uint8Array.of(d.length), d, utf8(thumbprint), utf8(accountUrl)];
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    all.set(p, off);
    off += p.length;
  }
  return base64url(sha256(all));
}

/** One record per issuer name, for one certificate name. */
export interface RecordToPublish {
  /** Owner name without the trailing dot. */
  name: string;
  issuer: string;
  value: string;
  record: PersistRecord;
}

/**
 * The records a user publishes for `name`: one per issuer name (any one suffices), with
 * `policy=wildcard` for a wildcard name and an optional `persistUntil`.
 */
export function recordsFor(
  name: string,
  issuers: string[],
  account: AccountFacts,
  meta: DirectoryMeta,
  options: { persistUntil?: number | undefined; wildcard?: boolean } = {},
): RecordToPublish[] {
  const adapter = adapterFor(meta);
  const wildcard = options.wildcard ?? name.startsWith('*.');
  return issuers.map((issuer) => {
    const record: PersistRecord = { issuer, accountUri: adapter.accountUri(account, name, meta) };
    if (wildcard) record.policy = 'wildcard';
    if (options.persistUntil !== undefined) record.persistUntil = options.persistUntil;
    return { name: validationDomainName(name), issuer, value: buildRecordValue(record), record };
  });
}

/** The records for the names that share one record name, e.g. example.com and *.example.com. */
export interface RecordGroup {
  /** The certificate names this record serves, in the order given. */
  covers: string[];
  /** The name to show: the plain name when there is one, else the wildcard. */
  name: string;
  records: RecordToPublish[];
}

/**
 * The records a person publishes for a whole certificate: names whose records sit at the same
 * `_validation-persist` name share ONE record, with `policy=wildcard` when any of them is a
 * wildcard (-01 §4.1: it also covers the name itself), so example.com + *.example.com never
 * ask for two records at one name.
 */
export function recordGroupsFor(
  names: string[],
  issuers: string[],
  account: AccountFacts,
  meta: DirectoryMeta,
  options: { persistUntil?: number | undefined } = {},
): RecordGroup[] {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const key = validationDomainName(name);
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [...groups.values()].map((covers) => {
    const name = covers.find((n) => !n.startsWith('*.')) ?? covers[0]!;
    const wildcard = covers.some((n) => n.startsWith('*.'));
    return { covers, name, records: recordsFor(name, issuers, account, meta, { persistUntil: options.persistUntil, wildcard }) };
  });
}

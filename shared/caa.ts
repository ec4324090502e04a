import { parseIssueValue } from './issue-value.ts';

/**
 * CAA evaluation (RFC 8659 §3-4, with RFC 8657 `accounturi` and `validationmethods`): may this CA
 * issue for this name, to this account, with dns-persist-01? Pure; the DNS lookups that find
 * the relevant record set live in the core.
 */
export interface CaaProperty {
  critical: boolean;
  tag: string;
  value: string;
}

export interface CaaQuestion {
  /** The CA's identities (its caaIdentities). */
  issuers: string[];
  accountUri: string;
  wildcard: boolean;
  method: string;
}

export interface CaaVerdict {
  allowed: boolean;
  /** Plain-words reason, and when not allowed, what to change. */
  reason: string;
  fix?: string;
}

const KNOWN_TAGS = new Set(['issue', 'issuewild', 'iodef', 'issuemail', 'issuevmc', 'contactemail', 'contactphone']);

/**
 * `relevant` is the first non-empty CAA RRset found climbing from the name to the root
 * (RFC 8659 §3), with the name it was found at; undefined when there is none.
 */
export function evaluateCaa(relevant: { name: string; properties: CaaProperty[] } | undefined, q: CaaQuestion): CaaVerdict {
  if (!relevant || relevant.properties.length === 0) return { allowed: true, reason: 'No CAA records: any CA may issue' };
  const at = relevant.name;
  const unknownCritical = relevant.properties.find((p) => p.critical && !KNOWN_TAGS.has(p.tag.toLowerCase()));
  if (unknownCritical) {
    return {
      allowed: false,
      reason: `The CAA record at ${at} has a critical property "${unknownCritical.tag}" that CAs do not understand, so no CA may issue (RFC 8659 §4.5)`,
      fix: `Remove the critical flag (128) from the "${unknownCritical.tag}" CAA record at ${at}, or remove that record`,
    };
  }
  const issueWild = relevant.properties.filter((p) => p.tag.toLowerCase() === 'issuewild');
  const issue = relevant.properties.filter((p) => p.tag.toLowerCase() === 'issue');
  const applicable = q.wildcard && issueWild.length ? issueWild : issue;
  const tag = q.wildcard && issueWild.length ? 'issuewild' : 'issue';
  if (applicable.length === 0) return { allowed: true, reason: `The CAA records at ${at} do not restrict issuance` };
  const issuers = q.issuers.map((i) => i.toLowerCase());
  const suggestion = `${tag} "${issuers[0] ?? 'your-ca.example'}; accounturi=${q.accountUri}; validationmethods=${q.method}"`;
  let nearMiss: string | undefined;
  for (const p of applicable) {
    const parsed = parseIssueValue(p.value, { bareIssuerSemicolon: true });
    if (!parsed.ok || !issuers.includes(parsed.issuer)) continue;
    const acct = parsed.params.get('accounturi');
    if (acct !== undefined && acct !== q.accountUri) {
      nearMiss = `The CAA ${tag} record at ${at} allows ${parsed.issuer} only for the account ${acct} (RFC 8657 §3)`;
      continue;
    }
    const methods = parsed.params.get('validationmethods');
    if (
      methods !== undefined &&
      !methods
        .split(',')
        .map((m) => m.trim().toLowerCase())
        .includes(q.method)
    ) {
      nearMiss = `The CAA ${tag} record at ${at} allows ${parsed.issuer} only with ${methods}, not ${q.method} (RFC 8657 §4)`;
      continue;
    }
    return { allowed: true, reason: `CAA at ${at} allows ${parsed.issuer}${acct ? ' for this account' : ''}` };
  }
  const listed = applicable.map((p) => `"${p.value}"`).join(', ');
  return {
    allowed: false,
    reason: nearMiss ?? `CAA at ${at} allows only ${listed}, not ${issuers.join(' or ')}`,
    fix: `Add a CAA record at ${at}: ${suggestion}`,
  };
}

import {
  CA_IDS,
  CA_NAMES,
  issuerPart,
  judgeName,
  normalizeIssuer,
  trimWsp,
  type CaId,
  type CaNameOutcome,
  type CaRecordOutcome,
  type RecordExpectation,
} from './ca-rules.ts';
import { describeEscapes, withoutEscapes } from './presentation.ts';

/**
 * The verdict on the TXT records at one `_validation-persist` name: what every known CA's
 * validator does with them (ca-rules.ts), reduced to the strictest answer. "ok" means every
 * known CA accepts; where they disagree the record is not ok and the detail says which CA
 * rejects and which accepts. Records for other issuers are ignored, as the CAs ignore them.
 */
export type RecordStatus =
  'ok' | 'missing' | 'malformed' | 'other-account' | 'other-issuer' | 'policy-missing' | 'expired' | 'alias-broken' | 'unreachable';

export type Expectation = RecordExpectation;

/** Something true of the records that the user should know, whether or not it blocks. */
export interface RecordNote {
  message: string;
  fix: string;
  /** Set when known CAs treat the record differently. */
  rejectedBy?: string[];
  acceptedBy?: string[];
}

export interface Evaluation {
  status: Exclude<RecordStatus, 'unreachable' | 'alias-broken'>;
  /** What is wrong, in plain words; absent when ok. */
  detail?: string;
  /** How to fix it; absent when ok. */
  fix?: string;
  /** CA differences behind a failure. */
  rejectedBy?: string[];
  acceptedBy?: string[];
  /** Warnings that do not stop the CA (unknown parameters, a stale record beside a good one, …). */
  notes: RecordNote[];
  /** What each CA answers for this name. */
  cas: Record<CaId, CaNameOutcome>;
  /**
   * The persistUntil after which no record every CA accepts is left (UNIX seconds), absent when
   * one of them has none. Only meaningful when ok.
   */
  usableUntil?: number;
}

/** Records close to success are reported before records far from it. */
const CLOSENESS: Evaluation['status'][] = ['expired', 'policy-missing', 'other-account', 'malformed', 'other-issuer', 'missing'];

interface Diagnosis {
  status: Evaluation['status'];
  detail: string;
  fix: string;
  rejectedBy?: string[];
  acceptedBy?: string[];
}

/** `values` are presented TXT values (presentation.ts), one per RR, strings joined. */
export function evaluateRecords(values: string[], expect: Expectation): Evaluation {
  const judged = Object.fromEntries(CA_IDS.map((ca) => [ca, judgeName(ca, values, expect)])) as Record<CaId, ReturnType<typeof judgeName>>;
  const cas = Object.fromEntries(CA_IDS.map((ca) => [ca, judged[ca].outcome])) as Record<CaId, CaNameOutcome>;
  const wanted = wantedValue(expect);
  if (values.length === 0) {
    return {
      status: 'missing',
      detail: 'No TXT record is published at this name yet',
      fix: `Publish a TXT record with the value "${wanted}"`,
      notes: [],
      cas,
    };
  }
  const perRecord = values.map((value, i) => ({
    value,
    outcomes: Object.fromEntries(CA_IDS.map((ca) => [ca, judged[ca].records[i]!])) as Record<CaId, CaRecordOutcome>,
  }));
  const allAccept = CA_IDS.every((ca) => cas[ca] === 'valid');
  const diagnoses = perRecord.map((r) => ({ ...r, diagnosis: diagnose(r.value, r.outcomes, expect) }));

  if (allAccept) {
    const notes: RecordNote[] = [];
    const accepted = diagnoses.filter((d) => d.diagnosis === undefined);
    for (const d of accepted) notes.push(...recordNotes(d.value));
    for (const d of diagnoses) {
      if (!d.diagnosis || d.diagnosis.status === 'other-issuer') continue;
      notes.push({
        message: `Another record at this name is not usable (${d.diagnosis.detail}); the CA uses the valid one`,
        fix: 'Remove the record that is not usable, so the next change does not leave only it',
        ...(d.diagnosis.rejectedBy ? { rejectedBy: d.diagnosis.rejectedBy, acceptedBy: d.diagnosis.acceptedBy ?? [] } : {}),
      });
    }
    // CAs accept while any record they accept still holds: the latest persistUntil, or none.
    const untils = accepted.map((d) => Object.values(d.outcomes).map((o) => (o.kind === 'ok' ? o.persistUntil : undefined)));
    const unlimited = untils.some((u) => u.every((x) => x === undefined));
    const latest = untils
      .flat()
      .filter((x): x is bigint => x !== undefined)
      .reduce<bigint | undefined>((m, x) => (m === undefined || x > m ? x : m), undefined);
    return { status: 'ok', notes: dedupe(notes), cas, ...(!unlimited && latest !== undefined ? { usableUntil: Number(latest) } : {}) };
  }

  // Someone rejects: report the failing record closest to success, as seen by the CA that rejects.
  const rejecting = CA_IDS.filter((ca) => cas[ca] !== 'valid');
  const candidates = diagnoses
    .map((d) => d.diagnosis)
    .filter((d): d is Diagnosis => d !== undefined)
    .filter((d) => !d.rejectedBy || d.rejectedBy.some((name) => rejecting.some((ca) => CA_NAMES[ca] === name)));
  candidates.sort((a, b) => CLOSENESS.indexOf(a.status) - CLOSENESS.indexOf(b.status));
  const best = candidates[0] ?? {
    status: 'other-issuer' as const,
    detail: 'No record names this CA',
    fix: `Publish a record for this CA: "${wanted}" (records for other CAs may stay)`,
  };
  const accepting = CA_IDS.filter((ca) => cas[ca] === 'valid');
  const split = accepting.length
    ? { rejectedBy: rejecting.map((ca) => CA_NAMES[ca]), acceptedBy: accepting.map((ca) => CA_NAMES[ca]) }
    : {};
  return {
    status: best.status,
    detail: best.detail,
    fix: best.fix,
    ...(best.rejectedBy ? { rejectedBy: best.rejectedBy, acceptedBy: best.acceptedBy ?? [] } : split),
    notes: [],
    cas,
  };
}

function wantedValue(expect: Expectation): string {
  return `${expect.issuers[0]}; accounturi=${expect.accountUri}${expect.wildcard ? '; policy=wildcard' : ''}`;
}

/** Why one record fails, in plain words with the fix; undefined when every CA accepts it. */
function diagnose(value: string, outcomes: Record<CaId, CaRecordOutcome>, expect: Expectation): Diagnosis | undefined {
  const failing = CA_IDS.filter((ca) => outcomes[ca].kind !== 'ok');
  if (!failing.length) return undefined;
  const rejectedBy = failing.map((ca) => CA_NAMES[ca]);
  const acceptedBy = CA_IDS.filter((ca) => !failing.includes(ca)).map((ca) => CA_NAMES[ca]);
  const wanted = wantedValue(expect);
  // Pebble is the strictest reader; its outcome explains a shared failure best.
  const first = outcomes[failing[0]!];
  const raw = issuerPart(value);
  if (first.kind === 'skip') {
    const other = failing.length < CA_IDS.length ? CA_IDS.find((ca) => !failing.includes(ca))! : undefined;
    const normalized = normalizeIssuer(raw);
    if (normalized && expect.issuers.includes(normalized)) {
      const how =
        raw !== raw.toLowerCase() && raw.endsWith('.')
          ? 'in upper case and with a trailing dot'
          : raw !== raw.toLowerCase()
            ? 'in upper case'
            : 'with a trailing dot';
      // A CA that reads past the issuer may find more to fix in the same record.
      const more = CA_IDS.map((ca) => outcomes[ca]).find((o) => o.kind === 'syntax' || o.kind === 'unauthorized');
      const also = more ? explainOutcome(more, expect, wanted) : undefined;
      return {
        status: 'malformed',
        detail: `The issuer name "${raw}" is written ${how}: ${CA_NAMES.pebble} compares it exactly and ignores the record${other ? `; ${CA_NAMES[other]} accepts it` : ''}${also ? `. Also: ${also.detail}` : ''}`,
        fix: `Write the issuer exactly as "${normalized}" (lower case, no trailing dot)${also ? `, and ${also.fix.charAt(0).toLowerCase()}${also.fix.slice(1)}` : ''}: "${wanted}"`,
        rejectedBy: failing.map((ca) => CA_NAMES[ca]),
        acceptedBy: other ? [CA_NAMES[other]] : [],
      };
    }
    return nearMiss(raw, expect, wanted) ?? otherIssuer(raw, expect, wanted);
  }
  if (first.kind === 'ok') return undefined;
  const d = explainOutcome(first, expect, wanted);
  if (!acceptedBy.length) return d;
  return {
    ...d,
    detail: `${d.detail} (${rejectedBy.join(' and ')} rejects this; ${acceptedBy.join(' and ')} accepts it)`,
    rejectedBy,
    acceptedBy,
  };
}

/** A record meant for this CA that no CA reads as such: a missing ";", a tab or non-ASCII in the issuer. */
function nearMiss(raw: string, expect: Expectation, wanted: string): Diagnosis | undefined {
  const firstWord = raw.split(/[ \t]/)[0] ?? '';
  const escapes = describeEscapes(raw);
  if (escapes) {
    const cleaned = normalizeIssuer(trimWsp(withoutEscapes(raw)));
    if (cleaned && expect.issuers.includes(cleaned)) {
      return {
        status: 'malformed',
        detail: `The issuer name contains ${escapes}: the CA reads "${raw}", which is not "${cleaned}"`,
        fix: `Retype the record without ${escapes}: "${wanted}"`,
      };
    }
  }
  if (firstWord !== raw) {
    const issuer = normalizeIssuer(firstWord);
    if (issuer && expect.issuers.includes(issuer)) {
      return {
        status: 'malformed',
        detail: `There is no ";" after the issuer name, so the CA reads all of "${raw.length > 60 ? `${raw.slice(0, 57)}…` : raw}" as the issuer name`,
        fix: `Put ";" right after ${issuer}: "${wanted}"`,
      };
    }
  }
  return undefined;
}

function otherIssuer(raw: string, expect: Expectation, wanted: string): Diagnosis {
  const names = expect.issuers.map((i) => `"${i}"`).join(' or ');
  if (raw === '')
    return {
      status: 'malformed',
      detail: 'The record does not start with an issuer name',
      fix: `Start the record with the CA's name: "${wanted}"`,
    };
  return {
    status: 'other-issuer',
    detail: `The record names the CA "${raw}", but this CA accepts ${names}`,
    fix: `Publish a record for this CA: "${wanted}" (records for other CAs may stay)`,
  };
}

function explainOutcome(o: Exclude<CaRecordOutcome, { kind: 'ok' } | { kind: 'skip' }>, expect: Expectation, wanted: string): Diagnosis {
  const syntax = (detail: string, fix: string): Diagnosis => ({ status: 'malformed', detail, fix });
  if (o.kind === 'unauthorized') {
    if (o.why === 'account')
      return {
        status: 'other-account',
        detail: `The record names the account ${o.value}, but this account is ${expect.accountUri}`,
        fix: `Keep this record (the account it names relies on it) and add a second one for ${expect.accountUri} (this account), or use the account the record names`,
      };
    if (o.why === 'policy')
      return {
        status: 'policy-missing',
        detail: `A wildcard certificate needs "; policy=wildcard" in the record${o.value ? ` (it has policy=${o.value})` : ''}`,
        fix: 'Add "; policy=wildcard" to the record',
      };
    return {
      status: 'expired',
      detail: `persistUntil=${o.value} ${describeUntil(o.value ?? '', o.persistUntil!)} has passed`,
      fix: 'Publish the record again with a later persistUntil, or without persistUntil',
    };
  }
  switch (o.why) {
    case 'empty-param':
      return syntax('There is an empty parameter or a trailing ";"', 'Remove the extra ";"');
    case 'not-tag-value':
      return syntax(`"${o.value}" is not a tag=value pair`, `Write it as tag=value, e.g. "${wanted}"`);
    case 'empty-tag':
      return syntax(`"${o.value}" has no parameter name before "="`, 'Put the parameter name before "=", or remove the part');
    case 'duplicate':
      return syntax(`The parameter ${o.tag} appears more than once`, `Keep only one ${o.tag}`);
    case 'bad-value': {
      const escapes = describeEscapes(o.value ?? '');
      return syntax(
        `The value of ${o.tag} contains ${escapes ?? 'a space'}${escapes ? ` (the CA sees "${o.value}")` : ''}; values may only use visible ASCII without ";"`,
        `Remove the ${escapes ?? 'space'} from ${o.tag}`,
      );
    }
    case 'empty-accounturi':
      return syntax('accounturi is empty', `Put your ACME account URL after "accounturi=": "${wanted}"`);
    case 'bad-persist-until':
      return syntax(
        `persistUntil=${o.value} is not a whole number of seconds since 1970 that the CA can read`,
        'Write persistUntil as UNIX seconds, e.g. persistUntil=1798761600, or remove it',
      );
    case 'no-accounturi':
      return syntax('The record has no accounturi', `Add "; accounturi=<your ACME account URL>": "${wanted}"`);
  }
}

/** Notes on a record every CA accepts: things RFC 8659 forbids that CAs let pass. */
function recordNotes(value: string): RecordNote[] {
  const notes: RecordNote[] = [];
  for (const part of value.split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const tag = trimWsp(part.slice(0, eq));
    const val = trimWsp(part.slice(eq + 1));
    const known = ['accounturi', 'policy', 'persistuntil'].includes(tag.toLowerCase());
    if (!known && !/^[A-Za-z0-9](?:-*[A-Za-z0-9])*$/.test(tag)) {
      notes.push({
        message: `The parameter name "${tag}" is not valid RFC 8659 syntax, but CAs ignore unknown parameters`,
        fix: `Rename "${tag}" to letters, digits and hyphens, or remove it`,
      });
    }
    const escapes = describeEscapes(val);
    if (!known && escapes) {
      notes.push({
        message: `The value of "${tag}" contains ${escapes}; CAs read it as "${val}" and ignore it because the parameter is unknown`,
        fix: `Use visible ASCII in "${tag}", or remove it`,
      });
    }
    if (tag.toLowerCase() === 'policy' && val.toLowerCase() !== 'wildcard') {
      notes.push({
        message: `policy=${val} means nothing to CAs (only "wildcard" is defined), so they treat it as absent`,
        fix: 'Remove it, or write policy=wildcard to cover wildcard certificates and subdomains',
      });
    }
  }
  return notes;
}

function dedupe(notes: RecordNote[]): RecordNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => !seen.has(n.message) && seen.add(n.message));
}

/** A persistUntil in words: `effective` is what the CA made of the text (Go's time overflow). */
export function describeUntil(text: string, effective: bigint): string {
  if (/^[+-]?\d+$/.test(text) && BigInt(text) !== effective)
    return "(too large: the CA's time conversion overflows and reads it as a date long past)";
  return `(${isoOrRaw(Number(effective))})`;
}

/** An ISO date for UNIX seconds, or the number itself when a JS Date cannot hold it. */
export function isoOrRaw(seconds: number): string {
  return Math.abs(seconds) <= 8.64e12 ? new Date(seconds * 1000).toISOString() : `${seconds} seconds after 1970`;
}

// The record corpus for the differential test: what `check` must say about each published record,
// which the test compares with what Pebble does on a real order. Built from RFC 8659 §4.2
// (issue-value grammar), draft-ietf-acme-dns-persist-01 §4.1/§9.1, DNS presentation rules
// (RFC 1035 §5.1, miekg/dns unpackString) and both CAs' validators. `boulder` marks the cases
// where Let's Encrypt's Boulder (va/dns_persist.go @ 2d00c8e) decides differently from Pebble.

/** ready: every CA accepts, no warning. warn: every CA accepts, with a warning. blocked: a CA refuses. */
export type Verdict = 'ready' | 'warn' | 'blocked';

/** One RR at the case's record name: a TXT value (one string or several character-strings) or a CNAME. */
export type CorpusRecord = string | string[] | { cname: string };

export interface CorpusCase {
  id: string;
  what: string;
  /** `{I}` issuer, `{A}` account URL, `{T+Nd}` / `{T-Nd}` UNIX seconds from now; `{R}` this case's record name. */
  records: CorpusRecord[];
  /** Extra RRs elsewhere in the zone (CNAME targets), as [owner relative to the case name, record]. */
  extra?: [string, CorpusRecord][];
  wildcard?: boolean;
  expect: Verdict;
  /** Where Boulder decides otherwise, with the code that says so. */
  boulder?: string;
}

const AUTH_OK = 'accounturi={A}';
const canonical = `{I}; ${AUTH_OK}`;
const BOULDER_NORMALIZES =
  'accepts: parseDNSPersistRecord runs core.NormalizeIssuerDomainName (lower case, trailing dot removed) before comparing; va/dns_persist_test.go "Issuer-domain-name is uppercase + trailing dot"';

export const CORPUS: CorpusCase[] = [
  // --- case and whitespace
  { id: 'canonical', what: 'the canonical form', records: [canonical], expect: 'ready' },
  { id: 'nospace', what: 'no space after ";"', records: [`{I};${AUTH_OK}`], expect: 'ready' },
  { id: 'spaces', what: 'spaces around ";" and "="', records: ['  {I}  ;  accounturi = {A}  '], expect: 'ready' },
  { id: 'tab-sep', what: 'a tab before ";" (the CA sees \\009, not whitespace)', records: ['{I}\t; accounturi={A}'], expect: 'blocked' },
  { id: 'tab-lead', what: 'a leading tab', records: ['\t{I}; accounturi={A}'], expect: 'blocked' },
  { id: 'tab-value', what: 'a tab before the account URL', records: ['{I}; accounturi=\t{A}'], expect: 'blocked' },
  { id: 'tab-end', what: 'a trailing tab', records: ['{I}; accounturi={A}\t'], expect: 'blocked' },
  {
    id: 'upper-issuer',
    what: 'the issuer in upper case',
    records: ['PEBBLE.LETSENCRYPT.ORG; accounturi={A}'],
    expect: 'blocked',
    boulder: BOULDER_NORMALIZES,
  },
  {
    id: 'mixed-issuer',
    what: 'the issuer in mixed case',
    records: ['Pebble.LetsEncrypt.org; accounturi={A}'],
    expect: 'blocked',
    boulder: BOULDER_NORMALIZES,
  },
  {
    id: 'dot-issuer',
    what: 'the issuer with a trailing dot',
    records: ['{I}.; accounturi={A}'],
    expect: 'blocked',
    boulder: BOULDER_NORMALIZES,
  },
  {
    id: 'upper-and-semi',
    what: 'the issuer in upper case and a trailing ";" (Boulder refuses the ";")',
    records: ['PEBBLE.LETSENCRYPT.ORG; accounturi={A};'],
    expect: 'blocked',
  },
  { id: 'upper-tag', what: 'an upper-case tag', records: ['{I}; ACCOUNTURI={A}'], expect: 'ready' },
  { id: 'upper-account', what: 'the account URL in another case', records: ['{I}; accounturi={A_UPPER}'], expect: 'blocked' },
  // --- separators
  { id: 'no-semicolon', what: 'no ";" after the issuer', records: ['{I} accounturi={A}'], expect: 'blocked' },
  { id: 'comma', what: 'a comma instead of ";"', records: ['{I}, accounturi={A}'], expect: 'blocked' },
  { id: 'trailing-semi', what: 'a trailing ";"', records: [`${canonical};`], expect: 'blocked' },
  { id: 'double-semi', what: 'an empty parameter ";;"', records: ['{I};; accounturi={A}'], expect: 'blocked' },
  { id: 'bare-issuer', what: 'only the issuer', records: ['{I}'], expect: 'blocked' },
  { id: 'issuer-semi', what: 'the issuer and ";"', records: ['{I};'], expect: 'blocked' },
  { id: 'empty-account', what: 'an empty accounturi', records: ['{I}; accounturi='], expect: 'blocked' },
  { id: 'no-equals', what: 'accounturi without "="', records: ['{I}; accounturi {A}'], expect: 'blocked' },
  { id: 'empty-tag', what: 'a parameter with no name', records: [`${canonical}; =x`], expect: 'blocked' },
  { id: 'space-in-value', what: 'a space inside the account URL', records: ['{I}; accounturi={A} x'], expect: 'blocked' },
  { id: 'no-issuer', what: 'no issuer at all', records: [`; ${AUTH_OK}`], expect: 'blocked' },
  // --- duplicates
  { id: 'dup-account', what: 'accounturi twice', records: [`${canonical}; ${AUTH_OK}`], expect: 'blocked' },
  { id: 'dup-account-case', what: 'accounturi twice, in two cases', records: [`${canonical}; AccountURI={A}`], expect: 'blocked' },
  { id: 'dup-policy', what: 'policy twice', records: [`${canonical}; policy=wildcard; policy=wildcard`], expect: 'blocked' },
  {
    id: 'dup-unknown',
    what: 'an unknown parameter twice',
    records: [`${canonical}; foo=1; foo=2`],
    expect: 'blocked',
    boulder:
      'accepts: only accounturi, policy and persistuntil go through seenTag; va/dns_persist_test.go "Duplicate unknown parameter is ignored"',
  },
  // --- unknown parameters
  { id: 'unknown', what: 'an unknown parameter', records: [`${canonical}; future=x`], expect: 'ready' },
  { id: 'unknown-empty', what: 'an unknown parameter with an empty value', records: [`${canonical}; future=`], expect: 'ready' },
  { id: 'unknown-underscore', what: 'a parameter name with "_"', records: [`${canonical}; x_y=1`], expect: 'warn' },
  { id: 'unknown-dot', what: 'a parameter name with "."', records: [`${canonical}; foo.bar=1`], expect: 'warn' },
  { id: 'unknown-space-tag', what: 'a parameter name with a space', records: [`${canonical}; my tag=1`], expect: 'warn' },
  { id: 'unknown-nonascii-tag', what: 'a non-ASCII parameter name', records: [`${canonical}; tåg=1`], expect: 'warn' },
  { id: 'unknown-nonascii', what: 'non-ASCII in an unknown value', records: [`${canonical}; note=café`], expect: 'warn' },
  { id: 'unknown-tab', what: 'a tab in an unknown value', records: [`${canonical}; note=a\tb`], expect: 'warn' },
  { id: 'unknown-del', what: 'DEL (0x7f) in an unknown value', records: [`${canonical}; note=a\x7fb`], expect: 'warn' },
  { id: 'unknown-nul', what: 'a NUL byte in an unknown value', records: [`${canonical}; note=a\x00b`], expect: 'warn' },
  { id: 'unknown-space', what: 'a space in an unknown value', records: [`${canonical}; note=a b`], expect: 'blocked' },
  { id: 'unknown-quote', what: 'quotes in an unknown value', records: [`${canonical}; note="x"`], expect: 'ready' },
  { id: 'unknown-backslash', what: 'a backslash in an unknown value', records: [`${canonical}; note=a\\b`], expect: 'ready' },
  { id: 'unknown-first', what: 'an unknown parameter before accounturi', records: ['{I}; future=1; accounturi={A}'], expect: 'ready' },
  // --- byte ranges
  { id: 'idn-issuer', what: 'a non-ASCII issuer', records: ['pébble.letsencrypt.org; accounturi={A}'], expect: 'blocked' },
  { id: 'nonascii-account', what: 'non-ASCII after the account URL', records: ['{I}; accounturi={A}é'], expect: 'blocked' },
  { id: 'control-account', what: 'a control byte after the account URL', records: ['{I}; accounturi={A}\x01'], expect: 'blocked' },
  { id: 'quote-account', what: 'a quote after the account URL', records: ['{I}; accounturi={A}"'], expect: 'blocked' },
  // --- policy
  {
    id: 'wild-policy',
    what: 'a wildcard with policy=wildcard',
    records: [`${canonical}; policy=wildcard`],
    wildcard: true,
    expect: 'ready',
  },
  { id: 'wild-nopolicy', what: 'a wildcard without policy', records: [canonical], wildcard: true, expect: 'blocked' },
  {
    id: 'wild-policy-case',
    what: 'a wildcard with policy=WildCard',
    records: [`${canonical}; policy=WildCard`],
    wildcard: true,
    expect: 'ready',
  },
  { id: 'wild-policy-other', what: 'a wildcard with policy=foo', records: [`${canonical}; policy=foo`], wildcard: true, expect: 'blocked' },
  {
    id: 'wild-policy-empty',
    what: 'a wildcard with an empty policy',
    records: [`${canonical}; policy=`],
    wildcard: true,
    expect: 'blocked',
  },
  { id: 'plain-policy', what: 'a plain name with policy=wildcard', records: [`${canonical}; policy=wildcard`], expect: 'ready' },
  { id: 'plain-policy-other', what: 'a plain name with policy=foo (ignored)', records: [`${canonical}; policy=foo`], expect: 'warn' },
  // --- persistUntil
  { id: 'until-future', what: 'persistUntil a year ahead', records: [`${canonical}; persistUntil={T+365d}`], expect: 'ready' },
  { id: 'until-past', what: 'persistUntil passed', records: [`${canonical}; persistUntil={T-1d}`], expect: 'blocked' },
  { id: 'until-soon', what: 'persistUntil in 10 days', records: [`${canonical}; persistUntil={T+10d}`], expect: 'warn' },
  { id: 'until-plus', what: 'persistUntil with a "+" sign', records: [`${canonical}; persistUntil=+{T+365d}`], expect: 'ready' },
  { id: 'until-zeros', what: 'persistUntil with leading zeros', records: [`${canonical}; persistUntil=000{T+365d}`], expect: 'ready' },
  { id: 'until-negative', what: 'persistUntil=-1', records: [`${canonical}; persistUntil=-1`], expect: 'blocked' },
  { id: 'until-zero', what: 'persistUntil=0', records: [`${canonical}; persistUntil=0`], expect: 'blocked' },
  {
    id: 'until-go-max',
    what: 'the largest persistUntil Go time holds',
    records: [`${canonical}; persistUntil=9223371974719179007`],
    expect: 'ready',
  },
  {
    id: 'until-overflow',
    what: 'persistUntil one past what Go time holds',
    records: [`${canonical}; persistUntil=9223371974719179008`],
    expect: 'blocked',
  },
  { id: 'until-int64', what: 'persistUntil = int64 max', records: [`${canonical}; persistUntil=9223372036854775807`], expect: 'blocked' },
  {
    id: 'until-too-big',
    what: 'persistUntil beyond int64',
    records: [`${canonical}; persistUntil=9223372036854775808`],
    expect: 'blocked',
  },
  { id: 'until-float', what: 'persistUntil in exponent form', records: [`${canonical}; persistUntil=1e10`], expect: 'blocked' },
  { id: 'until-date', what: 'persistUntil as a date', records: [`${canonical}; persistUntil=2030-01-01`], expect: 'blocked' },
  { id: 'until-empty', what: 'an empty persistUntil', records: [`${canonical}; persistUntil=`], expect: 'blocked' },
  {
    id: 'until-go-zero',
    what: "persistUntil at Go's zero time (0001-01-01)",
    records: [`${canonical}; persistUntil=-62135596800`],
    expect: 'blocked',
    boulder: 'accepts: checkDNSPersistRecord skips the check when persistUntil.IsZero(), and time.Unix(-62135596800, 0) is the zero time',
  },
  // --- character-strings (-01 §9.1: joined with no separator)
  { id: 'split', what: 'two strings split at "; "', records: [['{I};', ' accounturi={A}']], expect: 'ready' },
  { id: 'split-mid', what: 'a string split inside the issuer', records: [['pebble.lets', 'encrypt.org; accounturi={A}']], expect: 'ready' },
  { id: 'split-empty', what: 'an empty last string', records: [[canonical, '']], expect: 'ready' },
  {
    id: 'long',
    what: 'a value over 255 octets in two strings',
    records: [[`${canonical}; note=${'x'.repeat(80)}`, `${'y'.repeat(200)}`]],
    expect: 'ready',
  },
  {
    id: 'long-three',
    what: 'a value over 510 octets in three strings',
    records: [[`{I}; future=${'a'.repeat(200)}`, 'b'.repeat(250), `; ${AUTH_OK}`]],
    expect: 'ready',
  },
  // --- several records
  { id: 'two-cas', what: 'a record for another CA beside ours', records: ['other-ca.example; accounturi={A}', canonical], expect: 'ready' },
  { id: 'only-other-ca', what: 'only a record for another CA', records: ['other-ca.example; accounturi={A}'], expect: 'blocked' },
  {
    id: 'expired-beside',
    what: 'an expired record beside a valid one without persistUntil',
    records: [`${canonical}; persistUntil={T-1d}`, canonical],
    expect: 'warn',
  },
  { id: 'broken-beside', what: 'a malformed record beside a valid one', records: [`${canonical};`, canonical], expect: 'warn' },
  {
    id: 'other-acct-beside',
    what: 'a record for another account beside ours',
    records: ['{I}; accounturi={A}0', canonical],
    expect: 'warn',
  },
  { id: 'two-broken', what: 'two malformed records', records: [`${canonical};`, '{I} accounturi={A}'], expect: 'blocked' },
  {
    id: 'upper-beside',
    what: 'an upper-case issuer beside a valid record (Pebble ignores it)',
    records: ['PEBBLE.LETSENCRYPT.ORG; accounturi={A}', canonical],
    expect: 'warn',
  },
  {
    id: 'two-untils',
    what: 'two valid records, one expiring soon and one a year ahead',
    records: [`${canonical}; persistUntil={T+5d}`, `${canonical}; persistUntil={T+365d}`],
    expect: 'ready',
  },
  { id: 'missing', what: 'no record at all', records: [], expect: 'blocked' },
  // --- CNAMEs (BR 3.2.2.4.22: CNAMEs may be followed to reach the record)
  {
    id: 'cname',
    what: 'a CNAME to a valid record',
    records: [{ cname: 'target.{R}' }],
    extra: [['target.{R}', canonical]],
    expect: 'ready',
  },
  {
    id: 'cname-chain',
    what: 'two CNAMEs to a valid record',
    records: [{ cname: 'hop.{R}' }],
    extra: [
      ['hop.{R}', { cname: 'target.{R}' }],
      ['target.{R}', canonical],
    ],
    expect: 'ready',
  },
  { id: 'cname-loop', what: 'a CNAME loop', records: [{ cname: 'hop.{R}' }], extra: [['hop.{R}', { cname: '{R}' }]], expect: 'blocked' },
  { id: 'cname-self', what: 'a CNAME to itself', records: [{ cname: '{R}' }], expect: 'blocked' },
  { id: 'cname-dangling', what: 'a CNAME to a name with no record', records: [{ cname: 'nothing.{R}' }], expect: 'blocked' },
  {
    id: 'cname-away',
    what: 'a CNAME into a zone that cannot be resolved',
    records: [{ cname: '_validation-persist.nowhere.invalid.' }],
    expect: 'blocked',
  },
  {
    id: 'cname-bad-target',
    what: 'a CNAME to a record for another account',
    records: [{ cname: 'target.{R}' }],
    extra: [['target.{R}', '{I}; accounturi={A}0']],
    expect: 'blocked',
  },
];

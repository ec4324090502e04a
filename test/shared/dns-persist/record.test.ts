import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRecordValue,
  parseRecordValue,
  splitCharacterStrings,
  validationDomainName,
  zoneFileLine,
} from '../../../shared/dns-persist/record.ts';

const ACCT = 'https://ca.example/acct/123';

test('the record lives at _validation-persist.<name>, wildcards at the base name', () => {
  assert.equal(validationDomainName('example.com'), '_validation-persist.example.com');
  assert.equal(validationDomainName('*.Example.COM.'), '_validation-persist.example.com');
  assert.equal(validationDomainName('*.dept.example.com'), '_validation-persist.dept.example.com');
});

test('built values use the canonical "; " form', () => {
  assert.equal(buildRecordValue({ issuer: 'authority.example', accountUri: ACCT }), `authority.example; accounturi=${ACCT}`);
  assert.equal(
    buildRecordValue({ issuer: 'authority.example', accountUri: ACCT, policy: 'wildcard', persistUntil: 1721952000 }),
    `authority.example; accounturi=${ACCT}; policy=wildcard; persistUntil=1721952000`,
  );
});

// Draft -01 examples (§4) joined as the CA joins character-strings (no separator), plus hostile cases.
const valid: { text: string; expect: Record<string, unknown> }[] = [
  { text: 'authority.example; accounturi=https://ca.example/acct/123', expect: { issuer: 'authority.example', accountUri: ACCT } },
  {
    text: ['authority.example;', ' accounturi=https://ca.example/acct/123'].join(''),
    expect: { issuer: 'authority.example', accountUri: ACCT },
  },
  {
    text: ['letsencrypt.org;', ' accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/1234567890;', ' policy=wildcard'].join(''),
    expect: { issuer: 'letsencrypt.org', accountUri: 'https://acme-v02.api.letsencrypt.org/acme/acct/1234567890', policy: 'wildcard' },
  },
  {
    text: ['authority.example;', ' accounturi=https://ca.example/acct/123;', ' policy=wildcard;', ' persistUntil=1721952000'].join(''),
    expect: { issuer: 'authority.example', accountUri: ACCT, policy: 'wildcard', persistUntil: 1721952000 },
  },
  { text: `\t Authority.Example. \t;accounturi = ${ACCT}`, expect: { issuer: 'authority.example', accountUri: ACCT } },
  {
    text: `authority.example; AccountURI=${ACCT}; POLICY=WILDCARD; PersistUntil=+5`,
    expect: { issuer: 'authority.example', accountUri: ACCT, policy: 'wildcard', persistUntil: 5 },
  },
  { text: `authority.example; accounturi=${ACCT}; policy=subdomains`, expect: { issuer: 'authority.example', accountUri: ACCT } },
  {
    text: `authority.example; accounturi=${ACCT}; future-tag=x`,
    expect: { issuer: 'authority.example', accountUri: ACCT, unknown: { 'future-tag': 'x' } },
  },
];
for (const v of valid) {
  test(`parses ${JSON.stringify(v.text)}`, () => {
    const r = parseRecordValue(v.text);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.deepEqual(r.record, v.expect);
  });
}

const invalid: { text: string; error: RegExp }[] = [
  { text: '', error: /no issuer/ },
  { text: '; accounturi=x', error: /no issuer/ },
  { text: 'authority.example', error: /no accounturi/ },
  { text: 'authority.example;', error: /add "accounturi=/ },
  { text: `authority.example; accounturi=${ACCT};`, error: /trailing ";"/ },
  { text: `authority.example; accounturi=${ACCT};; policy=wildcard`, error: /empty parameter/ },
  { text: 'authority.example; accounturi', error: /tag=value/ },
  { text: 'authority.example; accounturi=', error: /accounturi is empty/ },
  { text: `authority.example; accounturi=${ACCT}; accounturi=${ACCT}`, error: /appears twice/ },
  { text: `authority.example; accounturi=${ACCT}; AccountUri=x`, error: /appears twice/ },
  { text: `authority.example; accounturi=https://ca.example/a b`, error: /space/ },
  { text: `authority.example; accounturi=https://ca.example/é`, error: /non-ASCII/ },
  { text: `authority.example; accounturi=${ACCT}; persistUntil=2026-01-01`, error: /UNIX time/ },
  { text: `authority.example; accounturi=${ACCT}; persistUntil=99999999999999999999`, error: /UNIX time/ },
  { text: `authority.example; accounturi=${ACCT}; persistUntil=1.5`, error: /UNIX time/ },
  { text: `authority.example; -bad=1; accounturi=${ACCT}`, error: /parameter name/ },
  { text: `authority_example; accounturi=${ACCT}`, error: /issuer domain name/ },
  { text: `authority.example accounturi=${ACCT}`, error: /issuer domain name/ },
];
for (const v of invalid) {
  test(`rejects ${JSON.stringify(v.text)} saying what to fix`, () => {
    const r = parseRecordValue(v.text);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, v.error);
  });
}

test('long values split into ≤255-octet strings that join back exactly', () => {
  const value = buildRecordValue({
    issuer: 'authority.example',
    accountUri: `https://ca.example/acct/${'9'.repeat(400)}`,
    policy: 'wildcard',
    persistUntil: 1798761600,
  });
  const parts = splitCharacterStrings(value);
  assert.ok(parts.length >= 2);
  for (const p of parts) assert.ok(Buffer.byteLength(p) <= 255);
  assert.equal(parts.join(''), value);
  const line = zoneFileLine('*.example.com', value);
  assert.match(line, /^_validation-persist\.example\.com\. 3600 IN TXT "authority\.example; accounturi=https/);
  assert.equal((line.match(/" "/g) ?? []).length, parts.length - 1);
  assert.equal(splitCharacterStrings('short').length, 1);
});

test('fuzz: 100k random inputs never crash or hang', () => {
  const alphabet = 'ab.;= \t-_09AZ\x00\x7f\u00e9accounturipolicywildcardpersistUntil';
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const started = Date.now();
  for (let i = 0; i < 100_000; i++) {
    let s = '';
    const len = Math.floor(rnd() * 80);
    for (let j = 0; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    if (rnd() < 0.3) s = `ca.example; accounturi=${s}`;
    const r = parseRecordValue(s);
    assert.equal(typeof r.ok, 'boolean');
    if (!r.ok) assert.ok(r.error.length > 0);
  }
  assert.ok(Date.now() - started < 60_000);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  adapterFor,
  detectDraft,
  hashedAccountUri,
  recordGroupsFor,
  recordsFor,
  validateIssuerNames,
} from '../../../shared/dns-persist/drafts.ts';

const THUMB = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
const ACCT = 'https://ca.example/acct/123';

test('draft-02 test vectors (§3.6): FQDN and the "*" opt-out', () => {
  assert.equal(hashedAccountUri('example.com', THUMB, ACCT), '5SQm7n6tPh2-PlLbCKGnViTXX5z19SCN4cPGQHSk-kw');
  assert.equal(hashedAccountUri('*', THUMB, ACCT), 'NpDnSwUthQK8zCgFdefYxAdAVPnygMLbs9US6oO-5ug');
  // Recomputed with node:crypto, byte for byte as -02 §3.6 lays it out (non-ASCII included).
  for (const domain of ['example.com', '_validation-persist.bücher.example', '*']) {
    const d = Buffer.from(domain, 'utf8');
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.of(d.length), d, Buffer.from(THUMB), Buffer.from(ACCT)]))
      .digest('base64url');
    assert.equal(hashedAccountUri(domain, THUMB, ACCT), expected, domain);
  }
});

test('a directory with issuerDomainNames and accountHashPrefix is draft-02; otherwise draft-01', () => {
  assert.equal(detectDraft({ caaIdentities: ['pebble.letsencrypt.org'] }), 'draft-01');
  assert.equal(detectDraft({ issuerDomainNames: ['authority.example'] }), 'draft-01');
  assert.equal(
    detectDraft({ issuerDomainNames: ['authority.example'], accountHashPrefix: 'https://ca.example/account-hash/' }),
    'draft-02',
  );
  assert.equal(detectDraft(undefined), 'draft-01');
});

test("a draft-02 CA gets the hashed record of the draft's example", () => {
  const meta = { issuerDomainNames: ['authority.example'], accountHashPrefix: 'https://ca.example/account-hash/' };
  const [rec] = recordsFor('example.com', adapterFor(meta).preliminaryIssuerNames(meta), { accountUrl: ACCT, keyThumbprint: THUMB }, meta);
  assert.equal(rec!.name, '_validation-persist.example.com');
  assert.equal(
    rec!.value,
    'authority.example; accounturi=https://ca.example/account-hash/sha-256/5SQm7n6tPh2-PlLbCKGnViTXX5z19SCN4cPGQHSk-kw',
  );
});

test('a draft-01 CA gets the raw account URL, one record per CAA identity, policy for wildcards', () => {
  const meta = { caaIdentities: ['pebble.letsencrypt.org', 'other.example'] };
  const recs = recordsFor('*.example.com', adapterFor(meta).preliminaryIssuerNames(meta), { accountUrl: ACCT }, meta, {
    persistUntil: 1798761600,
  });
  assert.deepEqual(
    recs.map((r) => r.value),
    [
      `pebble.letsencrypt.org; accounturi=${ACCT}; policy=wildcard; persistUntil=1798761600`,
      `other.example; accounturi=${ACCT}; policy=wildcard; persistUntil=1798761600`,
    ],
  );
  assert.ok(recs.every((r) => r.name === '_validation-persist.example.com'));
});

test('challenge issuer names: both field spellings, and the client MUST rules', () => {
  assert.deepEqual(adapterFor({}).challengeIssuerNames({ 'issuer-domain-names': ['a.example'] }), ['a.example']);
  assert.deepEqual(adapterFor({}).challengeIssuerNames({ issuerDomainNames: ['a.example'] }), ['a.example']);
  const bad: unknown[] = [
    [],
    Array.from({ length: 11 }, (_, i) => `ca${i}.example`),
    ['A.example'],
    ['a.example.'],
    ['é.example'],
    [''],
    [7],
    'a.example',
  ];
  for (const names of bad) assert.throws(() => validateIssuerNames(names, 'challenge'), /malformed|invalid/, JSON.stringify(names));
});

test('a name and its wildcard share one record with policy=wildcard; other names keep their own', () => {
  const groups = recordGroupsFor(
    ['example.com', '*.example.com', 'www.example.com', '*.dept.example.com'],
    ['ca.example', 'ca2.example'],
    { accountUrl: 'https://ca.example/acct/1' },
    {},
  );
  assert.deepEqual(
    groups.map((g) => [g.name, g.covers, g.records.map((r) => `${r.name} ${r.value}`)]),
    [
      [
        'example.com',
        ['example.com', '*.example.com'],
        [
          '_validation-persist.example.com ca.example; accounturi=https://ca.example/acct/1; policy=wildcard',
          '_validation-persist.example.com ca2.example; accounturi=https://ca.example/acct/1; policy=wildcard',
        ],
      ],
      [
        'www.example.com',
        ['www.example.com'],
        [
          '_validation-persist.www.example.com ca.example; accounturi=https://ca.example/acct/1',
          '_validation-persist.www.example.com ca2.example; accounturi=https://ca.example/acct/1',
        ],
      ],
      [
        '*.dept.example.com',
        ['*.dept.example.com'],
        [
          '_validation-persist.dept.example.com ca.example; accounturi=https://ca.example/acct/1; policy=wildcard',
          '_validation-persist.dept.example.com ca2.example; accounturi=https://ca.example/acct/1; policy=wildcard',
        ],
      ],
    ],
  );
});

test('values are printed as CAs compare them: lower-case issuer, no trailing dot, single spaces', () => {
  const [g] = recordGroupsFor(
    ['example.com'],
    ['CA.Example.'],
    { accountUrl: ' https://ca.example/acct/1 ' },
    {},
    { persistUntil: 1925078399 },
  );
  assert.equal(g!.records[0]!.value, 'ca.example; accounturi=https://ca.example/acct/1; persistUntil=1925078399');
});

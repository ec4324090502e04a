import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCaa, type CaaProperty } from '../../shared/caa.ts';

const ACCT = 'https://ca.example/acct/1';
const q = { issuers: ['pebble.letsencrypt.org'], accountUri: ACCT, wildcard: false, method: 'dns-persist-01' };
const rr = (tag: string, value: string, critical = false): CaaProperty => ({ tag, value, critical });
const at = (...properties: CaaProperty[]) => ({ name: 'example.test', properties });

const cases: { what: string; set?: ReturnType<typeof at>; wildcard?: boolean; allowed: boolean; reason?: RegExp }[] = [
  { what: 'no CAA at all', allowed: true },
  { what: 'only iodef', set: at(rr('iodef', 'mailto:x@example.test')), allowed: true },
  { what: 'issue for this CA', set: at(rr('issue', 'pebble.letsencrypt.org')), allowed: true },
  { what: 'issue with a trailing dot and capitals', set: at(rr('issue', 'Pebble.LetsEncrypt.org.')), allowed: true },
  { what: 'issue for another CA', set: at(rr('issue', 'other.example')), allowed: false, reason: /allows only "other\.example"/ },
  { what: 'issue ";" (no CA)', set: at(rr('issue', ';')), allowed: false },
  { what: 'accounturi for this account', set: at(rr('issue', `pebble.letsencrypt.org; accounturi=${ACCT}`)), allowed: true },
  {
    what: 'accounturi for another account',
    set: at(rr('issue', 'pebble.letsencrypt.org; accounturi=https://ca.example/acct/2')),
    allowed: false,
    reason: /only for the account/,
  },
  {
    what: 'validationmethods with dns-persist-01',
    set: at(rr('issue', 'pebble.letsencrypt.org; validationmethods=dns-01,dns-persist-01')),
    allowed: true,
  },
  {
    what: 'validationmethods without dns-persist-01',
    set: at(rr('issue', 'pebble.letsencrypt.org; validationmethods=http-01,dns-01')),
    allowed: false,
    reason: /only with http-01,dns-01/,
  },
  {
    what: 'wildcard ruled by issuewild',
    set: at(rr('issue', 'pebble.letsencrypt.org'), rr('issuewild', ';')),
    wildcard: true,
    allowed: false,
  },
  { what: 'wildcard falls back to issue', set: at(rr('issue', 'pebble.letsencrypt.org')), wildcard: true, allowed: true },
  { what: 'non-wildcard ignores issuewild', set: at(rr('issue', 'pebble.letsencrypt.org'), rr('issuewild', ';')), allowed: true },
  {
    what: 'an unknown critical property',
    set: at(rr('issue', 'pebble.letsencrypt.org'), rr('tbs', 'x', true)),
    allowed: false,
    reason: /critical/,
  },
  { what: 'an unknown non-critical property', set: at(rr('issue', 'pebble.letsencrypt.org'), rr('tbs', 'x')), allowed: true },
];

for (const c of cases) {
  test(`CAA: ${c.what}`, () => {
    const v = evaluateCaa(c.set, { ...q, wildcard: c.wildcard ?? false });
    assert.equal(v.allowed, c.allowed, v.reason);
    if (c.reason) assert.match(v.reason, c.reason);
    if (!v.allowed) assert.match(v.fix ?? '', /CAA/);
  });
}

import assert from 'node:assert/strict';
import test from 'node:test';
import { AcmeProblemError } from '../../../../electron/core/acme/errors.ts';
import { AccountKeyRejectedError, explainKeyRejection } from '../../../../electron/core/accounts/key-rejection.ts';
import type { AccountRecord } from '../../../../electron/core/store/schema.ts';

const now = new Date('2026-12-04T00:00:00Z');
const base: AccountRecord = {
  id: 'a',
  directoryUrl: 'https://ca.test/dir',
  accountUrl: 'https://ca.test/acct/1',
  keyRef: 'k1',
  keyType: 'ec-p256',
  contact: [],
  status: 'valid',
  createdAt: '2026-01-01T00:00:00Z',
};
const problem = (type: string, detail: string) =>
  new AcmeProblemError({ type: `urn:ietf:params:acme:error:${type}`, detail, raw: {} }, 400);
const jws = problem('malformed', 'JWS verification error');

const cases: Array<[string, AccountRecord, AcmeProblemError, RegExp | undefined]> = [
  ['pending rollover + Pebble JWS error', { ...base, pendingKeyRef: 'k2' }, jws, /still unsettled.*account show/],
  [
    'rolled yesterday + Boulder wording',
    { ...base, rolledOverAt: '2026-12-03T00:00:00Z' },
    problem('unauthorized', 'unable to verify JWS signature'),
    /rolled over on 2026-12-03.*restore a backup made after it/,
  ],
  ['rolled a year ago: the CA’s own words', { ...base, rolledOverAt: '2025-12-01T00:00:00Z' }, jws, undefined],
  ['never rolled: the CA’s own words', base, jws, undefined],
  ['pending, but an unrelated refusal', { ...base, pendingKeyRef: 'k2' }, problem('rejectedIdentifier', 'not allowed'), undefined],
];

for (const [name, account, err, expected] of cases) {
  test(`key rejection: ${name}`, () => {
    const out = explainKeyRejection(account, err, now);
    if (!expected) return assert.equal(out, undefined);
    assert.ok(out instanceof AccountKeyRejectedError);
    assert.ok(out instanceof AcmeProblemError, 'still an ACME problem (exit code 3)');
    assert.match(out.message, expected);
  });
}

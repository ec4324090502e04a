import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goPersistUntil, judgeRecord, type CaId } from '../../../shared/dns-persist/ca-rules.ts';
import { evaluateRecords } from '../../../shared/dns-persist/evaluate.ts';
import { presentOctets, utf8Octets } from '../../../shared/dns-persist/presentation.ts';

const ACCT = 'https://ca.example/acct/1';
const expect = { issuers: ['ca.example'], accountUri: ACCT, wildcard: false, now: 1_800_000_000 };
const seen = (text: string) => presentOctets(utf8Octets(text));

test('TXT bytes are presented as miekg/dns does: \\DDD outside printable ASCII, \\" and \\\\ escaped', () => {
  assert.equal(seen('café'), 'caf\\195\\169');
  assert.equal(seen('a\tb'), 'a\\009b');
  assert.equal(seen('\x00\x7f~ '), '\\000\\127~ ');
  assert.equal(seen('"x\\'), '\\"x\\\\');
});

test("persistUntil as Go's ParseInt + time.Unix read it (wrapping past int64 internal seconds)", () => {
  assert.equal(goPersistUntil('+5'), 5n);
  assert.equal(goPersistUntil('007'), 7n);
  assert.equal(goPersistUntil('9223371974719179007'), 9223371974719179007n);
  assert.ok(goPersistUntil('9223371974719179008')! < 0n, 'one more overflows into the past');
  assert.equal(goPersistUntil('9223372036854775808'), undefined);
  for (const bad of ['', '1e10', '1.5', '2030-01-01', ' 5']) assert.equal(goPersistUntil(bad), undefined, bad);
});

// [value, Pebble's outcome, Boulder's outcome]: where they differ, the cited code decides.
const differences: [string, string, string][] = [
  [`CA.EXAMPLE; accounturi=${ACCT}`, 'skip', 'ok'],
  [`ca.example.; accounturi=${ACCT}`, 'skip', 'ok'],
  [`ca.example; accounturi=${ACCT}; foo=1; foo=2`, 'syntax', 'ok'],
  [`ca.example; accounturi=${ACCT}; persistUntil=-62135596800`, 'unauthorized', 'ok'],
  [`ca.example; accounturi=${ACCT}; x_y=1`, 'ok', 'ok'],
  [`ca.example; accounturi=${ACCT}; accounturi=${ACCT}`, 'syntax', 'syntax'],
];
for (const [value, pebble, boulder] of differences) {
  test(`Pebble ${pebble}, Boulder ${boulder}: ${value}`, () => {
    const kind = (ca: CaId) => judgeRecord(ca, seen(value), expect).kind;
    assert.deepEqual([kind('pebble'), kind('boulder')], [pebble, boulder]);
  });
}

test('the strictest verdict wins, and says who refuses', () => {
  const e = evaluateRecords([seen(`CA.EXAMPLE; accounturi=${ACCT}`)], expect);
  assert.equal(e.status, 'malformed');
  assert.deepEqual([e.rejectedBy, e.acceptedBy], [['Pebble'], ["Let's Encrypt (Boulder)"]]);
  assert.match(e.fix ?? '', /"ca\.example"/);
});

test('an expired record beside a valid one without persistUntil: ok, no end date, a note about the stale one', () => {
  const e = evaluateRecords([seen(`ca.example; accounturi=${ACCT}; persistUntil=1000`), seen(`ca.example; accounturi=${ACCT}`)], expect);
  assert.equal(e.status, 'ok');
  assert.equal(e.usableUntil, undefined);
  assert.match(e.notes[0]?.message ?? '', /not usable \(persistUntil=1000 .* has passed\)/);
});

test('an upper-case issuer on a record with another fault: both faults and both fixes, refused by both CAs', () => {
  const e = evaluateRecords([seen(`CA.EXAMPLE; accounturi=${ACCT};`)], expect);
  assert.equal(e.status, 'malformed');
  assert.match(e.detail ?? '', /written in upper case.*Also: There is an empty parameter or a trailing ";"/);
  assert.match(e.fix ?? '', /Write the issuer exactly as "ca\.example" .*, and remove the extra ";"/);
  assert.deepEqual(e.rejectedBy, ['Pebble', "Let's Encrypt (Boulder)"]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, type DoctorInput } from '../../../../electron/core/persist/doctor.ts';

// The CAA finding says what was found, and never "No CAA records" when nobody answered.
const base: Omit<DoctorInput, 'caa'> = {
  name: 'www.example.test',
  issuers: ['letsencrypt.org'],
  accountUri: 'https://acme.example.test/acct/1',
  propagation: { recordName: '_validation-persist.www.example.test', servers: [] } as unknown as DoctorInput['propagation'],
  now: new Date('2026-12-01T00:00:00Z'),
};

const cases: { what: string; caa: DoctorInput['caa']; severity: string; message: RegExp }[] = [
  {
    what: 'no resolver answered at any level',
    caa: { unanswered: ['www.example.test', 'example.test', 'test'] },
    severity: 'warning',
    message: /^Could not check CAA: no resolver answered for www\.example\.test, example\.test, test$/,
  },
  {
    what: 'one level unanswered, the others empty',
    caa: { unanswered: ['example.test'] },
    severity: 'warning',
    message: /^Could not check CAA: no resolver answered/,
  },
  { what: 'every level answered, none has CAA', caa: { unanswered: [] }, severity: 'ok', message: /No CAA records/ },
  {
    what: 'a CAA record allowing the CA',
    caa: { unanswered: [], relevant: { name: 'example.test', properties: [{ critical: false, tag: 'issue', value: 'letsencrypt.org' }] } },
    severity: 'ok',
    message: /./,
  },
];
for (const c of cases) {
  test(`CAA: ${c.what} → ${c.severity}`, () => {
    const caa = diagnose({ ...base, caa: c.caa }).filter((f) => f.code === 'caa');
    assert.equal(caa.length, 1, JSON.stringify(caa));
    assert.equal(caa[0]!.severity, c.severity);
    assert.match(caa[0]!.message, c.message);
    if (c.severity === 'warning') assert.doesNotMatch(caa[0]!.message, /No CAA records/);
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CertificateView } from '../../shared/api/views.ts';
import { siteKey, siteRows } from '../../shared/sites.ts';

const NOW = Date.parse('2026-12-04T00:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW + days * DAY).toISOString();

/** A certificate for `names`, issued `issued` days from now and valid 90 days from then. */
function cert(id: string, names: string[], issued: number, status: CertificateView['status'] = 'valid', lifetime = 90): CertificateView {
  return {
    id,
    accountId: 'a',
    directoryUrl: 'https://ca.test/dir',
    names,
    status,
    keyType: 'ec-p256',
    serial: id,
    notBefore: at(issued),
    notAfter: at(issued + lifetime),
    issuedAt: at(issued),
  };
}

const A = ['a.test', 'www.a.test'];
const B = ['b.test'];

const cases: {
  name: string;
  certs: CertificateView[];
  rows: { names: string[]; shown: string; alsoValid: string[]; history: string[] }[];
}[] = [
  {
    name: 'one row per set of names, whatever their order and case, soonest expiry first',
    certs: [cert('a1', A, -10), cert('b1', B, -60), cert('a-upper', ['WWW.A.TEST', 'a.test'], -80, 'replaced')],
    rows: [
      { names: B, shown: 'b1', alsoValid: [], history: [] },
      { names: A, shown: 'a1', alsoValid: [], history: ['a-upper'] },
    ],
  },
  {
    name: 'a second valid certificate for the same names stays visible, not folded away',
    certs: [cert('a1', A, -30), cert('a2', A, -2)],
    rows: [{ names: A, shown: 'a2', alsoValid: ['a1'], history: [] }],
  },
  {
    name: 'revoked and expired ones beside a valid one go into the history, newest first',
    certs: [cert('old', A, -200, 'valid'), cert('rev', A, -20, 'revoked'), cert('cur', A, -5), cert('rep', A, -100, 'replaced')],
    rows: [{ names: A, shown: 'cur', alsoValid: [], history: ['rev', 'rep', 'old'] }],
  },
  {
    name: 'with no valid certificate the row shows the newest one (revoked), the rest is history',
    certs: [cert('rep', A, -100, 'replaced'), cert('rev', A, -20, 'revoked')],
    rows: [{ names: A, shown: 'rev', alsoValid: [], history: ['rep'] }],
  },
];

for (const c of cases) {
  test(`siteRows: ${c.name}`, () => {
    const rows = siteRows(c.certs, NOW).map((r) => ({
      names: r.names,
      shown: r.shown.id,
      alsoValid: r.alsoValid.map((x) => x.id),
      history: r.history.map((x) => x.id),
    }));
    assert.deepEqual(
      rows.map((r) => ({ ...r, names: siteKey(r.names) })),
      c.rows.map((r) => ({ ...r, names: siteKey(r.names) })),
    );
  });
}

test('siteRows: 10,000 certificates of as many sites make 10,000 rows in expiry order', () => {
  const certs = Array.from({ length: 10_000 }, (_, i) => cert(`c${i}`, [`n${i}.fleet.test`], -(i % 60)));
  const rows = siteRows(certs, NOW);
  assert.equal(rows.length, 10_000);
  assert.ok(rows.every((r, i) => i === 0 || rows[i - 1]!.shown.notAfter <= r.shown.notAfter));
});

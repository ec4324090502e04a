import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { profileRecordSchema, type CertificateRecord } from '../../../../electron/core/store/schema.ts';
import {
  DuplicateCertificateError,
  issueCertificate,
  NoSuchReplacementError,
  planIssue,
} from '../../../../electron/core/usecases/issue.ts';
import { startUseCaseWorld, type UseCaseWorld } from './world.ts';

// The issue use case: one live certificate per set of names, shared by the app's wizard and
// `persistcert issue`; issuance itself against Pebble + BIND.
const NOW = Date.parse('2026-06-01T00:00:00Z');

function cert(id: string, names: string[], o: Partial<Pick<CertificateRecord, 'status' | 'notAfter'>> = {}): CertificateRecord {
  return {
    id,
    accountId: 'account-1',
    names,
    chainPem: '',
    keyType: 'ec-p256',
    sealedKey: { v: 1, kdf: { name: 'none' }, cipher: 'aes-256-gcm', iv: 'AAAAAAAAAAAAAAAA', ct: 'AA', tag: 'AAAAAAAAAAAAAAAAAAAAAA' },
    serialHex: '01',
    notBefore: '2026-05-01T00:00:00.000Z',
    notAfter: o.notAfter ?? '2026-08-01T00:00:00.000Z',
    issuedAt: '2026-05-01T00:00:00.000Z',
    status: o.status ?? 'valid',
    history: [],
    renewal: {},
  };
}

const existing = [
  cert('live', ['a.example.test', 'www.a.example.test']),
  cert('expired', ['old.example.test'], { notAfter: '2026-05-31T00:00:00.000Z' }),
  cert('revoked', ['gone.example.test'], { status: 'revoked' }),
  cert('replaced', ['b.example.test'], { status: 'replaced' }),
];

const cases: {
  what: string;
  names: string[];
  replacesId?: string;
  allowDuplicate?: boolean;
  expect: string | undefined | typeof DuplicateCertificateError | typeof NoSuchReplacementError;
}[] = [
  { what: 'new names', names: ['new.example.test'], expect: undefined },
  { what: 'the same names as a live certificate', names: ['a.example.test', 'www.a.example.test'], expect: DuplicateCertificateError },
  { what: 'the same names in another order and case', names: ['WWW.a.example.test', 'a.example.test'], expect: DuplicateCertificateError },
  { what: 'a subset of a live certificate (another site)', names: ['a.example.test'], expect: undefined },
  { what: 'names whose certificate expired', names: ['old.example.test'], expect: undefined },
  { what: 'names whose certificate was revoked', names: ['gone.example.test'], expect: undefined },
  { what: 'names whose certificate was replaced', names: ['b.example.test'], expect: undefined },
  {
    what: 'a replacement naming the live certificate',
    names: ['a.example.test', 'www.a.example.test'],
    replacesId: 'live',
    expect: 'live',
  },
  {
    what: 'a replacement naming a revoked certificate',
    names: ['gone.example.test'],
    replacesId: 'revoked',
    expect: NoSuchReplacementError,
  },
  { what: 'a replacement naming another site', names: ['new.example.test'], replacesId: 'live', expect: NoSuchReplacementError },
  { what: 'a duplicate explicitly allowed', names: ['a.example.test', 'www.a.example.test'], allowDuplicate: true, expect: undefined },
];

for (const c of cases) {
  test(`planIssue: ${c.what}`, () => {
    const plan = () => planIssue(existing, { names: c.names, replacesId: c.replacesId, allowDuplicate: c.allowDuplicate }, NOW);
    if (typeof c.expect === 'function') {
      assert.throws(plan, c.expect);
      return;
    }
    assert.equal(plan()?.id, c.expect);
  });
}

test('a duplicate refusal names the certificate, says until when it is valid, and is a bad request for the UI', () => {
  const err = (() => {
    try {
      planIssue(existing, { names: ['a.example.test', 'www.a.example.test'] }, NOW);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof DuplicateCertificateError);
  assert.equal(err.existing.id, 'live');
  assert.equal(err.apiCode, 'bad-request');
  assert.match(err.message, /a\.example\.test, www\.a\.example\.test already have a valid certificate \(valid until 2026-08-01\)/);
  assert.match(err.fix ?? '', /replace/);
});

let world: UseCaseWorld;
before(async () => {
  world = await startUseCaseWorld('usecase-issue');
});
after(async () => world?.stop());

test('issuing, then issuing again: refused; as a replacement: the old one is replaced and the new one carries its settings', async () => {
  const names = ['site.example.test'];
  const first = await world.issue(names);
  assert.deepEqual(first.names, names);
  assert.equal(first.status, 'valid');
  // The old certificate's renewal and deploy settings live in its profile.
  await world.core.store.transact((tx) => {
    const c = tx.certificate(first.id)!;
    tx.putProfile(profileRecordSchema.parse({ id: 'profile-1', accountId: world.account.id, names, createdAt: new Date().toISOString() }));
    c.profileId = 'profile-1';
    tx.putCertificate(c);
  });
  assert.throws(() => planIssue(world.core.certificates.list(), { names }, Date.now()), DuplicateCertificateError);
  const replaces = planIssue(world.core.certificates.list(), { names, replacesId: first.id }, Date.now());
  assert.equal(replaces?.id, first.id);
  const client = await world.core.accounts.client(world.account);
  const steps: string[] = [];
  try {
    const second = await issueCertificate(
      world.core,
      { client, checker: world.checker() },
      {
        account: world.account,
        names,
        keyType: 'ec-p384',
        replaces,
        onProgress: (s) => steps.push('status' in s ? `${s.step}:${s.status}` : s.step),
      },
    );
    assert.equal(second.keyType, 'ec-p384');
    assert.equal(second.replacedId, first.id);
    assert.equal(second.profileId, 'profile-1');
    assert.match(second.history[0]!.detail ?? '', /issued as a replacement/);
    assert.equal(world.core.certificates.find(first.id).status, 'replaced');
    // Our DNS check runs before each answer to a challenge. An authorization the CA already
    // validated (the persistent record, at once: draft-ietf-acme-dns-persist-01 §4.4) needs none.
    assert.equal(steps.includes('precheck'), steps.includes('authorization:responding'), steps.join());
  } finally {
    client.close();
  }
  // The new certificate is now the live one: a third is refused again.
  assert.throws(() => planIssue(world.core.certificates.list(), { names }, Date.now()), DuplicateCertificateError);
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../../electron/core/user-error.ts';
import {
  accountView,
  backupAccount,
  contactUris,
  createAccount,
  declineBackup,
  listAccounts,
  rolloverAccount,
} from '../../../../electron/core/usecases/accounts.ts';
import { startUseCaseWorld, type UseCaseWorld } from './world.ts';

// The accounts use cases: one place turns typed emails into contacts, for the app and the CLI.
const contacts: { typed: string[]; expect: string[] | 'refused' }[] = [
  { typed: [], expect: [] },
  { typed: ['admin@example.test'], expect: ['mailto:admin@example.test'] },
  { typed: ['mailto:admin@example.test'], expect: ['mailto:admin@example.test'] },
  { typed: ['MAILTO:admin@example.test'], expect: ['mailto:admin@example.test'] },
  { typed: ['  ops@example.test  ', '', '   '], expect: ['mailto:ops@example.test'] },
  { typed: ['a@example.test', 'b@example.test'], expect: ['mailto:a@example.test', 'mailto:b@example.test'] },
  { typed: ['not an email'], expect: 'refused' },
  { typed: ['mailto:'], expect: [] },
];
for (const c of contacts) {
  test(`contactUris(${JSON.stringify(c.typed)})`, () => {
    if (c.expect === 'refused') {
      assert.throws(
        () => contactUris(c.typed),
        (err: unknown) => {
          assert.ok(err instanceof InputError);
          assert.doesNotMatch(err.message, /mailto:/, 'the message shows what the user typed, not a mailto: the app added');
          return true;
        },
      );
    } else assert.deepEqual(contactUris(c.typed), c.expect);
  });
}

let world: UseCaseWorld;
before(async () => {
  world = await startUseCaseWorld('usecase-accounts');
});
after(async () => world?.stop());

test('createAccount registers with the CA with the contacts as mailto: URIs; a bad one is refused before the CA is asked', async () => {
  const before = world.core.accounts.list().length;
  await assert.rejects(
    createAccount(world.core, { directoryUrl: world.pebble.directoryUrl, agreeToTerms: true, contact: ['nope'] }),
    InputError,
  );
  assert.equal(world.core.accounts.list().length, before);
  const a = await createAccount(world.core, {
    directoryUrl: world.pebble.directoryUrl,
    agreeToTerms: true,
    contact: ['mailto:ops@example.test'],
    keyType: 'ec-p384',
  });
  assert.deepEqual(a.contact, ['mailto:ops@example.test']);
  assert.equal(a.keyType, 'ec-p384');
  assert.match(a.accountUrl, /^https:\/\//);
  assert.ok((await listAccounts(world.core)).some((v) => v.id === a.id));
});

test('an account view lists the names that depend on it', async () => {
  await world.issue(['dep.example.test']);
  assert.deepEqual(accountView(world.core, world.account).dependentNames, ['dep.example.test']);
});

test('backup: a sealed file named after the CA and the day; declining: the reminder stops; rollover: same URL, new key', async () => {
  const now = new Date('2026-12-04T10:00:00Z');
  const b = await backupAccount(world.core, { accountId: world.account.id, passphrase: 'a long backup passphrase' }, now);
  assert.equal(b.fileName, `persistcert-account-${new URL(world.pebble.directoryUrl).hostname}-2026-12-04.json`);
  assert.doesNotMatch(b.content, /PRIVATE KEY/);
  assert.ok(world.core.accounts.find(world.account.id).backedUpAt);
  const declined = await declineBackup(world.core, { accountId: world.account.id }, now);
  assert.equal(declined.backupDeclinedAt, now.toISOString());
  const rolled = await rolloverAccount(world.core, { accountId: world.account.id, keyType: 'ec-p384' });
  assert.equal(rolled.accountUrl, world.account.accountUrl);
  assert.equal(rolled.keyType, 'ec-p384');
});

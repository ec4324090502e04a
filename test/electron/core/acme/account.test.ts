import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCaWithDns, type CaWithDns } from './ca-fixture.ts';
import { generateKeyPair } from '../../../../electron/core/crypto/keys.ts';
import {
  createAccount,
  deactivateAccount,
  fetchAccount,
  findAccount,
  rolloverAccountKey,
  updateAccount,
} from '../../../../electron/core/acme/account.ts';
import { AcmeError, AcmeProblemError } from '../../../../electron/core/acme/errors.ts';
import { createOrder } from '../../../../electron/core/acme/order.ts';

let ca: CaWithDns;
before(async () => {
  ca = await startCaWithDns();
});
after(async () => {
  await ca?.stop();
});

for (const keyType of ['ec-p256', 'ec-p384', 'rsa-2048'] as const) {
  test(`account with a ${keyType} key: create, find, read, update`, async () => {
    const client = ca.client();
    const { privateKey } = await generateKeyPair(keyType);
    const created = await createAccount(client, privateKey, { termsOfServiceAgreed: true, contact: ['mailto:admin@example.test'] });
    assert.equal(created.created, true);
    assert.match(created.url, /^https:\/\/127\.0\.0\.1:\d+\/my-account\/\w+$/);
    assert.equal(created.object.status, 'valid');

    // newAccount with a known key returns the same account (RFC 8555 §7.3.1).
    const again = await createAccount(ca.client(), privateKey, { termsOfServiceAgreed: true });
    assert.equal(again.url, created.url);
    assert.equal(again.created, false);

    const found = await findAccount(ca.client(), privateKey);
    assert.equal(found?.url, created.url);

    const updated = await updateAccount(client, { contact: ['mailto:ops@example.test'] });
    assert.deepEqual(updated.object.contact, ['mailto:ops@example.test']);
    assert.deepEqual((await fetchAccount(client)).object.contact, ['mailto:ops@example.test']);
  });
}

test('lookup of an unknown key finds nothing', async () => {
  const { privateKey } = await generateKeyPair('ec-p256');
  assert.equal(await findAccount(ca.client(), privateKey), undefined);
});

test('a contact that is not mailto: is refused before the CA is asked', async () => {
  const { privateKey } = await generateKeyPair('ec-p256');
  await assert.rejects(createAccount(ca.client(), privateKey, { termsOfServiceAgreed: true, contact: ['admin@example.test'] }), /mailto:/);
});

test('a deactivated account can no longer order', async () => {
  const client = ca.client();
  const { privateKey } = await generateKeyPair('ec-p256');
  const account = await createAccount(client, privateKey, { termsOfServiceAgreed: true });
  const deactivated = await deactivateAccount(client);
  assert.equal(deactivated.object.status, 'deactivated');
  client.useAccount({ key: privateKey, url: account.url });
  await assert.rejects(createOrder(client, { names: ['www.example.test'] }), (err) => {
    assert.ok(err instanceof AcmeProblemError);
    assert.equal(err.acmeType, 'unauthorized');
    return true;
  });
});

test('key rollover keeps the account URL; the new key orders, the old key is unknown', async () => {
  const client = ca.client();
  const oldKey = (await generateKeyPair('ec-p256')).privateKey;
  const account = await createAccount(client, oldKey, { termsOfServiceAgreed: true });
  const newKey = (await generateKeyPair('ec-p384')).privateKey;
  await rolloverAccountKey(client, newKey);
  assert.equal(client.accountBinding?.url, account.url);

  const viaNewKey = await findAccount(ca.client(), newKey);
  assert.equal(viaNewKey?.url, account.url);
  assert.equal(await findAccount(ca.client(), oldKey), undefined);
  const order = await createOrder(client, { names: ['rolled.example.test'] });
  assert.equal(order.object.status, 'pending');
});

test('without a selected account, signed requests explain what is missing', async () => {
  await assert.rejects(createOrder(ca.client(), { names: ['x.example.test'] }), (err) => {
    assert.ok(err instanceof AcmeError);
    assert.match(err.message, /No ACME account is selected/);
    return true;
  });
});

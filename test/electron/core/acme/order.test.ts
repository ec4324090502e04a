import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { startCaWithDns, type CaWithDns } from './ca-fixture.ts';
import { generateKeyPair } from '../../../../electron/core/crypto/keys.ts';
import { createAccount } from '../../../../electron/core/acme/account.ts';
import { issueCertificate } from '../../../../electron/core/acme/issue.ts';
import { FIRST_LOOK_WHILE_BUSY_MS } from '../../../../electron/core/acme/order.ts';

// Pebble answers every finalize with "processing" and a Retry-After (RFC 8555 §7.4); this is about
// when the client takes its first look at the order. Polls wait at least 100 ms and retries 250 ms
// (client.ts), so a wait of FIRST_LOOK_WHILE_BUSY_MS can only be the first look's.
let ca: CaWithDns;
before(async () => {
  ca = await startCaWithDns();
});
after(async () => {
  await ca?.stop();
});

// firstLookWaits: the fewest and the most first-look waits the case allows.
const cases = [
  // The certificate is usually ready within a millisecond: a lone order looks at once.
  { name: 'one order alone: the first look after finalize follows at once', orders: 1, firstLookWaits: [0, 0] },
  // The first of two orders to finalize always has the other under way; the second may or may not.
  { name: 'two orders at once: the first look after finalize waits a moment', orders: 2, firstLookWaits: [1, 2] },
];

for (const { name, orders, firstLookWaits } of cases) {
  test(name, async () => {
    const waits: number[] = [];
    const client = ca.client({
      sleep: async (ms) => {
        waits.push(ms);
        await delay(ms);
      },
    });
    const accountUrl = (await createAccount(client, (await generateKeyPair('ec-p256')).privateKey, { termsOfServiceAgreed: true })).url;
    const names = Array.from({ length: orders }, (_, i) => `first-look-${orders}-${i}.example.test`);
    for (const certName of names) await ca.publishPersistRecord(certName, accountUrl);

    const certs = await Promise.all(
      names.map(async (certName) =>
        issueCertificate(client, {
          names: [certName],
          certificateKey: (await generateKeyPair('ec-p256')).privateKey,
          challengeType: 'dns-persist-01',
        }),
      ),
    );

    assert.equal(certs.length, orders);
    for (const cert of certs) assert.match(cert.pem, /BEGIN CERTIFICATE/);
    const firstLooks = waits.filter((ms) => ms === FIRST_LOOK_WHILE_BUSY_MS).length;
    assert.ok(firstLooks >= firstLookWaits[0]! && firstLooks <= firstLookWaits[1]!, `first-look waits: ${firstLooks}`);
    assert.equal(client.ordersUnderWay, 0, 'every order is counted out when it is done');
  });
}

test('an order that fails is counted out too', async () => {
  const client = ca.client();
  await createAccount(client, (await generateKeyPair('ec-p256')).privateKey, { termsOfServiceAgreed: true });
  // No record published for this name: the CA refuses the challenge.
  await assert.rejects(
    issueCertificate(client, {
      names: ['first-look-no-record.example.test'],
      certificateKey: (await generateKeyPair('ec-p256')).privateKey,
      challengeType: 'dns-persist-01',
    }),
  );
  assert.equal(client.ordersUnderWay, 0);
});

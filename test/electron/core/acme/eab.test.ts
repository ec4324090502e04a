import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCaWithDns, type CaWithDns } from './ca-fixture.ts';
import { generateKeyPair } from '../../../../electron/core/crypto/keys.ts';
import { createAccount } from '../../../../electron/core/acme/account.ts';
import { AcmeError, AcmeProblemError } from '../../../../electron/core/acme/errors.ts';

// A Pebble configured with externalAccountBindingRequired (RFC 8555 §7.3.4).
let ca: CaWithDns;
before(async () => {
  ca = await startCaWithDns({ eabRequired: true });
});
after(async () => {
  await ca?.stop();
});

function eabCredentials(): { kid: string; hmacKey: string } {
  const [kid, hmacKey] = Object.entries(ca.pebble.eabKeys)[0]!;
  return { kid, hmacKey };
}

test('the directory says EAB is required and we refuse before asking the CA', async () => {
  const client = ca.client();
  assert.equal((await client.directory()).meta?.externalAccountRequired, true);
  const { privateKey } = await generateKeyPair('ec-p256');
  await assert.rejects(createAccount(client, privateKey, { termsOfServiceAgreed: true }), (err) => {
    assert.ok(err instanceof AcmeError);
    assert.match(err.message, /External Account Binding/);
    return true;
  });
});

test("a wrong HMAC key is rejected with the CA's own words", async () => {
  const { privateKey } = await generateKeyPair('ec-p256');
  const { kid } = eabCredentials();
  const wrongKey = Buffer.alloc(32, 7).toString('base64url');
  await assert.rejects(
    createAccount(ca.client(), privateKey, { termsOfServiceAgreed: true, externalAccountBinding: { kid, hmacKey: wrongKey } }),
    (err) => {
      assert.ok(err instanceof AcmeProblemError, `expected a problem document, got ${String(err)}`);
      assert.ok(err.problem.detail && err.problem.detail.length > 0);
      assert.equal(err.message.includes(err.problem.detail), true);
      return true;
    },
  );
});

test('an unknown EAB key id is rejected', async () => {
  const { privateKey } = await generateKeyPair('ec-p256');
  await assert.rejects(
    createAccount(ca.client(), privateKey, {
      termsOfServiceAgreed: true,
      externalAccountBinding: { kid: 'no-such-kid', hmacKey: eabCredentials().hmacKey },
    }),
    AcmeProblemError,
  );
});

test('a pasted HMAC key that is not base64url is caught locally', async () => {
  const { privateKey } = await generateKeyPair('ec-p256');
  await assert.rejects(
    createAccount(ca.client(), privateKey, {
      termsOfServiceAgreed: true,
      externalAccountBinding: { kid: eabCredentials().kid, hmacKey: 'not base64!' },
    }),
    /not base64url/,
  );
});

test('the right EAB credentials create an account bound to the external account', async () => {
  const { privateKey } = await generateKeyPair('ec-p256');
  const account = await createAccount(ca.client(), privateKey, { termsOfServiceAgreed: true, externalAccountBinding: eabCredentials() });
  assert.equal(account.created, true);
  assert.equal(account.object.status, 'valid');
});

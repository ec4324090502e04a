import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenedVerify, decodeProtectedHeader, type JWK } from 'jose';
import { createPublicKey } from 'node:crypto';
import { publicJwk, signJws } from '../../../../electron/core/acme/jws.ts';
import { generateKeyPair, type KeyType } from '../../../../electron/core/crypto/keys.ts';

// signJws builds the flattened JWS itself (node:crypto); jose, an independent implementation,
// must accept every one, for every account key type, with kid or jwk, with or without a payload.
const cases: { keyType: KeyType; alg: string; signatureBytes?: number }[] = [
  { keyType: 'ec-p256', alg: 'ES256', signatureBytes: 64 },
  { keyType: 'ec-p384', alg: 'ES384', signatureBytes: 96 },
  { keyType: 'rsa-2048', alg: 'RS256', signatureBytes: 256 },
  { keyType: 'rsa-3072', alg: 'RS256', signatureBytes: 384 },
];

for (const c of cases) {
  test(`signJws with ${c.keyType}: ${c.alg}, verified by jose, with kid and with jwk, payload and POST-as-GET`, async () => {
    const { privateKey } = await generateKeyPair(c.keyType);
    const publicKey = createPublicKey(privateKey);
    const variants: { payload: unknown; header: { url: string; nonce?: string; kid?: string; jwk?: JWK } }[] = [
      { payload: { csr: 'MIIB…', n: 1 }, header: { url: 'https://ca.test/finalize/1', nonce: 'n-1', kid: 'https://ca.test/acct/7' } },
      { payload: undefined, header: { url: 'https://ca.test/order/1', nonce: 'n-2', kid: 'https://ca.test/acct/7' } },
      { payload: { termsOfServiceAgreed: true }, header: { url: 'https://ca.test/new-acct', nonce: 'n-3' } },
      { payload: { account: 'x' }, header: { url: 'https://ca.test/key-change' } },
    ];
    for (const v of variants) {
      const jws = await signJws(privateKey, v.payload, v.header);
      const verified = await flattenedVerify(jws, publicKey);
      const expectedPayload = v.payload === undefined ? '' : JSON.stringify(v.payload);
      assert.equal(new TextDecoder().decode(verified.payload), expectedPayload);
      const header = decodeProtectedHeader(jws);
      assert.equal(header.alg, c.alg);
      assert.equal((header as { url?: string }).url, v.header.url);
      assert.equal(header.nonce, v.header.nonce);
      if (v.header.kid) {
        assert.equal(header.kid, v.header.kid);
        assert.equal(header.jwk, undefined, 'RFC 8555 §6.2: kid and jwk are mutually exclusive');
      } else {
        assert.deepEqual(header.jwk, await publicJwk(privateKey));
      }
      if (c.signatureBytes) assert.equal(Buffer.from(jws.signature, 'base64url').length, c.signatureBytes, 'fixed-width signature');
      assert.doesNotMatch(jws.protected + jws.payload + jws.signature, /[=+/]/, 'base64url without padding');
    }
  });
}

test('signJws: a signature over another payload does not verify', async () => {
  const { privateKey } = await generateKeyPair('ec-p256');
  const a = await signJws(privateKey, { a: 1 }, { url: 'https://ca.test/x', kid: 'k' });
  const b = await signJws(privateKey, { a: 2 }, { url: 'https://ca.test/x', kid: 'k' });
  await assert.rejects(flattenedVerify({ ...a, signature: b.signature }, createPublicKey(privateKey)), /signature verification failed/);
});

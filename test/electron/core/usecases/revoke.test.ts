import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { revoke, RevocationNotConfirmedError } from '../../../../electron/core/usecases/revoke.ts';
import { startUseCaseWorld, type UseCaseWorld } from './world.ts';

// The revoke use case, against Pebble: irreversible, so only with the first name typed out.
let world: UseCaseWorld;
before(async () => {
  world = await startUseCaseWorld('usecase-revoke');
});
after(async () => world?.stop());

test('without the first name typed out (or with another) nothing is revoked; with it, the CA revokes and the record says so', async () => {
  const cert = await world.issue(['revoke.example.test', 'www.revoke.example.test']);
  for (const confirm of [undefined, '', 'www.revoke.example.test', 'REVOKE.example.test']) {
    await assert.rejects(revoke(world.core, { certificate: cert.id, confirm, reason: 'superseded' }), (err: unknown) => {
      assert.ok(err instanceof RevocationNotConfirmedError);
      assert.equal(err.apiCode, 'bad-request');
      assert.match(err.message, /^Type revoke\.example\.test to confirm/);
      return true;
    });
  }
  assert.equal(world.core.certificates.find(cert.id).status, 'valid');
  const revoked = await revoke(world.core, { certificate: cert.id, confirm: 'revoke.example.test', reason: 'superseded' });
  assert.equal(revoked.status, 'revoked');
  assert.equal(revoked.history.at(-1)?.detail, 'superseded');
  // The CA agrees: a second request is refused as already revoked (RFC 8555 §7.6).
  await assert.rejects(
    revoke(world.core, { certificate: cert.id, confirm: 'revoke.example.test', reason: 'superseded' }),
    /alreadyRevoked|already revoked/i,
  );
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { renewalDeps } from '../../../../electron/core/renewal/renewal-deps.ts';
import { RenewalService } from '../../../../electron/core/renewal/renewal-service.ts';
import type { CertificateRecord } from '../../../../electron/core/store/schema.ts';
import { renewalStatus, renewNow } from '../../../../electron/core/usecases/renew.ts';
import { changeSettings } from '../../../../electron/core/usecases/settings.ts';
import { startUseCaseWorld, type UseCaseWorld } from './world.ts';

// The renew use case: `persistcert renew` and the app's "Renew now", against Pebble + BIND.
let world: UseCaseWorld;
let renewal: RenewalService;
let cert: CertificateRecord;
before(async () => {
  world = await startUseCaseWorld('usecase-renew');
  renewal = new RenewalService(
    renewalDeps(world.core, { dns: async () => ({ resolvers: world.resolvers, checker: world.checker() }), log: () => {} }),
  );
  cert = await world.issue(['renew.example.test']);
  await changeSettings(world.core.dataDir, { renewalsPaused: true }, world.core.keystore);
});
after(async () => world?.stop());

const cases: { what: string; certificates?: string[]; force: boolean; respectPause: boolean; expect: 'paused' | 'not-due' | 'renewed' }[] =
  [
    { what: 'all, while paused, respecting the pause (renew --all)', force: false, respectPause: true, expect: 'paused' },
    { what: 'all, while paused, not respecting it ("Renew all due" in the app)', force: false, respectPause: false, expect: 'not-due' },
    {
      what: 'one by name, while paused: the user asked for it',
      certificates: ['renew.example.test'],
      force: false,
      respectPause: true,
      expect: 'not-due',
    },
  ];
for (const c of cases) {
  test(`renewNow: ${c.what}`, async () => {
    const outcomes: string[] = [];
    const r = await renewNow(world.core, renewal, {
      certificates: c.certificates,
      force: c.force,
      respectPause: c.respectPause,
      onOutcome: (o) => outcomes.push(o.action),
    });
    if (c.expect === 'paused') {
      assert.deepEqual(r, { skipped: 'paused' });
      assert.deepEqual(outcomes, []);
      return;
    }
    assert.ok('outcomes' in r);
    assert.deepEqual(
      r.outcomes.map((o) => o.action),
      [c.expect],
    );
    assert.deepEqual(outcomes, [c.expect], 'each outcome is told as it happens');
  });
}

test('renewNow with force renews even while paused: a new certificate replaces the old one', async () => {
  await world.publish('renew.example.test');
  const r = await renewNow(world.core, renewal, { certificates: [cert.id], force: true, respectPause: true });
  assert.ok('outcomes' in r);
  assert.equal(r.outcomes[0]?.action, 'renewed', JSON.stringify(r.outcomes));
  assert.equal(world.core.certificates.find(cert.id).status, 'replaced');
  const status = await renewalStatus(world.core, renewal);
  assert.equal(status.paused, true);
  assert.deepEqual(
    status.items.map((i) => i.names),
    [['renew.example.test']],
  );
});

test('an unknown certificate is refused before anything runs', async () => {
  await assert.rejects(
    renewNow(world.core, renewal, { certificates: ['nothing.example.test'], force: true, respectPause: false }),
    /No valid certificate for "nothing\.example\.test"/,
  );
});

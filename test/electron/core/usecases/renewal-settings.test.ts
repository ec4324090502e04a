import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { guardDeployCommand, WEB_HOST_REFUSAL } from '../../../../electron/core/app/deploy-command-guard.ts';
import type { CertificateRecord } from '../../../../electron/core/store/schema.ts';
import { InputError } from '../../../../electron/core/user-error.ts';
import { getRenewalSettings, setRenewalSettings, type ApproveDeployCommand } from '../../../../electron/core/usecases/renewal-settings.ts';
import { startUseCaseWorld, type UseCaseWorld } from './world.ts';

// The renewal-settings use case: `persistcert configure` (the owner's command line: no approval)
// and the app's Renewal & deploy form (a new deploy command must be approved) save the same way.
let world: UseCaseWorld;
let cert: CertificateRecord;
before(async () => {
  world = await startUseCaseWorld('usecase-renewal-settings');
  cert = await world.issue(['deploy.example.test']);
});
after(async () => world?.stop());

const settings = (run: string | null) => ({
  autoRenew: true,
  reuseKey: false,
  pem: { dir: '/srv/tls/deploy', keyFormat: 'pkcs8' as const },
  pfx: null,
  command: run ? { run, timeoutSec: 60 } : null,
  backupAccountId: null,
  failoverAfter: 3,
});

const cases: { what: string; run: string | null; approve?: ApproveDeployCommand; saved: string | null | 'refused' }[] = [
  { what: 'the command line sets a command without approval', run: 'systemctl reload nginx', saved: 'systemctl reload nginx' },
  {
    what: 'the web host may not change it',
    run: 'rm -rf ~',
    approve: (r) => guardDeployCommand({ ...r, host: 'web', confirm: undefined }),
    saved: 'refused',
  },
  {
    what: 'the web host may keep it as it is',
    run: 'systemctl reload nginx',
    approve: (r) => guardDeployCommand({ ...r, host: 'web', confirm: undefined }),
    saved: 'systemctl reload nginx',
  },
  {
    what: 'the desktop app, the owner declining',
    run: 'echo hi',
    approve: (r) => guardDeployCommand({ ...r, host: 'electron', confirm: async () => false }),
    saved: 'refused',
  },
  {
    what: 'the desktop app, the owner confirming',
    run: 'systemctl reload caddy',
    approve: (r) => guardDeployCommand({ ...r, host: 'electron', confirm: async () => true }),
    saved: 'systemctl reload caddy',
  },
  {
    what: 'the web host may clear it',
    run: null,
    approve: (r) => guardDeployCommand({ ...r, host: 'web', confirm: undefined }),
    saved: null,
  },
];
for (const c of cases) {
  test(`renewal settings: ${c.what}`, async () => {
    const before = await getRenewalSettings(world.core, { certificate: cert.id });
    const save = setRenewalSettings(
      world.core,
      { certificate: 'deploy.example.test', settings: settings(c.run) },
      { approveDeployCommand: c.approve },
    );
    if (c.saved === 'refused') {
      await assert.rejects(save, InputError);
      assert.deepEqual(await getRenewalSettings(world.core, { certificate: cert.id }), before, 'nothing changed');
      return;
    }
    const view = await save;
    assert.equal(view.command?.run ?? null, c.saved);
    assert.deepEqual(view.pem, { dir: '/srv/tls/deploy', keyFormat: 'pkcs8' });
    assert.deepEqual(await getRenewalSettings(world.core, { certificate: cert.id }), view);
  });
}

test('the web host refusal says where a command can be set', async () => {
  await assert.rejects(
    setRenewalSettings(
      world.core,
      { certificate: cert.id, settings: settings('touch /tmp/x') },
      { approveDeployCommand: (r) => guardDeployCommand({ ...r, host: 'web', confirm: undefined }) },
    ),
    { message: WEB_HOST_REFUSAL },
  );
});

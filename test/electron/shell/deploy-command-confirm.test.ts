import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../../electron/core/app/create-app.ts';
import { createDialogs } from '../../../electron/shell/dialogs.ts';
import { seedCertificate } from '../core/app/seed-certificate.ts';

// A deploy command set from the desktop app's UI is saved only after the owner allows it in a
// native dialog that shows the exact command: the real core and the shell's real dialog code,
// with a fake Electron `dialog` answering as the user would.
type DialogApi = Parameters<typeof createDialogs>[0];

function fakeDialog(response: number) {
  const shown: { title?: string; message: string; detail?: string; buttons?: string[]; cancelId?: number; defaultId?: number }[] = [];
  const dialog = {
    showMessageBox: async (...args: unknown[]) => {
      shown.push(args.at(-1) as (typeof shown)[number]);
      return { response, checkboxChecked: false };
    },
  };
  return { dialog: dialog as unknown as DialogApi, shown };
}

async function desktopApp(response: number) {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'confirm-')), 'data');
  const certificateId = await seedCertificate(dataDir);
  const fake = fakeDialog(response);
  const app = await createApp({
    dataDir,
    host: 'electron',
    keystore: 'file',
    passphrase: async () => 'a long test passphrase',
    scryptN: 1024,
    confirmDeployCommand: (request) => createDialogs(fake.dialog, () => undefined).confirmDeployCommand(request),
  });
  const settings = (run: string | null) => ({
    certificateId,
    autoRenew: true,
    reuseKey: false,
    pem: null,
    pfx: null,
    command: run === null ? null : { run, timeoutSec: 60 },
    backupAccountId: null,
    failoverAfter: 3,
  });
  const current = async () => {
    const r = await app.handler.call('getRenewalSettings', { certificateId });
    assert.equal(r.ok, true);
    return (r as { value: { command: { run: string } | null } }).value.command?.run ?? null;
  };
  return { app, fake, settings, current };
}

const COMMAND = 'systemctl reload nginx && echo "deployed $PERSISTCERT_NAMES"';

test('allowed in the native dialog: the command is saved, and the dialog showed it exactly, Cancel the default', async () => {
  const { app, fake, settings, current } = await desktopApp(0);
  try {
    const r = await app.handler.call('setRenewalSettings', settings(COMMAND));
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(await current(), COMMAND);
    assert.equal(fake.shown.length, 1);
    assert.ok(fake.shown[0]!.detail!.includes(COMMAND));
    assert.match(fake.shown[0]!.message, /www\.example\.test/);
    assert.deepEqual(fake.shown[0]!.buttons, ['Allow', 'Cancel']);
    assert.equal(fake.shown[0]!.cancelId, 1);
    assert.equal(fake.shown[0]!.defaultId, 1);
    // Saving again with the same command asks nothing more.
    assert.equal((await app.handler.call('setRenewalSettings', settings(COMMAND))).ok, true);
    assert.equal(fake.shown.length, 1);
  } finally {
    await app.close();
  }
});

test('cancelled in the native dialog: nothing is saved, and the message says so', async () => {
  const { app, fake, settings, current } = await desktopApp(1);
  try {
    const r = await app.handler.call('setRenewalSettings', settings(COMMAND));
    assert.equal(r.ok, false);
    assert.match((r as { error: { message: string } }).error.message, /Not saved: the deploy command was not confirmed/);
    assert.equal(fake.shown.length, 1);
    assert.equal(await current(), null);
    // Clearing a command needs no confirmation.
    assert.equal((await app.handler.call('setRenewalSettings', settings(null))).ok, true);
    assert.equal(fake.shown.length, 1);
  } finally {
    await app.close();
  }
});

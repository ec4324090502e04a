import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withNativeDialogs } from '../../../electron/shell/native-dialogs.ts';
import type { ApiHandler } from '../../../electron/core/app/api-handler.ts';
import type { Dialogs } from '../../../electron/shell/dialogs.ts';

function fakes(answer: string | null) {
  const asked: { which: string; options: unknown }[] = [];
  const dialogs: Dialogs = {
    chooseExportFolder: async (options) => (asked.push({ which: 'folder', options }), answer),
    chooseSavePath: async (options) => (asked.push({ which: 'save', options }), answer),
    confirmDeployCommand: async () => false,
  };
  const forwarded: string[] = [];
  const core: ApiHandler = {
    call: async (method) => (forwarded.push(method), { ok: true, value: 'from core' }),
    subscribe: () => () => {},
  };
  return { handler: withNativeDialogs(core, dialogs), asked, forwarded };
}

test('pickExportPath opens the matching native dialog and returns the choice', async () => {
  const f = fakes('/home/me/certs');
  assert.deepEqual(await f.handler.call('pickExportPath', { kind: 'folder', suggested: '/home/me' }), {
    ok: true,
    value: { path: '/home/me/certs' },
  });
  assert.deepEqual(f.asked[0], { which: 'folder', options: { defaultPath: '/home/me' } });
  await f.handler.call('pickExportPath', { kind: 'pfx', suggested: '' });
  assert.equal(f.asked[1]?.which, 'save');
  assert.deepEqual(f.forwarded, [], 'the core never sees it');
});

test('a cancelled dialog is null; bad parameters never open a dialog', async () => {
  const f = fakes(null);
  assert.deepEqual(await f.handler.call('pickExportPath', { kind: 'pfx', suggested: 'x.pfx' }), { ok: true, value: { path: null } });
  const bad = await f.handler.call('pickExportPath', { kind: 'anything', suggested: 1 });
  assert.equal(bad.ok, false);
  assert.equal(f.asked.length, 1);
});

test('every other method goes to the core unchanged', async () => {
  const f = fakes('/x');
  assert.deepEqual(await f.handler.call('listCertificates', {}), { ok: true, value: 'from core' });
  assert.deepEqual(f.forwarded, ['listCertificates']);
});

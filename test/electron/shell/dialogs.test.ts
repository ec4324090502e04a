import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDialogs } from '../../../electron/shell/dialogs.ts';

type DialogApi = Parameters<typeof createDialogs>[0];
type ParentWindow = NonNullable<ReturnType<Parameters<typeof createDialogs>[1]>>;

function fakeDialog(open: { canceled: boolean; filePaths: string[] }, save: { canceled: boolean; filePath: string }) {
  const calls: { kind: 'open' | 'save'; args: unknown[] }[] = [];
  const dialog = {
    showOpenDialog: async (...args: unknown[]) => (calls.push({ kind: 'open', args }), open),
    showSaveDialog: async (...args: unknown[]) => (calls.push({ kind: 'save', args }), save),
  };
  return { dialog: dialog as unknown as DialogApi, calls };
}
const win = { id: 1 } as unknown as ParentWindow;

const folderCases: { what: string; answer: { canceled: boolean; filePaths: string[] }; result: string | null }[] = [
  { what: 'a chosen folder', answer: { canceled: false, filePaths: ['/home/me/certs'] }, result: '/home/me/certs' },
  { what: 'cancel', answer: { canceled: true, filePaths: [] }, result: null },
  { what: 'cancel that still reports a path', answer: { canceled: true, filePaths: ['/x'] }, result: null },
  { what: 'no path', answer: { canceled: false, filePaths: [] }, result: null },
];
for (const c of folderCases) {
  for (const parent of [win, undefined]) {
    test(`chooseExportFolder, ${c.what}, ${parent ? 'modal to our window' : 'no window'}`, async () => {
      const { dialog, calls } = fakeDialog(c.answer, { canceled: true, filePath: '' });
      const result = await createDialogs(dialog, () => parent).chooseExportFolder({ defaultPath: '/home/me' });
      assert.equal(result, c.result);
      assert.equal(calls.length, 1);
      const args = calls[0]!.args;
      assert.equal(args.length, parent ? 2 : 1);
      if (parent) assert.equal(args[0], parent);
      const opts = args.at(-1) as { properties: string[]; defaultPath: string };
      assert.ok(opts.properties.includes('openDirectory'));
      assert.ok(!opts.properties.includes('openFile'));
      assert.equal(opts.defaultPath, '/home/me');
    });
  }
}

const saveCases: { what: string; answer: { canceled: boolean; filePath: string }; result: string | null }[] = [
  { what: 'a chosen file', answer: { canceled: false, filePath: '/home/me/site.pfx' }, result: '/home/me/site.pfx' },
  { what: 'cancel', answer: { canceled: true, filePath: '' }, result: null },
  { what: 'an empty path', answer: { canceled: false, filePath: '' }, result: null },
];
for (const c of saveCases) {
  test(`chooseSavePath, ${c.what}`, async () => {
    const { dialog, calls } = fakeDialog({ canceled: true, filePaths: [] }, c.answer);
    const filters = [{ name: 'PKCS#12', extensions: ['pfx', 'p12'] }];
    const result = await createDialogs(dialog, () => win).chooseSavePath({ defaultPath: 'site.pfx', filters });
    assert.equal(result, c.result);
    const [parent, opts] = calls[0]!.args as [unknown, { filters: unknown; defaultPath: string; properties: string[] }];
    assert.equal(parent, win);
    assert.deepEqual(opts.filters, filters);
    assert.equal(opts.defaultPath, 'site.pfx');
    assert.ok(opts.properties.includes('showOverwriteConfirmation'));
  });
}

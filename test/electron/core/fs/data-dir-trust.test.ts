import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync, lchownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertTrustedDataDir, DataDirTrustError, type DataDirTrustProblem } from '../../../../electron/core/fs/data-dir-trust.ts';

// Real directories with real owners and modes; the user PersistCert "runs as" is injected, so
// the suite (run as root) can play both the owner and someone else. chown needs root.
const asRoot = process.getuid?.() === 0;
const USER = 1000;
const OTHER = 1001;

interface Layout {
  dirOwner?: number;
  dirMode?: number;
  files?: { name: string; owner?: number; mode?: number; symlink?: boolean }[];
}

function build(layout: Layout | 'missing'): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'trust-')), 'data');
  if (layout === 'missing') return dir;
  mkdirSync(dir, { mode: 0o700 });
  for (const f of layout.files ?? []) {
    const file = path.join(dir, ...f.name.split('/'));
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    chownSync(path.dirname(file), layout.dirOwner ?? USER, layout.dirOwner ?? USER);
    if (f.symlink) {
      symlinkSync('/etc/passwd', file);
      lchownSync(file, f.owner ?? USER, f.owner ?? USER);
      continue;
    }
    writeFileSync(file, '{}', { mode: f.mode ?? 0o600 });
    chmodSync(file, f.mode ?? 0o600);
    chownSync(file, f.owner ?? USER, f.owner ?? USER);
  }
  chmodSync(dir, layout.dirMode ?? 0o700);
  chownSync(dir, layout.dirOwner ?? USER, layout.dirOwner ?? USER);
  return dir;
}

const cases: {
  what: string;
  layout: Layout | 'missing';
  uid: number;
  allowRoot?: boolean;
  refused?: { problem: DataDirTrustProblem; path: string; fix: RegExp };
}[] = [
  { what: 'the owner, 0700 with 0600 files', layout: { files: [{ name: 'store.json' }, { name: 'locks/a.lock' }] }, uid: USER },
  { what: 'a data dir not created yet', layout: 'missing', uid: USER },
  {
    what: 'another user owns the folder',
    layout: { dirOwner: OTHER },
    uid: USER,
    refused: { problem: 'other-owner', path: '', fix: /chown 1000/ },
  },
  {
    what: 'another user owns a file in it',
    layout: { files: [{ name: 'store.json', owner: OTHER }] },
    uid: USER,
    refused: { problem: 'other-owner', path: 'store.json', fix: /chown 1000/ },
  },
  {
    what: 'another user owns a symlink in it',
    layout: { files: [{ name: 'settings.json', owner: OTHER, symlink: true }] },
    uid: USER,
    refused: { problem: 'other-owner', path: 'settings.json', fix: /chown/ },
  },
  {
    what: 'a group-writable folder',
    layout: { dirMode: 0o770 },
    uid: USER,
    refused: { problem: 'writable-by-others', path: '', fix: /its group .*chmod 700/ },
  },
  {
    what: 'a folder every user can write (0777)',
    layout: { dirMode: 0o777 },
    uid: USER,
    refused: { problem: 'writable-by-others', path: '', fix: /every user \(mode 0777\).*chmod 700/ },
  },
  {
    what: 'a group-writable store file',
    layout: { files: [{ name: 'store.json', mode: 0o664 }] },
    uid: USER,
    refused: { problem: 'writable-by-others', path: 'store.json', fix: /chmod 600/ },
  },
  {
    what: 'a world-writable file in a subfolder',
    layout: { files: [{ name: 'locks/x.lock', mode: 0o666 }] },
    uid: USER,
    refused: { problem: 'writable-by-others', path: 'locks/x.lock', fix: /chmod 600/ },
  },
  { what: "root over a user's data dir", layout: {}, uid: 0, refused: { problem: 'root-over-user', path: '', fix: /--allow-root/ } },
  { what: "root over a user's data dir with --allow-root", layout: { files: [{ name: 'store.json' }] }, uid: 0, allowRoot: true },
  {
    what: "root with --allow-root still refuses a third user's file",
    layout: { files: [{ name: 'store.json', owner: OTHER }] },
    uid: 0,
    allowRoot: true,
    refused: { problem: 'other-owner', path: 'store.json', fix: /chown/ },
  },
  { what: 'root over its own data dir', layout: { dirOwner: 0, files: [{ name: 'store.json', owner: 0 }] }, uid: 0 },
];

for (const c of cases) {
  test(
    `data dir trust: ${c.what} → ${c.refused ? `refused (${c.refused.problem})` : 'trusted'}`,
    { skip: asRoot ? false : 'chown needs root' },
    async () => {
      const dir = build(c.layout);
      const result = assertTrustedDataDir(dir, { uid: c.uid, allowRoot: c.allowRoot ?? false });
      if (!c.refused) return assert.equal(await result, undefined);
      const err = await result.then(
        () => assert.fail('not refused'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof DataDirTrustError, String(err));
      assert.equal(err.problem, c.refused.problem);
      const expected = c.refused.path ? path.join(dir, ...c.refused.path.split('/')) : dir;
      assert.equal(err.path, expected);
      assert.ok(err.message.startsWith(expected), `the message names the path: ${err.message}`);
      assert.match(err.message, c.refused.fix);
    },
  );
}

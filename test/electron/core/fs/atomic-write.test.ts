import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stageFile, writeFileAtomic } from '../../../../electron/core/fs/atomic-write.ts';
import { tempDir } from '../export/pki.ts';

const root = tempDir('persistcert-atomic-');
let n = 0;
const freshDir = (): string => {
  const dir = join(root, `case-${++n}`);
  mkdirSync(dir);
  return dir;
};
const mode = (path: string): number => statSync(path).mode & 0o777;
const tempFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

test('the mode asked for is applied exactly, whatever the umask', async () => {
  const cases: { mode: number | undefined; umask: number; want: number }[] = [
    { mode: 0o600, umask: 0o000, want: 0o600 },
    { mode: 0o644, umask: 0o077, want: 0o644 },
    { mode: 0o640, umask: 0o022, want: 0o640 },
    { mode: undefined, umask: 0o077, want: 0o644 },
  ];
  const dir = freshDir();
  for (const [i, c] of cases.entries()) {
    const file = join(dir, `f${i}`);
    const previous = process.umask(c.umask);
    try {
      await writeFileAtomic(file, 'x', c.mode === undefined ? {} : { mode: c.mode });
      assert.equal(mode(file), c.want, `new file, mode ${c.mode?.toString(8)} umask ${c.umask.toString(8)}`);
      // Replacing a file with other permissions gives the new file the asked-for mode, too.
      await writeFileAtomic(file, 'y', { mode: 0o600 });
      assert.equal(mode(file), 0o600);
    } finally {
      process.umask(previous);
    }
  }
});

test('an existing file is replaced whole: new content exactly, a new inode, and an open reader keeps the old version intact', async () => {
  const dir = freshDir();
  const file = join(dir, 'target');
  const old = Buffer.alloc(256 * 1024, 'a');
  writeFileSync(file, old);
  const oldInode = statSync(file).ino;
  const fd = openSync(file, 'r');
  try {
    const fresh = new Uint8Array(Buffer.from('short new content\n'));
    await writeFileAtomic(file, fresh);
    assert.deepEqual(readFileSync(file), Buffer.from(fresh), 'no tail of the longer old file survives');
    assert.notEqual(statSync(file).ino, oldInode, 'renamed into place, not rewritten in place');
    const seen = Buffer.alloc(old.length + 1);
    assert.equal(readSync(fd, seen, 0, seen.length, 0), old.length);
    assert.deepEqual(seen.subarray(0, old.length), old, 'a reader that had the old file open still reads all of it');
  } finally {
    closeSync(fd);
  }
  assert.deepEqual(readdirSync(dir), ['target']);
});

test('concurrent readers only ever see one complete version', async () => {
  const dir = freshDir();
  const file = join(dir, 'hot');
  const versions = [Buffer.alloc(64 * 1024, 'A'), Buffer.alloc(96 * 1024, 'B')];
  await writeFileAtomic(file, versions[0]!);
  let writing = true;
  const writer = (async () => {
    for (let i = 0; i < 150; i++) await writeFileAtomic(file, versions[i % 2]!);
    writing = false;
  })();
  const bad: number[] = [];
  let reads = 0;
  const readers = Array.from({ length: 4 }, async () => {
    while (writing) {
      const got = await readFile(file);
      reads++;
      if (!versions.some((v) => v.equals(got))) bad.push(got.length);
    }
  });
  await Promise.all([writer, ...readers]);
  assert.ok(reads > 50, `only ${reads} reads overlapped the writes`);
  assert.deepEqual(bad, [], 'torn or empty reads (their lengths)');
  assert.deepEqual(tempFiles(dir), []);
});

test('no temp file is left behind, whether the write succeeds or fails', async () => {
  const cases: { name: string; run: (dir: string) => Promise<unknown>; error?: RegExp; after: string[] }[] = [
    { name: 'success', run: (dir) => writeFileAtomic(join(dir, 'ok'), 'data'), after: ['ok'] },
    {
      name: 'target is a folder (rename fails)',
      run: (dir) => {
        mkdirSync(join(dir, 'folder'));
        return writeFileAtomic(join(dir, 'folder'), 'data');
      },
      error: /EISDIR|ENOTEMPTY|EEXIST/,
      after: ['folder'],
    },
    {
      name: 'overwrite: false and the target exists',
      run: (dir) => {
        writeFileSync(join(dir, 'keep'), 'original');
        return writeFileAtomic(join(dir, 'keep'), 'new', { overwrite: false });
      },
      error: /EEXIST/,
      after: ['keep'],
    },
    {
      name: 'overwrite: false and no target yet',
      run: (dir) => writeFileAtomic(join(dir, 'new'), 'data', { overwrite: false, mode: 0o600 }),
      after: ['new'],
    },
    { name: 'folder missing', run: (dir) => writeFileAtomic(join(dir, 'missing', 'f'), 'data'), error: /ENOENT/, after: [] },
    {
      name: 'staged, then discarded',
      run: async (dir) => {
        const staged = await stageFile(join(dir, 'never'), 'data', { mode: 0o600 });
        assert.equal(tempFiles(dir).length, 1, 'the staged temp file exists until commit or discard');
        assert.equal(mode(staged.tempPath), 0o600, 'a staged file already has its final mode');
        assert.equal(existsSync(join(dir, 'never')), false);
        await staged.discard();
      },
      after: [],
    },
  ];
  const dirs = new Map<string, string>();
  for (const c of cases) {
    const dir = freshDir();
    dirs.set(c.name, dir);
    if (c.error) await assert.rejects(c.run(dir), c.error, c.name);
    else await c.run(dir);
    assert.deepEqual(readdirSync(dir).sort(), c.after, c.name);
  }
  assert.equal(
    readFileSync(join(dirs.get('overwrite: false and the target exists')!, 'keep'), 'utf8'),
    'original',
    'overwrite: false left the existing file alone',
  );
  assert.equal(mode(join(dirs.get('overwrite: false and no target yet')!, 'new')), 0o600);
});

test('a staged file appears under its name only on commit', async () => {
  const dir = freshDir();
  const a = await stageFile(join(dir, 'a'), 'A');
  const b = await stageFile(join(dir, 'b'), new Uint8Array([1, 2, 3]), { mode: 0o600 });
  assert.deepEqual(
    readdirSync(dir).filter((f) => !f.endsWith('.tmp')),
    [],
  );
  await a.commit();
  await b.commit();
  assert.deepEqual(readdirSync(dir).sort(), ['a', 'b']);
  assert.equal(readFileSync(join(dir, 'a'), 'utf8'), 'A');
  assert.deepEqual([...readFileSync(join(dir, 'b'))], [1, 2, 3]);
  assert.equal(mode(join(dir, 'b')), 0o600);
});

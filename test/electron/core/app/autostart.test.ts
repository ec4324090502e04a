import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  AUTOSTART_FILE_NAME,
  autostartPath,
  desktopEntry,
  execArgument,
  setXdgAutostart,
  xdgAutostartEnabled,
} from '../../../../electron/core/app/autostart.ts';

const root = await mkdtemp(path.join(os.tmpdir(), 'persistcert-autostart-'));
after(() => rm(root, { recursive: true, force: true }));
let n = 0;
/** A fresh XDG_CONFIG_HOME (not yet created) and home directory. */
const fresh = () => {
  const dir = path.join(root, `case-${++n}`);
  return { env: { XDG_CONFIG_HOME: path.join(dir, 'config') }, homeDir: path.join(dir, 'home') };
};

test('the entry goes to $XDG_CONFIG_HOME/autostart, or ~/.config/autostart', () => {
  assert.equal(autostartPath({ env: { XDG_CONFIG_HOME: '/x/conf' }, homeDir: '/home/me' }), `/x/conf/autostart/${AUTOSTART_FILE_NAME}`);
  assert.equal(autostartPath({ env: {}, homeDir: '/home/me' }), '/home/me/.config/autostart/persistcert.desktop');
  assert.equal(autostartPath({ env: { XDG_CONFIG_HOME: '' }, homeDir: '/home/me' }), '/home/me/.config/autostart/persistcert.desktop');
  // A relative XDG_CONFIG_HOME is invalid by the spec and ignored.
  assert.equal(autostartPath({ env: { XDG_CONFIG_HOME: 'conf' }, homeDir: '/home/me' }), '/home/me/.config/autostart/persistcert.desktop');
});

test('enabling writes a desktop entry that starts the app hidden; disabling removes it', async () => {
  const loc = fresh();
  const file = autostartPath(loc);
  assert.equal(await xdgAutostartEnabled(loc), false);

  await setXdgAutostart(true, ['/opt/PersistCert/persistcert', '--hidden'], loc);
  const text = await readFile(file, 'utf8');
  assert.match(text, /^\[Desktop Entry\]\n/);
  assert.match(text, /^Type=Application$/m);
  assert.match(text, /^Name=PersistCert$/m);
  assert.match(text, /^Exec=\/opt\/PersistCert\/persistcert --hidden$/m);
  assert.equal((await stat(file)).mode & 0o777, 0o644);
  assert.equal((await stat(path.dirname(file))).mode & 0o777, 0o700);
  assert.equal(await xdgAutostartEnabled(loc), true);
  assert.deepEqual(await readdir(path.dirname(file)), [AUTOSTART_FILE_NAME], 'no temp files left behind');

  // Enabling again replaces the entry (a moved AppImage gets the new path).
  await setXdgAutostart(true, ['/new/place/persistcert', '--hidden'], loc);
  assert.match(await readFile(file, 'utf8'), /^Exec=\/new\/place\/persistcert --hidden$/m);

  await setXdgAutostart(false, [], loc);
  await assert.rejects(stat(file), { code: 'ENOENT' });
  assert.equal(await xdgAutostartEnabled(loc), false);
  // Disabling twice is fine.
  await setXdgAutostart(false, [], loc);
});

test('without XDG_CONFIG_HOME the entry lands in ~/.config/autostart', async () => {
  const { homeDir } = fresh();
  await setXdgAutostart(true, ['/usr/bin/persistcert', '--hidden'], { env: {}, homeDir });
  assert.match(
    await readFile(path.join(homeDir, '.config/autostart/persistcert.desktop'), 'utf8'),
    /^Exec=\/usr\/bin\/persistcert --hidden$/m,
  );
});

const switchedOff: { what: string; line: string; enabled: boolean }[] = [
  { what: 'Hidden=true', line: 'Hidden=true', enabled: false },
  { what: 'X-GNOME-Autostart-enabled=false', line: 'X-GNOME-Autostart-enabled=false', enabled: false },
  { what: 'Hidden=false', line: 'Hidden=false', enabled: true },
];
for (const c of switchedOff) {
  test(`an entry the desktop's settings changed to ${c.what} reads as ${c.enabled ? 'on' : 'off'}`, async () => {
    const loc = fresh();
    await setXdgAutostart(true, ['/usr/bin/persistcert', '--hidden'], loc);
    const file = autostartPath(loc);
    const text = (await readFile(file, 'utf8')).replace(/^X-GNOME-Autostart-enabled=true\n/m, '');
    await writeFile(file, `${text}${c.line}\n`);
    assert.equal(await xdgAutostartEnabled(loc), c.enabled);
  });
}

test('a file where the directory should be is an error, not a silent no-op', async () => {
  const loc = fresh();
  await mkdir(loc.env.XDG_CONFIG_HOME, { recursive: true });
  await writeFile(path.join(loc.env.XDG_CONFIG_HOME, 'autostart'), 'not a directory');
  await assert.rejects(setXdgAutostart(true, ['/usr/bin/persistcert'], loc));
});

const quoting: { arg: string; exec: string }[] = [
  { arg: '/usr/bin/persistcert', exec: '/usr/bin/persistcert' },
  { arg: '--hidden', exec: '--hidden' },
  { arg: '/home/me/My Apps/PersistCert.AppImage', exec: '"/home/me/My Apps/PersistCert.AppImage"' },
  // Inside quotes `$` takes a backslash; the string-value layer then doubles that backslash.
  { arg: '/opt/$HOME/x', exec: '"/opt/\\\\$HOME/x"' },
  { arg: '/opt/a"b', exec: '"/opt/a\\\\"b"' },
  { arg: '/opt/back\\slash', exec: '"/opt/back\\\\\\\\slash"' },
  { arg: '/opt/100%/app', exec: '/opt/100%%/app' },
  { arg: '', exec: '""' },
];
for (const c of quoting) {
  test(`Exec quoting: ${JSON.stringify(c.arg)}`, () => {
    assert.equal(execArgument(c.arg), c.exec);
  });
}

/**
 * An independent reading of an Exec line: the string-value unescape, then the spec's quoting
 * rules, then %% -> %. What the desktop would run must be exactly the argv we asked for.
 */
function parseExec(value: string): string[] {
  const unescaped = value.replace(/\\(.)/g, (_m, c: string) => ({ s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' })[c] ?? `\\${c}`);
  const args: string[] = [];
  let i = 0;
  while (i < unescaped.length) {
    if (unescaped[i] === ' ') {
      i++;
      continue;
    }
    let arg = '';
    if (unescaped[i] === '"') {
      i++;
      while (unescaped[i] !== '"') {
        if (i >= unescaped.length) throw new Error('unterminated quote');
        if (unescaped[i] === '\\') i++;
        arg += unescaped[i++];
      }
      i++;
    } else {
      while (i < unescaped.length && unescaped[i] !== ' ') arg += unescaped[i++];
    }
    args.push(arg.replace(/%%/g, '%'));
  }
  return args;
}

test('property: any argv survives the Exec line unchanged', () => {
  let seed = 11;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const alphabet = 'ab/ .-_%$"\'`\\~|&;*?#()<>\tüß';
  for (let k = 0; k < 2000; k++) {
    const argv = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      Array.from({ length: 1 + Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
    );
    const line = /^Exec=(.*)$/m.exec(desktopEntry(argv))![1]!;
    assert.deepEqual(parseExec(line), argv, line);
  }
});

test('desktop-file-validate accepts the entry, where that tool exists', async (t) => {
  const loc = fresh();
  await setXdgAutostart(true, ['/home/me/My Apps/Persist$Cert.AppImage', '--hidden'], loc);
  const result = await new Promise<{ code: number | string | null; output: string }>((resolve) =>
    execFile('desktop-file-validate', [autostartPath(loc)], (err, stdout, stderr) =>
      resolve({ code: err ? ((err as NodeJS.ErrnoException).code ?? 1) : 0, output: stdout + stderr }),
    ),
  );
  if (result.code === 'ENOENT') return t.skip('desktop-file-validate is not installed');
  assert.equal(result.code, 0, result.output);
  assert.doesNotMatch(result.output, /error/i);
});

test('an empty command is refused', () => {
  assert.throws(() => desktopEntry([]), /empty/);
});

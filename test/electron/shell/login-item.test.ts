import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { autostartPath } from '../../../electron/core/app/autostart.ts';
import {
  applyLaunchAtLogin,
  HIDDEN_FLAG,
  launchAtLoginEnabled,
  startedHidden,
  type LoginItemApp,
} from '../../../electron/shell/login-item.ts';

type LoginSettings = Parameters<LoginItemApp['setLoginItemSettings']>[0];
type LoginQuery = Parameters<LoginItemApp['getLoginItemSettings']>[0];

/** Electron's app as far as login items go: remembers what was set, answers what was asked. */
function fakeApp(answer: { openAtLogin?: boolean; wasOpenedAtLogin?: boolean } = {}) {
  const set: LoginSettings[] = [];
  const queries: LoginQuery[] = [];
  const app = {
    setLoginItemSettings: (s: LoginSettings) => void set.push(s),
    getLoginItemSettings: (q?: LoginQuery) => (queries.push(q), { openAtLogin: false, wasOpenedAtLogin: false, ...answer }),
  } as unknown as LoginItemApp;
  return { app, set, queries };
}

const root = await mkdtemp(path.join(os.tmpdir(), 'persistcert-login-item-'));
after(() => rm(root, { recursive: true, force: true }));
let n = 0;
const location = () => ({ env: { XDG_CONFIG_HOME: path.join(root, `case-${++n}`) }, homeDir: path.join(root, 'home') });

const windowsCases: { what: string; options: { execPath: string; appArgs?: string[] }; path: string; args: string[] }[] = [
  { what: 'packaged', options: { execPath: 'C:\\Apps\\PersistCert.exe' }, path: 'C:\\Apps\\PersistCert.exe', args: ['--hidden'] },
  {
    what: 'a path with spaces is quoted',
    options: { execPath: 'C:\\Users\\Jane Doe\\AppData\\Local\\Programs\\persistcert\\PersistCert.exe' },
    path: '"C:\\Users\\Jane Doe\\AppData\\Local\\Programs\\persistcert\\PersistCert.exe"',
    args: ['--hidden'],
  },
  {
    what: 'unpackaged: the app folder comes first',
    options: { execPath: 'C:\\dev\\electron.exe', appArgs: ['C:\\src\\persist cert'] },
    path: 'C:\\dev\\electron.exe',
    args: ['"C:\\src\\persist cert"', '--hidden'],
  },
];
for (const c of windowsCases) {
  for (const enabled of [true, false]) {
    test(`Windows, ${c.what}, ${enabled ? 'on' : 'off'}: a login item that starts hidden`, async () => {
      const { app, set } = fakeApp();
      const loc = location();
      await applyLaunchAtLogin(app, enabled, 'win32', { ...c.options, ...loc });
      assert.deepEqual(set, [{ openAtLogin: enabled, path: c.path, args: c.args }]);
      await assert.rejects(stat(autostartPath(loc)), { code: 'ENOENT' }, 'no XDG file on Windows');
    });
  }
}

for (const enabled of [true, false]) {
  test(`macOS, ${enabled ? 'on' : 'off'}: a plain login item`, async () => {
    const { app, set } = fakeApp();
    const loc = location();
    await applyLaunchAtLogin(app, enabled, 'darwin', { execPath: '/Applications/PersistCert.app/Contents/MacOS/PersistCert', ...loc });
    assert.deepEqual(set, [{ openAtLogin: enabled }]);
    await assert.rejects(stat(autostartPath(loc)), { code: 'ENOENT' });
  });
}

for (const platform of ['linux', 'freebsd'] as const) {
  test(`${platform}: an XDG autostart entry with --hidden, removed when turned off`, async () => {
    const { app, set } = fakeApp();
    const loc = location();
    await applyLaunchAtLogin(app, true, platform, { execPath: '/opt/PersistCert/persistcert', ...loc });
    assert.deepEqual(set, [], 'setLoginItemSettings does nothing here, so it is not relied on');
    assert.match(await readFile(autostartPath(loc), 'utf8'), /^Exec=\/opt\/PersistCert\/persistcert --hidden$/m);
    assert.equal(await launchAtLoginEnabled(app, platform, loc), true);

    await applyLaunchAtLogin(app, false, platform, loc);
    await assert.rejects(stat(autostartPath(loc)), { code: 'ENOENT' });
    assert.equal(await launchAtLoginEnabled(app, platform, loc), false);
  });
}

test('Linux from an AppImage: the entry runs the AppImage, not its temporary mount', async () => {
  const { app } = fakeApp();
  const loc = location();
  const env = { ...loc.env, APPIMAGE: '/home/me/Apps/PersistCert.AppImage' };
  await applyLaunchAtLogin(app, true, 'linux', { env, homeDir: loc.homeDir });
  assert.match(await readFile(autostartPath({ env }), 'utf8'), /^Exec=\/home\/me\/Apps\/PersistCert\.AppImage --hidden$/m);
});

test('Linux without an AppImage: the entry runs this executable', async () => {
  const { app } = fakeApp();
  const loc = location();
  await applyLaunchAtLogin(app, true, 'linux', loc);
  const exec = /^Exec=(.*)$/m.exec(await readFile(autostartPath(loc), 'utf8'))![1]!;
  assert.ok(exec.endsWith(` ${HIDDEN_FLAG}`));
  assert.ok(exec.includes(path.basename(process.execPath)), exec);
});

const enabledCases: { platform: NodeJS.Platform; openAtLogin: boolean; query: LoginQuery }[] = [
  { platform: 'win32', openAtLogin: true, query: { path: 'C:\\Apps\\PersistCert.exe', args: ['--hidden'] } },
  { platform: 'win32', openAtLogin: false, query: { path: 'C:\\Apps\\PersistCert.exe', args: ['--hidden'] } },
  { platform: 'darwin', openAtLogin: true, query: undefined },
  { platform: 'darwin', openAtLogin: false, query: undefined },
];
for (const c of enabledCases) {
  test(`launchAtLoginEnabled on ${c.platform} asks the OS (${c.openAtLogin})`, async () => {
    const { app, queries } = fakeApp({ openAtLogin: c.openAtLogin });
    assert.equal(await launchAtLoginEnabled(app, c.platform, { execPath: 'C:\\Apps\\PersistCert.exe' }), c.openAtLogin);
    // Windows matches its entry by the command line it was written with.
    assert.deepEqual(queries, [c.query]);
  });
}

const hiddenCases: { what: string; argv: string[]; platform: NodeJS.Platform; wasOpenedAtLogin: boolean; hidden: boolean }[] = [
  { what: 'started by the user', argv: ['/opt/persistcert'], platform: 'linux', wasOpenedAtLogin: false, hidden: false },
  { what: 'started at login on Linux', argv: ['/opt/persistcert', '--hidden'], platform: 'linux', wasOpenedAtLogin: false, hidden: true },
  {
    what: 'started at login on Windows',
    argv: ['C:\\PersistCert.exe', '--hidden'],
    platform: 'win32',
    wasOpenedAtLogin: false,
    hidden: true,
  },
  { what: 'started at login on macOS', argv: ['/Applications/PersistCert.app'], platform: 'darwin', wasOpenedAtLogin: true, hidden: true },
  {
    what: 'started by the user on macOS',
    argv: ['/Applications/PersistCert.app'],
    platform: 'darwin',
    wasOpenedAtLogin: false,
    hidden: false,
  },
  {
    what: 'wasOpenedAtLogin means nothing off macOS',
    argv: ['C:\\PersistCert.exe'],
    platform: 'win32',
    wasOpenedAtLogin: true,
    hidden: false,
  },
];
for (const c of hiddenCases) {
  test(`startedHidden: ${c.what}`, () => {
    assert.equal(startedHidden(c.argv, fakeApp({ wasOpenedAtLogin: c.wasOpenedAtLogin }).app, c.platform), c.hidden);
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMainWindow, revealWindow, type MainWindow, type MainWindowDeps } from '../../../electron/shell/windows.ts';
import { FakeWindow, fakeEvent, openDetails, settle } from './fakes.ts';

type BrowserWindowConstructorOptions = Parameters<MainWindowDeps<MainWindow>['createWindow']>[0];

function open(extra: Partial<MainWindowDeps<MainWindow>> = {}) {
  let options: BrowserWindowConstructorOptions | undefined;
  const logs: string[] = [];
  const win = createMainWindow({
    createWindow: (o) => {
      options = o;
      return new FakeWindow(o) as unknown as MainWindow;
    },
    preloadPath: '/app/dist/electron/preload.cjs',
    openExternal: async () => {},
    log: (m) => logs.push(m),
    ...extra,
  }) as unknown as FakeWindow;
  assert.ok(options);
  return { win, options, logs };
}

test('the window is created with the secure web preferences and the preload', () => {
  const { options } = open();
  assert.deepEqual(options.webPreferences, {
    preload: '/app/dist/electron/preload.cjs',
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
  });
});

test('the window loads the UI from app://persistcert/index.html', () => {
  const { win } = open();
  assert.deepEqual(win.loaded, ['app://persistcert/index.html']);
});

test('the window stays hidden until ready-to-show, then shows once', () => {
  const { win, options } = open();
  assert.equal(options.show, false);
  assert.deepEqual(win.calls, []);
  win.emit('ready-to-show');
  win.emit('ready-to-show');
  assert.deepEqual(win.calls, ['show']);
});

test("the window's contents are hardened (navigation and window.open)", () => {
  const { win } = open();
  const e = fakeEvent({ url: 'https://example.com/', isSameDocument: false });
  win.webContents.emit('will-navigate', e);
  assert.equal(e.defaultPrevented, true);
  assert.deepEqual(win.webContents.windowOpenHandler?.(openDetails('https://example.com/')), { action: 'deny' });
});

const closes: { what: string; answer: 'hide' | 'close' | undefined; prevented: boolean }[] = [
  { what: 'no close policy: it closes', answer: undefined, prevented: false },
  { what: "'close': it closes", answer: 'close', prevented: false },
  { what: "'hide' (keep in tray): it hides instead", answer: 'hide', prevented: true },
];
for (const c of closes) {
  test(`closing the window, ${c.what}`, () => {
    let asked = 0;
    const { win } = open(c.answer ? { onCloseRequested: () => (asked++, c.answer!) } : {});
    const e = fakeEvent();
    win.emit('close', e);
    assert.equal(e.defaultPrevented, c.prevented);
    assert.deepEqual(win.calls, c.prevented ? ['hide'] : []);
    assert.equal(asked, c.answer ? 1 : 0);
  });
}

test('a UI that fails to load is reported, not an unhandled rejection', async () => {
  const logs: string[] = [];
  const w = new FakeWindow();
  w.loadError = new Error('ERR_FILE_NOT_FOUND');
  createMainWindow({
    createWindow: () => w as unknown as MainWindow,
    preloadPath: '/p.cjs',
    openExternal: async () => {},
    log: (m) => logs.push(m),
  });
  await settle();
  assert.equal(logs.length, 1);
  assert.match(logs[0]!, /ERR_FILE_NOT_FOUND/);
});

for (const minimized of [true, false]) {
  test(`revealWindow on a ${minimized ? 'minimised' : 'hidden or background'} window`, () => {
    const w = new FakeWindow();
    w.minimized = minimized;
    revealWindow(w);
    assert.deepEqual(w.calls, minimized ? ['restore', 'show', 'focus'] : ['show', 'focus']);
  });
}

import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  protocol,
  session,
  shell,
  Tray,
} from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../core/app/create-app.ts';
import { logFileSink, logSink } from '../core/notify/notice-sinks.ts';
import { openLogFile, type LogFile } from '../core/logs/log-file.ts';
import { watchStoreFile } from '../core/store/store-watch.ts';
import { createDesktopNotifier } from './desktop-notifier.ts';
import { startedHidden } from './login-item.ts';
import { startTray } from './tray-app.ts';
import { trayIconImages } from './tray-icons.ts';
import { resolveDataDir } from '../core/store/data-dir.ts';
import { registerApiIpc } from './ipc.ts';
import { createDialogs } from './dialogs.ts';
import { withNativeDialogs } from './native-dialogs.ts';
import { isTrustedSender } from './ipc-sender.ts';
import { hardenWebContents } from './navigation.ts';
import { installDenyAllPermissions } from './permissions.ts';
import { createAppProtocolHandler } from './protocol.ts';
import { claimSingleInstance } from './single-instance.ts';
import { APP_SCHEME } from './trusted-url.ts';
import { WindowRegistry } from './window-registry.ts';
import { createMainWindow, revealWindow } from './windows.ts';

/**
 * The composition root of the Electron main process: it wires Electron's objects into the
 * injectable pieces next to it and holds no logic of its own worth testing apart from them.
 * It cannot run here (no Electron binary); it is type-checked, and the `_electron` suite
 * exercises it where a binary exists.
 */

// Bundled layout: dist/electron/main.js, dist/electron/preload.cjs, dist/renderer/.
const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.join(here, '..', 'renderer');
const PRELOAD_PATH = path.join(here, 'preload.cjs');

// Both must happen before 'ready'. The scheme is standard (real origin, relative URLs) and
// secure (like https), and fetch() may use it (checklist 18). enableSandbox sandboxes every
// renderer whatever its webPreferences say (checklist 4).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

const windows = new WindowRegistry<BrowserWindow>();
const openExternal = (url: string): Promise<void> => shell.openExternal(url);
let core: Awaited<ReturnType<typeof createApp>> | undefined;
let mainWindow: BrowserWindow | undefined;
let quitting = false;
/** While the tray icon exists, closing the window hides it: renewal goes on in the background. */
let keepInTray = false;
let tray: ReturnType<typeof startTray> | undefined;
let storeWatch: { close(): void } | undefined;
const APP_ID = 'org.persistcert.app'; // electron-builder.yml appId
let logFile: LogFile | undefined;
const log = (message: string) => {
  console.log(`[persistcert] ${message}`);
  logFile?.write('info', message);
};

function openMainWindow(): BrowserWindow {
  const win = createMainWindow({
    createWindow: (options) => new BrowserWindow(options),
    preloadPath: PRELOAD_PATH,
    openExternal,
    onCloseRequested: () => (keepInTray && !quitting ? 'hide' : 'close'),
  });
  windows.add(win);
  win.once('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  mainWindow = win;
  return win;
}

function showMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) revealWindow(mainWindow);
  else if (core) openMainWindow(); // not before the core is up: the window would have no API
}

async function onReady(): Promise<void> {
  // Windows shows notifications only for an app with its user model id (the installer's appId).
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  installDenyAllPermissions(session.defaultSession);
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler((file) => readFile(file), RENDERER_DIR),
  );
  // The keystore opens on first use, so the window comes up even before the keychain answers.
  const dataDir = resolveDataDir(undefined);
  logFile = openLogFile(dataDir);
  core = await createApp({
    dataDir,
    host: 'electron',
    confirmDeployCommand: (request) => createDialogs(dialog, () => mainWindow).confirmDeployCommand(request),
    lazyKeystore: true,
    log,
    unattended: {
      sinks: [
        logSink((line) => console.log(`[persistcert] ${line}`)),
        logFileSink(logFile),
        createDesktopNotifier({
          isSupported: () => Notification.isSupported(),
          create: (o) => new Notification(o),
          onClick: () => showMainWindow(),
          onError: (e) => log(String(e)),
        }),
      ],
      onRunningChange: () => tray?.refresh(),
    },
  });
  const started = core;
  started.events.subscribe((event) => {
    if (event === 'renewal.changed' || event === 'certificates.changed') tray?.refresh();
  });
  // Timers stand still while the machine sleeps: look again on resume and unlock.
  powerMonitor.on('resume', () => started.scheduler?.wake('resume from sleep'));
  powerMonitor.on('unlock-screen', () => started.scheduler?.wake('screen unlocked'));
  // The CLI or the daemon changed the store: plan again.
  storeWatch = watchStoreFile(dataDir, () => {
    // Our own writes come back as events too; only another process's write is news.
    void started.renewal.deps.store.changedElsewhere().then((changed) => {
      if (changed && !started.scheduler?.running) started.scheduler?.wake('the store changed');
    });
  });
  tray = startTray({
    app,
    core: started.service,
    createTray: (image) => new Tray(image),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    images: trayIconImages(nativeImage.createFromBitmap),
    open: showMainWindow,
    quit: () => {
      quitting = true;
      app.quit();
    },
    log,
    ...(app.isPackaged ? {} : { loginItemOptions: { appArgs: [app.getAppPath()] } }),
  });
  keepInTray = true;
  registerApiIpc(
    ipcMain,
    withNativeDialogs(
      core.handler,
      createDialogs(dialog, () => mainWindow),
    ),
    (event) => isTrustedSender(event.senderFrame, BrowserWindow.fromWebContents(event.sender)?.id, windows.ids),
    () => windows.windows(),
  );
  // Started at login: stay in the tray until the user opens the window.
  if (!startedHidden(process.argv, app)) openMainWindow();
}

function fail(error: unknown): void {
  dialog.showErrorBox('PersistCert could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}

if (claimSingleInstance(app, showMainWindow)) {
  // Every webContents, not only our window's, gets the navigation/window-open/webview policy.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    // With the tray up, the app keeps renewing without a window.
    if (!keepInTray && process.platform !== 'darwin') app.quit();
  });
  app.on('activate', showMainWindow);
  app.on('will-quit', (event) => {
    // Let the core finish writes in flight before the process ends, then quit for real.
    if (!core) return;
    event.preventDefault();
    tray?.destroy();
    storeWatch?.close();
    const closing = core;
    core = undefined;
    closing
      .close()
      .catch(() => {})
      .finally(() => app.quit());
  });
  app.whenReady().then(onReady).catch(fail);
}

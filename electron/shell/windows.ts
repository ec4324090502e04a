import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { hardenWebContents } from './navigation.ts';
import { APP_INDEX_URL } from './trusted-url.ts';

/** The parts of a BrowserWindow that this module uses. */
export type MainWindow = Pick<BrowserWindow, 'once' | 'on' | 'show' | 'hide' | 'loadURL' | 'webContents'>;

/**
 * The renderer's web preferences, each stated even where it is Electron's default, so a
 * reviewer sees the whole policy in one place (Electron security checklist 2, 3, 4, 6, 8, 9, 12):
 * no Node anywhere in the page, context isolation, the OS sandbox, same-origin policy kept,
 * no mixed content, no experimental features, no `<webview>`.
 */
export function mainWindowWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
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
  };
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'PersistCert',
    width: 1120,
    height: 780,
    minWidth: 760,
    minHeight: 520,
    // Shown on 'ready-to-show', so the user never sees an empty white frame.
    show: false,
    webPreferences: mainWindowWebPreferences(preloadPath),
  };
}

export interface MainWindowDeps<W extends MainWindow> {
  /** `(options) => new BrowserWindow(options)`; injected so this runs without Electron. */
  createWindow: (options: BrowserWindowConstructorOptions) => W;
  /** Absolute path of the bundled preload script. */
  preloadPath: string;
  /** `shell.openExternal`, for http(s) links the page tries to open in a new window. */
  openExternal: (url: string) => Promise<void>;
  /**
   * Asked when the user closes the window. 'hide' keeps the app running in the tray (when
   * "keep in tray" is on and the app is not quitting); 'close' (the default) lets it close.
   */
  onCloseRequested?: () => 'hide' | 'close';
  /** Where a failed load of the UI is reported. */
  log?: (message: string) => void;
}

/** Creates, hardens and loads the main window. */
export function createMainWindow<W extends MainWindow>(deps: MainWindowDeps<W>): W {
  const win = deps.createWindow(mainWindowOptions(deps.preloadPath));
  hardenWebContents(win.webContents, deps.openExternal);
  win.once('ready-to-show', () => win.show());
  win.on('close', (event) => {
    if ((deps.onCloseRequested?.() ?? 'close') === 'hide') {
      event.preventDefault();
      win.hide();
    }
  });
  win.loadURL(APP_INDEX_URL).catch((error: unknown) => {
    (deps.log ?? console.error)(`PersistCert could not load its window: ${error instanceof Error ? error.message : String(error)}`);
  });
  return win;
}

/** Brings a window to the front: un-minimised, shown (it may be hidden in the tray), focused. */
export function revealWindow(win: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

import type { App } from 'electron';

/**
 * Keeps PersistCert to one running instance per user. Two would run two renewal schedulers
 * against the same data folder and fight over its lock file; a second launch (a desktop
 * shortcut clicked while the app sits in the tray) should show the running one instead.
 * Returns false when another instance holds the lock: this one then quits.
 */
export function claimSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  // The second instance's argv and cwd are ignored on purpose: nothing it says is acted on.
  app.on('second-instance', () => onSecondInstance());
  return true;
}

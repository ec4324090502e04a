import type { App } from 'electron';
import { setXdgAutostart, xdgAutostartEnabled, type AutostartLocation } from '../core/app/autostart.ts';

/**
 * "Launch at login": the app starts hidden in the tray so that renewals go on without a window
 * popping up at every login. Windows and macOS have login items (Electron's
 * setLoginItemSettings); elsewhere that call does nothing, so an XDG autostart entry is written.
 */

/** The command-line flag for "start in the tray, without the window". */
export const HIDDEN_FLAG = '--hidden';

export type LoginItemApp = Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>;

export interface LaunchAtLoginOptions extends AutostartLocation {
  /**
   * What to start: by default process.execPath, or $APPIMAGE when running from an AppImage
   * (its execPath is a temporary mount that is gone after the next login).
   */
  execPath?: string;
  /** Arguments before --hidden: the app folder when running unpackaged (`electron .`). */
  appArgs?: string[];
}

function program(options: LaunchAtLoginOptions): string {
  const env = options.env ?? process.env;
  return options.execPath ?? (env.APPIMAGE || process.execPath);
}

/**
 * Electron writes path and args into the Run key as they are, joined by spaces, so a path with
 * spaces ("C:\Users\Jane Doe\…") must come quoted or Windows may split it.
 */
function windowsArg(arg: string): string {
  return /[\s"]/.test(arg) ? `"${arg.replace(/"/g, '\\"')}"` : arg;
}

function windowsSettings(options: LaunchAtLoginOptions): { path: string; args: string[] } {
  return { path: windowsArg(program(options)), args: [...(options.appArgs ?? []), HIDDEN_FLAG].map(windowsArg) };
}

function usesXdg(platform: NodeJS.Platform): boolean {
  return platform !== 'win32' && platform !== 'darwin';
}

export async function applyLaunchAtLogin(
  app: LoginItemApp,
  enabled: boolean,
  platform: NodeJS.Platform = process.platform,
  options: LaunchAtLoginOptions = {},
): Promise<void> {
  if (platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: enabled, ...windowsSettings(options) });
  } else if (platform === 'darwin') {
    // macOS 13 dropped "open as hidden"; startedHidden() asks wasOpenedAtLogin instead.
    app.setLoginItemSettings({ openAtLogin: enabled });
  } else {
    await setXdgAutostart(enabled, [program(options), ...(options.appArgs ?? []), HIDDEN_FLAG], options);
  }
}

/** Whether the app is set to start at login now: the user may have changed it in the OS settings. */
export async function launchAtLoginEnabled(
  app: LoginItemApp,
  platform: NodeJS.Platform = process.platform,
  options: LaunchAtLoginOptions = {},
): Promise<boolean> {
  if (usesXdg(platform)) return xdgAutostartEnabled(options);
  // Windows matches the entry by path and args, so ask with the same ones it was set with.
  return app.getLoginItemSettings(platform === 'win32' ? windowsSettings(options) : undefined).openAtLogin;
}

/** Whether this launch should stay in the tray: started at login, not by the user. */
export function startedHidden(
  argv: readonly string[],
  app: Pick<App, 'getLoginItemSettings'>,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (argv.includes(HIDDEN_FLAG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}

import os from 'node:os';
import path from 'node:path';

export const DATA_DIR_ENV = 'PERSISTCERT_DATA_DIR';

/**
 * Where PersistCert keeps its data when nobody says otherwise: the same folder Electron's
 * `app.getPath('userData')` gives the desktop app, so the CLI, the daemon and the app share it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'PersistCert');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'PersistCert');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'PersistCert');
}

/** `--data-dir`, else $PERSISTCERT_DATA_DIR, else the platform default; always absolute. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? (env[DATA_DIR_ENV] || defaultDataDir(env)));
}

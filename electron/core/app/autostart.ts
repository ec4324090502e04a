/**
 * Launch at login on Linux and the BSDs: an XDG autostart entry
 * (https://specifications.freedesktop.org/autostart-spec/latest/), which Electron's
 * setLoginItemSettings does not write there. Plain file work, so it lives in the core and is
 * tested against a temporary XDG_CONFIG_HOME.
 */
import { mkdir, readFile, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.ts';

export const AUTOSTART_FILE_NAME = 'persistcert.desktop';

export interface AutostartLocation {
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
}

/** $XDG_CONFIG_HOME/autostart/persistcert.desktop, or ~/.config/autostart/… */
export function autostartPath(location: AutostartLocation = {}): string {
  const env = location.env ?? process.env;
  const configHome = env.XDG_CONFIG_HOME;
  // The spec says a relative XDG_CONFIG_HOME is invalid and to be ignored.
  const base = configHome && path.isAbsolute(configHome) ? configHome : path.join(location.homeDir ?? os.homedir(), '.config');
  return path.join(base, 'autostart', AUTOSTART_FILE_NAME);
}

/** Characters that make the Desktop Entry spec require an Exec argument to be quoted. */
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * One argument of an Exec line. Two layers of escaping: the Exec quoting rules (inside double
 * quotes, `"`, `` ` ``, `$` and `\` take a backslash), then the general string-value escapes
 * (a backslash is written `\\`), and `%` is doubled so it is not read as a field code.
 */
export function execArgument(arg: string): string {
  if (arg === '') return '""';
  let quoted = RESERVED.test(arg) ? `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : arg;
  quoted = quoted.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
  return quoted.replace(/%/g, '%%');
}

export function desktopEntry(command: readonly string[]): string {
  if (command.length === 0) throw new Error('The autostart command is empty');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=PersistCert',
    'Comment=Renews TLS certificates in the background',
    `Exec=${command.map(execArgument).join(' ')}`,
    'Terminal=false',
    'StartupNotify=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Writes the entry that runs `command` (the program, then its arguments) at login, or removes
 * it. Removing an entry that is not there is fine.
 */
export async function setXdgAutostart(enabled: boolean, command: readonly string[], location: AutostartLocation = {}): Promise<void> {
  const file = autostartPath(location);
  if (!enabled) {
    await unlink(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return;
  }
  // 0700, as the base directory spec asks for directories it makes.
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, desktopEntry(command), { mode: 0o644 });
}

/**
 * Whether our entry exists and the desktop will run it: session settings (GNOME's "Startup
 * Applications", say) switch an entry off with Hidden=true or X-GNOME-Autostart-enabled=false.
 */
export async function xdgAutostartEnabled(location: AutostartLocation = {}): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(autostartPath(location), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  const value = (key: string) => new RegExp(`^${key}\\s*=\\s*(.*?)\\s*$`, 'm').exec(text)?.[1];
  return value('Hidden') !== 'true' && value('X-GNOME-Autostart-enabled') !== 'false';
}

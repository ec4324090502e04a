import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EXIT, type Command } from '../command.ts';
import { startServing, waitForSignal } from './serve.ts';

/**
 * Where the Electron binary would be, without triggering its lazy download: the package writes
 * path.txt once the binary is fetched; ELECTRON_OVERRIDE_DIST_PATH points at a local build.
 */
export function electronBinary(env: NodeJS.ProcessEnv): { path?: string; why: string } {
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(p) ? { path: p, why: '' } : { why: `ELECTRON_OVERRIDE_DIST_PATH has no electron binary (${p})` };
  }
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { why: 'the electron package is not installed' };
  }
  const pathTxt = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt))
    return { why: 'the Electron binary has not been downloaded (it is fetched on first run, and this machine cannot reach the Internet)' };
  const bin = path.join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? { path: bin, why: '' } : { why: `the Electron binary is missing (${bin})` };
}

/**
 * `persistcert start` (what `npm start` runs): the desktop app; where Electron cannot run, the
 * same UI from the loopback web host, saying so plainly.
 */
export const startCommand: Command = {
  usage: 'persistcert start [--port <n>]',
  options: { port: { type: 'string' } },
  help: { port: 'port for the web UI when Electron is not available' },
  async run(ctx) {
    const electron = electronBinary(ctx.env);
    const main = path.resolve(import.meta.dirname, '..', 'electron', 'main.js');
    if (electron.path && existsSync(main)) {
      const child = spawn(electron.path, [main], { stdio: 'inherit', env: ctx.env });
      return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? EXIT.ok)));
    }
    const why = electron.path ? `the desktop shell is not built (${main})` : electron.why;
    const host = await startServing(ctx, { unattended: true });
    ctx.stdout.write(
      [
        `The desktop app cannot start here: ${why}.`,
        'Serving the same PersistCert UI in your browser instead:',
        '',
        `  ${host.url}`,
        '',
        'Only this machine can connect, and only with that URL. Certificates renew unattended while',
        'this runs (for servers, "persistcert daemon" does it without a UI). Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await waitForSignal();
    await host.stop();
    return EXIT.ok;
  },
};

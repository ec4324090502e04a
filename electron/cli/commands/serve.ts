import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../core/app/create-app.ts';
import { logFileSink, logSink } from '../../core/notify/notice-sinks.ts';
import { openLogFile } from '../../core/logs/log-file.ts';
import { resolvePassphrase } from '../../core/keystore/passphrase.ts';
import { startWebHost, type WebHost } from '../../web-host/server.ts';
import { EXIT, UsageError, stringOption, type Command, type CommandContext } from '../command.ts';
import { dnsSettings } from '../dns-options.ts';
import { dataDirOption, readCaBundle } from '../context.ts';

/** The built renderer, next to the CLI bundle (dist/cli → dist/renderer). */
export function rendererDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

/** `persistcert serve`: the app's UI in a browser, from a web host on 127.0.0.1 only. */
export const serveCommand: Command = {
  usage: 'persistcert serve [--port <n>]',
  options: { port: { type: 'string' } },
  help: { port: 'port on 127.0.0.1 (default: a free one)' },
  async run(ctx) {
    const host = await startServing(ctx);
    ctx.stdout.write(`PersistCert is serving its UI at ${host.url}\n(only this machine can connect; press Ctrl-C to stop)\n`);
    await waitForSignal();
    await host.close();
    return EXIT.ok;
  },
};

export async function startServing(
  ctx: CommandContext,
  extra: { demo?: { publish(name: string, value: string): Promise<void> }; unattended?: boolean } = {},
): Promise<WebHost & { stop(): Promise<void> }> {
  const portText = stringOption(ctx.values, 'port');
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  const dir = rendererDir();
  if (!existsSync(path.join(dir, 'index.html'))) throw new UsageError(`The UI is not built (${dir}); run "npm run build" first`);
  const kind = stringOption(ctx.values, 'keystore') ?? ctx.env.PERSISTCERT_KEYSTORE ?? 'auto';
  if (!['auto', 'os', 'file'].includes(kind)) throw new UsageError('--keystore must be auto, os or file');
  const passphraseFile = stringOption(ctx.values, 'passphrase-file');
  const dns = stringOption(ctx.values, 'dns') || ctx.env.PERSISTCERT_DNS ? dnsSettings(ctx) : undefined;
  const dataDir = dataDirOption(ctx);
  const logFile = openLogFile(dataDir);
  const log = (m: string) => {
    ctx.stderr.write(`${m}\n`);
    logFile.write('info', m);
  };
  const app = await createApp({
    dataDir,
    host: 'web',
    keystore: kind as 'auto' | 'os' | 'file',
    passphrase: () => resolvePassphrase({ env: ctx.env, ...(passphraseFile ? { passphraseFile } : {}) }),
    caBundlePem: await readCaBundle(stringOption(ctx.values, 'ca-bundle')),
    env: ctx.env,
    allowRoot: ctx.values['allow-root'] === true,
    ...(dns ? { resolvers: dns.resolvers, authoritativePort: dns.authoritativePort } : {}),
    ...(extra.demo ? { demo: extra.demo } : {}),
    log,
    // Standing in for the desktop app, the web host renews unattended too; notices go to the log.
    ...(extra.unattended ? { unattended: { sinks: [logSink((line) => ctx.stderr.write(`${line}\n`)), logFileSink(logFile)] } } : {}),
  });
  const host = await startWebHost({ handler: app.handler, rendererDir: dir, port, log });
  return {
    ...host,
    async stop() {
      await host.close();
      await app.close();
    },
  };
}

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

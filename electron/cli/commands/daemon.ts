// The daemon's long-lived process: the schedule, its timers, the store watch, SIGHUP and the log.
// Each pass runs in a process of its own (./daemon-pass.ts), so this one imports nothing that
// touches the store's SQLite, the ACME client, TLS or the keychain: keep it that way.
import { fork } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertTrustedDataDir } from '../../core/fs/data-dir-trust.ts';
import { acquireLockFile, LockBusyError } from '../../core/fs/lock-file.ts';
import { redactSecrets, urlHasSecret } from '../../core/notify/redact.ts';
import { openLogFile, type LogFile } from '../../core/logs/log-file.ts';
import { systemClock } from '../../core/renewal/clock.ts';
import { PassProcesses } from '../../core/renewal/pass-process.ts';
import { RenewalScheduler } from '../../core/renewal/scheduler.ts';
import { resolveDataDir } from '../../core/store/data-dir.ts';
import { storeFilesSignature, watchStoreFile } from '../../core/store/store-watch.ts';
import { EXIT, UsageError, stringOption, type Command, type CommandContext } from '../command.ts';

/** Set (with an IPC channel) in the environment of the daemon's pass processes. */
export const PASS_PROCESS_ENV = 'PERSISTCERT_DAEMON_PASS';

/**
 * `persistcert daemon`: the tray app's scheduler in plain Node, for servers. It sleeps until the
 * next deadline, wakes when the store changes (a certificate issued by the CLI) or on SIGHUP,
 * and reports to its log and an optional webhook. One daemon per data directory.
 */
export const daemonCommand: Command = {
  usage: [
    'persistcert daemon [--webhook <url> | --webhook-file <file>]',
    '',
    'Logs one line per event to stdout. SIGHUP re-reads the store and runs what is due; SIGTERM or',
    'SIGINT stop after the renewal in progress. Notices (failure, failover, persistUntil and expiry',
    'approaching, success if enabled in settings) go to the log and to the webhook as JSON:',
    '{"event","level","title","body","certificateId","names","at"}.',
  ].join('\n'),
  options: { webhook: { type: 'string' }, 'webhook-file': { type: 'string' } },
  help: {
    webhook:
      'POST renewal notices as JSON to this http(s) URL (settings.webhookUrl is used if set); a URL with credentials or a token must come from --webhook-file or $PERSISTCERT_WEBHOOK',
    'webhook-file': 'file (mode 0600) holding the webhook URL, for URLs with credentials or tokens',
  },
  async run(ctx) {
    if (ctx.env[PASS_PROCESS_ENV] === '1' && process.send) return (await import('./daemon-pass.ts')).runPassProcess(ctx);
    const fromArg = stringOption(ctx.values, 'webhook');
    // A token in argv is readable by every local user (ps, /proc/<pid>/cmdline): refused, not used.
    if (fromArg !== undefined && urlHasSecret(fromArg)) {
      throw new UsageError(
        '--webhook: this URL carries credentials or a token, which other users can read in ps; put it in a file (mode 0600) and use --webhook-file <file>, or set $PERSISTCERT_WEBHOOK',
      );
    }
    // Checked (validateWebhookUrl) by the first pass process: the webhook module brings TLS
    // along, which this process never loads. A bad URL ends the daemon with exit 2 all the same.
    const webhook = fromArg ?? (await webhookFromFileOrEnv(ctx));
    const dataDir = dataDirFrom(ctx);
    await assertTrustedDataDir(dataDir, { allowRoot: ctx.values['allow-root'] === true });
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const logFile = openLogFile(dataDir);
    const { line } = daemonLog(ctx, logFile);
    let release: () => Promise<void>;
    try {
      release = await acquireLockFile(path.join(dataDir, 'daemon.lock'), { waitMs: 0, staleMs: Number.MAX_SAFE_INTEGER });
    } catch (err) {
      if (err instanceof LockBusyError) {
        ctx.stderr.write(`A PersistCert daemon already runs for ${dataDir} (${err.holder}); stop it first\n`);
        return EXIT.local;
      }
      throw err;
    }
    const stopping = stopSignal();
    let passesDone = 0;
    let fatal: (failure: { message: string; exitCode: number }) => void = () => {};
    const failedToStart = new Promise<{ message: string; exitCode: number }>((resolve) => (fatal = resolve));
    // The store as the last pass process left it: a watch event that changed nothing since is our own.
    let storeSeen = storeFilesSignature(dataDir);
    const passes = new PassProcesses({
      start: () =>
        fork(cliEntry(), ['daemon'], {
          env: { ...ctx.env, [PASS_PROCESS_ENV]: '1' },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          serialization: 'json',
        }),
      // The options as this process resolved them, over IPC: nothing new on a command line.
      order: { t: 'start', values: ctx.values, canPrompt: ctx.prompt !== undefined, ...(webhook ? { webhookUrl: webhook } : {}) },
      clock: systemClock,
      line,
      prompt: ctx.prompt,
      onExit: (failure) => {
        storeSeen = storeFilesSignature(dataDir);
        // The first pass could not open the data dir (a corrupt or newer store, a keystore setting):
        // the daemon stops with that message instead of retrying every minute for nothing.
        if (failure?.setup && passesDone === 0) fatal(failure);
        if (!failure) passesDone++;
      },
    });
    const scheduler = new RenewalScheduler({
      service: passes,
      clock: systemClock,
      // The pass process reads the pause switch (settings) itself, before and after the work.
      isPaused: async () => false,
      log: line,
      onRunningChange: (running) => {
        if (!running) line(`next wake-up: ${scheduler.next?.toISOString() ?? 'none (nothing scheduled, or paused)'}`);
      },
    });
    line(`daemon started for ${dataDir} (pid ${process.pid})`);
    scheduler.start();
    const watcher = watchStoreFile(dataDir, () => {
      // Pass processes' writes (and their closing the store) come back as events too; only another
      // process's write is news, and a pass in progress plans from the state as it ends anyway.
      if (scheduler.running) return;
      const now = storeFilesSignature(dataDir);
      if (now !== storeSeen) {
        storeSeen = now;
        scheduler.wake('the store changed');
      }
    });
    const onHup = () => scheduler.wake('SIGHUP');
    process.on('SIGHUP', onHup);
    let code: number = EXIT.ok;
    try {
      const ended = await Promise.race([stopping.then(() => undefined), failedToStart]);
      if (ended) {
        ctx.stderr.write(`persistcert daemon: ${ended.message}\n`);
        line(`cannot run: ${ended.message}`);
        code = ended.exitCode;
      } else {
        line('stopping after the work in progress');
      }
    } finally {
      stopping.cancel();
      process.off('SIGHUP', onHup);
      watcher.close();
      await scheduler.stop();
      await release();
    }
    line('daemon stopped');
    return code;
  },
};

/** Everything to stdout (systemd's journal) and to the data dir's log (persistcert logs); pass processes write the same way. */
export function daemonLog(ctx: CommandContext, logFile: LogFile): { line(text: string): void; stdoutLine(text: string): void } {
  const stdoutLine = (text: string) => void ctx.stdout.write(`${new Date().toISOString()} ${redactSecrets(text)}\n`);
  return {
    stdoutLine,
    line(text) {
      stdoutLine(text);
      logFile.write('info', text);
    },
  };
}

/** The CLI's entry beside this chunk (dist/cli), or the source entry when run from source (tsx). */
function cliEntry(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? path.resolve(path.dirname(here), '..', 'persistcert.ts') : path.join(path.dirname(here), 'persistcert.cjs');
}

function dataDirFrom(ctx: CommandContext): string {
  const flag = stringOption(ctx.values, 'data-dir');
  if (flag !== undefined && flag.trim() === '')
    throw new UsageError('--data-dir is empty: give a directory path (or leave the flag out for the default)');
  return resolveDataDir(flag, ctx.env);
}

/** --webhook-file or $PERSISTCERT_WEBHOOK (read here; the CLI's secretInput would load the whole core). */
async function webhookFromFileOrEnv(ctx: CommandContext): Promise<string | undefined> {
  const file = stringOption(ctx.values, 'webhook-file');
  if (file === undefined) return ctx.env.PERSISTCERT_WEBHOOK || undefined;
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot read webhook URL from ${file}: ${err.code ?? err.message}`);
  });
  return text.replace(/\r?\n$/, '');
}

/** SIGTERM or SIGINT, listened for from the start (the first pass may take a while). */
function stopSignal(): Promise<void> & { cancel(): void } {
  let done = () => {};
  const p = new Promise<void>((resolve) => {
    done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
  return Object.assign(p, { cancel: () => done() });
}

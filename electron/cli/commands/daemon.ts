import path from 'node:path';
import { acquireLockFile, LockBusyError } from '../../core/fs/lock-file.ts';
import { validateWebhookUrl } from '../../core/notify/webhook.ts';
import { redactSecrets, urlHasSecret } from '../../core/notify/redact.ts';
import { logFileSink, logSink } from '../../core/notify/notice-sinks.ts';
import { openLogFile } from '../../core/logs/log-file.ts';
import { startUnattendedRenewal } from '../../core/renewal/unattended.ts';
import { watchStoreFile } from '../../core/store/store-watch.ts';
import { EXIT, UsageError, stringOption, type Command } from '../command.ts';
import { openCore, readCaBundle, secretInput } from '../context.ts';
import { renewalFor } from '../renewal-context.ts';
import { waitForSignal } from './serve.ts';

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
    webhook: 'POST renewal notices as JSON to this http(s) URL (settings.webhookUrl is used if set); a URL with credentials or a token must come from --webhook-file or $PERSISTCERT_WEBHOOK',
    'webhook-file': 'file (mode 0600) holding the webhook URL, for URLs with credentials or tokens',
  },
  async run(ctx) {
    const fromArg = stringOption(ctx.values, 'webhook');
    // A token in argv is readable by every local user (ps, /proc/<pid>/cmdline): refused, not used.
    if (fromArg !== undefined && urlHasSecret(fromArg)) {
      throw new UsageError('--webhook: this URL carries credentials or a token, which other users can read in ps; put it in a file (mode 0600) and use --webhook-file <file>, or set $PERSISTCERT_WEBHOOK');
    }
    const webhookFile = stringOption(ctx.values, 'webhook-file');
    const webhook = fromArg ?? (webhookFile !== undefined ? await secretInput(ctx, 'webhook URL', { file: webhookFile, envVar: 'PERSISTCERT_WEBHOOK' }) : ctx.env.PERSISTCERT_WEBHOOK);
    if (webhook) {
      const problem = validateWebhookUrl(webhook);
      if (problem) throw new UsageError(`--webhook: ${problem}`);
    }
    const core = await openCore(ctx);
    const logFile = openLogFile(core.dataDir);
    const stdoutLine = (text: string) => ctx.stdout.write(`${new Date().toISOString()} ${redactSecrets(text)}\n`);
    // Everything to stdout (systemd's journal) and to the data dir's log (persistcert logs).
    const line = (text: string) => {
      stdoutLine(text);
      logFile.write('info', text);
    };
    let release: () => Promise<void>;
    try {
      release = await acquireLockFile(path.join(core.dataDir, 'daemon.lock'), { waitMs: 0, staleMs: Number.MAX_SAFE_INTEGER });
    } catch (err) {
      if (err instanceof LockBusyError) {
        ctx.stderr.write(`A PersistCert daemon already runs for ${core.dataDir} (${err.holder}); stop it first\n`);
        return EXIT.local;
      }
      throw err;
    }
    const service = renewalFor(ctx, core, line);
    const scheduler = startUnattendedRenewal({
      service,
      clock: service.deps.clock,
      sinks: [logSink(stdoutLine), logFileSink(logFile)],
      log: line,
      webhookUrl: webhook,
      caBundlePem: await readCaBundle(stringOption(ctx.values, 'ca-bundle')),
      onRunningChange: (running) => {
        if (!running) line(`next wake-up: ${scheduler.next?.toISOString() ?? 'none (nothing scheduled, or paused)'}`);
      },
    });
    line(`daemon started for ${core.dataDir} (pid ${process.pid})`);
    const watcher = watchStoreFile(core.dataDir, () => {
      // Our own writes come back as events too; only another process's write is news.
      void core.store.changedElsewhere().then((changed) => {
        if (changed && !scheduler.running) scheduler.wake('the store changed');
      });
    });
    const onHup = () => scheduler.wake('SIGHUP');
    process.on('SIGHUP', onHup);
    try {
      await waitForSignal();
      line('stopping after the work in progress');
    } finally {
      process.off('SIGHUP', onHup);
      watcher.close();
      await scheduler.stop();
      await release();
    }
    line('daemon stopped');
    return EXIT.ok;
  },
};

import path from 'node:path';
import { acquireLockFile, LockBusyError } from '../../core/fs/lock-file.ts';
import { validateWebhookUrl } from '../../core/notify/webhook.ts';
import { logSink } from '../../core/notify/notice-sinks.ts';
import { startUnattendedRenewal } from '../../core/renewal/unattended.ts';
import { watchStoreFile } from '../../core/store/store-watch.ts';
import { EXIT, UsageError, stringOption, type Command } from '../command.ts';
import { openCore, readCaBundle } from '../context.ts';
import { renewalFor } from '../renewal-context.ts';
import { waitForSignal } from './serve.ts';

/**
 * `persistcert daemon`: the tray app's scheduler in plain Node, for servers. It sleeps until the
 * next deadline, wakes when the store changes (a certificate issued by the CLI) or on SIGHUP,
 * and reports to its log and an optional webhook. One daemon per data directory.
 */
export const daemonCommand: Command = {
  name: 'daemon',
  summary: 'Renew unattended in the foreground (for systemd and other service managers)',
  usage: [
    'persistcert daemon [--webhook <url>]',
    '',
    'Logs one line per event to stdout. SIGHUP re-reads the store and runs what is due; SIGTERM or',
    'SIGINT stop after the renewal in progress. Notices (failure, failover, persistUntil and expiry',
    'approaching, success if enabled in settings) go to the log and to the webhook as JSON:',
    '{"event","level","title","body","certificateId","names","at"}.',
  ].join('\n'),
  options: { webhook: { type: 'string' } },
  help: { webhook: 'POST renewal notices as JSON to this http(s) URL (settings.webhookUrl is used if set)' },
  async run(ctx) {
    const webhook = stringOption(ctx.values, 'webhook') ?? ctx.env.PERSISTCERT_WEBHOOK;
    if (webhook) {
      const problem = validateWebhookUrl(webhook);
      if (problem) throw new UsageError(`--webhook: ${problem}`);
    }
    const core = await openCore(ctx);
    const line = (text: string) => ctx.stdout.write(`${new Date().toISOString()} ${text}\n`);
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
      sinks: [logSink(line)],
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

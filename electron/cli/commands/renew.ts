import type { RenewalOutcomeView } from '../../../shared/api/views.ts';
import { renewalStatus, renewNow } from '../../core/usecases/renew.ts';
import { batchProgress } from '../progress.ts';
import { EXIT, UsageError, type Command, type CommandContext } from '../command.ts';
import { openCore } from '../context.ts';
import { renewalFor } from '../renewal-context.ts';

/**
 * `persistcert renew`: what the tray app and the daemon do on their schedule, once, for cron.
 * Quiet when nothing is due; every certificate is taken under its lock, so running it next to
 * the app or the daemon never places a second order.
 */
export const renewCommand: Command = {
  usage: [
    'persistcert renew --all [--force] [--verbose] [--json]',
    '       persistcert renew <id or name>... [--force]',
    '       persistcert renew --status',
    '',
    'Exit codes: 0 nothing failed (including "nothing due"); 1 another process was renewing one of',
    'them (it will finish it); 2 bad usage; 3 a renewal or deploy failed (the message says what to fix;',
    'it is retried with a growing delay); 4 a local problem (keychain, data directory).',
  ].join('\n'),
  options: {
    all: { type: 'boolean' },
    force: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    status: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  },
  help: {
    all: 'every certificate with automatic renewal on (the due ones are renewed)',
    force: 'renew even if not due, and even while renewals are paused',
    verbose: 'also report certificates that are not due',
    quiet: 'no progress line on a terminal; print only failures',
    status: "show each certificate's renewal plan and health, and change nothing",
  },
  async run(ctx) {
    const all = ctx.values.all === true;
    if (ctx.values.status === true) return status(ctx);
    if (!all && ctx.positionals.length === 0)
      throw new UsageError('Say which: --all, or certificate ids or names (see "persistcert list")');
    if (all && ctx.positionals.length > 0) throw new UsageError('Use either --all or certificate ids/names, not both');
    const core = await openCore(ctx);
    const verbose = ctx.values.verbose === true;
    const service = renewalFor(ctx, core, verbose ? (line) => ctx.stderr.write(`${line}\n`) : () => {});
    const progress = batchProgress(ctx.stderr, 'checked', { enabled: all && ctx.values.json !== true && ctx.values.quiet !== true });
    let result;
    try {
      result = await renewNow(core, service, {
        force: ctx.values.force === true,
        certificates: all ? undefined : ctx.positionals,
        respectPause: true,
        onStart: (n) => n > 1 && progress.start(n),
        onOutcome: (o) => progress.item(o.action !== 'failed' && o.action !== 'deploy-failed'),
      });
    } finally {
      progress.finish();
    }
    if ('skipped' in result) {
      ctx.stderr.write('Renewals are paused (tray menu or settings); nothing was done. Resume them, or run with --force.\n');
      return EXIT.ok;
    }
    const { outcomes } = result;
    report(ctx, outcomes, verbose || !all);
    if (outcomes.some((o) => o.action === 'failed' || o.action === 'deploy-failed')) return EXIT.failed;
    if (outcomes.some((o) => o.action === 'busy')) return EXIT.notReady;
    return EXIT.ok;
  },
};

function report(ctx: CommandContext, outcomes: RenewalOutcomeView[], showNotDue: boolean): void {
  if (ctx.values.json) {
    ctx.stdout.write(JSON.stringify(outcomes) + '\n');
    return;
  }
  for (const o of outcomes) {
    if (o.action === 'not-due' && !showNotDue) continue;
    const out = o.action === 'failed' || o.action === 'deploy-failed' || o.action === 'busy' ? ctx.stderr : ctx.stdout;
    if (ctx.values.quiet === true && out === ctx.stdout) continue;
    out.write(`${o.message}\n`);
    if (o.fix) out.write(`  fix: ${o.fix}\n`);
    for (const w of o.warnings) ctx.stderr.write(`  warning: ${w}\n`);
  }
}

async function status(ctx: CommandContext): Promise<number> {
  const core = await openCore(ctx);
  const { paused, items: views } = await renewalStatus(core, renewalFor(ctx, core));
  if (ctx.values.json) {
    ctx.stdout.write(JSON.stringify({ paused, items: views }) + '\n');
    return EXIT.ok;
  }
  if (paused) ctx.stdout.write('Renewals are paused.\n');
  if (views.length === 0) ctx.stdout.write('No certificates to renew.\n');
  for (const v of views) {
    ctx.stdout.write(`${v.certificateId}  ${v.health.padEnd(7)}  ${v.names.join(', ')}\n`);
    ctx.stdout.write(`  renews: ${v.renewAt ?? 'never (automatic renewal is off)'} (${v.reason}); expires ${v.notAfter}\n`);
    if (v.nextCheckAt) ctx.stdout.write(`  next check of renewal information and records: ${v.nextCheckAt}\n`);
    if (v.lastError)
      ctx.stdout.write(`  last error (${v.failures}x): ${v.lastError.message}${v.lastError.fix ? `\n  fix: ${v.lastError.fix}` : ''}\n`);
    for (const w of v.warnings) ctx.stdout.write(`  warning: ${w}\n`);
    if (v.inFlight) ctx.stdout.write('  an order is in flight; the next run finishes it\n');
    if (v.served)
      ctx.stdout.write(`  served (checked ${v.served.at}): ${v.served.results.map((r) => `${r.endpoint} ${r.status}`).join(', ')}\n`);
  }
  return views.some((v) => v.health === 'error') ? EXIT.failed : EXIT.ok;
}

import type { NamePreflight } from '../../core/persist/preflight.ts';
import { checkRecords } from '../../core/usecases/check.ts';
import { EXIT, UsageError, stringOption, type Command, type CommandContext } from '../command.ts';
import { openCore } from '../context.ts';
import { checkerFor, dnsSettings } from '../dns-options.ts';
import { namesOption } from '../names-option.ts';

/** `persistcert check`: is the record visible everywhere, and will the CA accept it? */
export const checkCommand: Command = {
  usage: 'persistcert check -d <name>... [--wait [--timeout <s>] [--interval <s>]] [--no-ca-check] [--dns host:port,...] [--json]',
  options: {
    domain: { type: 'string', short: 'd', multiple: true },
    account: { type: 'string' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    interval: { type: 'string' },
    'no-ca-check': { type: 'boolean' },
  },
  help: {
    domain: 'a name to check (repeat for more)',
    account: 'which account the record must name (id or URL)',
    wait: 're-check until ready or the timeout',
    timeout: 'give up waiting after this many seconds (default 900)',
    interval: 'seconds between checks while waiting (default 10)',
    'no-ca-check': 'do not ask the CA whether it offers dns-persist-01 (no throw-away order)',
  },
  async run(ctx) {
    const names = namesOption(ctx);
    const timeoutS = seconds(ctx, 'timeout', 900);
    const intervalS = seconds(ctx, 'interval', 10);
    // Bad input first: a resolver typo is reported before the data dir is opened.
    const checker = checkerFor(ctx);
    const { resolvers } = dnsSettings(ctx);
    try {
      const core = await openCore(ctx);
      const { ready, results } = await checkRecords(
        core,
        { checker, resolvers },
        {
          accountId: stringOption(ctx.values, 'account'),
          names,
          offerCheck: ctx.values['no-ca-check'] !== true,
          ...(ctx.values.wait === true
            ? {
                wait: {
                  timeoutMs: timeoutS * 1000,
                  intervalMs: intervalS * 1000,
                  onNotReady: (results: NamePreflight[], round: number) => {
                    const waiting = results
                      .filter((r) => !r.ready)
                      .map(
                        (r) =>
                          `${r.name} (${r.propagation.servers.filter((s) => s.status === 'ok').length}/${r.propagation.servers.length} servers ok)`,
                      );
                    ctx.stderr.write(`[check ${round}] not ready yet: ${waiting.join(', ')}; next check in ${intervalS}s\n`);
                  },
                },
              }
            : {}),
        },
      );
      print(ctx, results, ready);
      return ready ? EXIT.ok : EXIT.notReady;
    } finally {
      checker.close();
    }
  },
};

function seconds(ctx: CommandContext, option: string, fallback: number): number {
  const v = stringOption(ctx.values, option);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${option} must be a number of seconds`);
  return n;
}

const MARK = { ok: 'ok', warning: 'warn', error: 'FAIL' } as const;

function print(ctx: CommandContext, results: NamePreflight[], ready: boolean): void {
  if (ctx.values.json) {
    ctx.stdout.write(JSON.stringify({ ready, names: results }) + '\n');
    return;
  }
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.propagation.recordName}${r.propagation.zone ? `  (zone ${r.propagation.zone})` : ''}`);
    const width = Math.max(6, ...r.propagation.servers.map((s) => s.label.length));
    lines.push(`  ${'SERVER'.padEnd(width)}  ${'KIND'.padEnd(13)}  ${'STATUS'.padEnd(14)}  SEEN`);
    for (const s of r.propagation.servers) {
      // Values are already in DNS presentation form (\DDD and \" escapes, as the CA reads them): quote, do not re-escape.
      const seen = s.seen.length ? s.seen.map((v) => `"${v}"`).join(' | ') : '-';
      lines.push(
        `  ${s.label.padEnd(width)}  ${s.kind.padEnd(13)}  ${s.status.padEnd(14)}  ${seen}${s.via ? `  (via CNAME ${s.via})` : ''}`,
      );
    }
    for (const f of r.findings) {
      lines.push(`  [${MARK[f.severity]}] ${f.message}`);
      if (f.rejectedBy?.length)
        lines.push(
          `         refused by ${f.rejectedBy.join(' and ')}${f.acceptedBy?.length ? `; accepted by ${f.acceptedBy.join(' and ')}` : ''}`,
        );
      if (f.fix && f.severity !== 'ok') lines.push(`         fix: ${f.fix}`);
    }
    lines.push(`  ${r.ready ? 'READY' : 'NOT READY'}`, '');
  }
  lines.push(ready ? 'All names are ready: run "persistcert issue".' : 'Not ready yet (exit code 1).', '');
  ctx.stdout.write(lines.join('\n'));
}

import { buildRecords } from '../../core/usecases/records.ts';
import { EXIT, UsageError, stringOption, type Command } from '../command.ts';
import { openCore } from '../context.ts';
import { namesOption } from '../names-option.ts';
import { writeHandoff } from '../handoff.ts';
import { dnsHostJson, lookUpDnsHosts, providerGuideLines } from '../provider-guide.ts';

/** `persistcert record`: the TXT record(s) to publish, once, for each name. */
export const recordCommand: Command = {
  usage:
    'persistcert record -d <name> [-d <name>]... [--account <id>] [--persist-until <YYYY-MM-DD> | --persist-days <n>] [--handoff <file> [--force]] [--json]',
  options: {
    domain: { type: 'string', short: 'd', multiple: true },
    account: { type: 'string' },
    'persist-until': { type: 'string' },
    'persist-days': { type: 'string' },
    handoff: { type: 'string' },
    force: { type: 'boolean' },
  },
  help: {
    domain: 'a name the certificate will cover (wildcards as *.example.com; with example.com it shares one record)',
    account: 'which account the record authorizes (id or URL), when there are several',
    'persist-until':
      'optional last day the CA may use the record (YYYY-MM-DD: until the end of that day, UTC); without it the record never expires',
    'persist-days': 'optional: the CA may use the record for this many days from now',
    handoff: 'also write an instruction sheet for whoever manages the DNS (Markdown if the file ends in .md, else plain text)',
    force: 'replace an existing --handoff file',
  },
  async run(ctx) {
    const names = namesOption(ctx);
    const persistUntil = persistUntilOption(stringOption(ctx.values, 'persist-until'), stringOption(ctx.values, 'persist-days'));
    const core = await openCore(ctx);
    const account = core.accounts.find(stringOption(ctx.values, 'account'));
    const built = await buildRecords(core, { accountId: account.id, names, persistUntil });
    const out = built.names;
    const hosts = await lookUpDnsHosts(
      ctx,
      out.map((o) => o.name),
    );
    const handoff = stringOption(ctx.values, 'handoff');
    if (handoff) {
      const format = await writeHandoff(
        handoff,
        { names: out, accountUrl: account.accountUrl, directoryUrl: account.directoryUrl, hosts, persistUntil },
        ctx.values.force === true,
      );
      ctx.stderr.write(
        `Wrote the instructions for whoever manages the DNS to ${handoff} (${format === 'markdown' ? 'Markdown' : 'plain text'}).\n`,
      );
    }
    if (ctx.values.json) {
      ctx.stdout.write(
        JSON.stringify({ ...built, names: out.map((o) => ({ ...o, dnsHost: dnsHostJson(hosts.find((h) => h.name === o.name)) })) }) + '\n',
      );
      return EXIT.ok;
    }
    const issuers = new Set(out.flatMap((o) => o.records.map((r) => r.issuer)));
    const lines = [
      `Publish ${issuers.size > 1 ? 'ANY ONE of these records' : 'this record'} for each name, once. It lets the ACME account`,
      `${account.accountUrl} get certificates for that name from this CA until you remove it${persistUntil ? ` or until ${new Date(persistUntil * 1000).toISOString().replace('.000Z', 'Z')}` : ''}.`,
      '',
    ];
    for (const o of out) {
      lines.push(`${o.covers.join(' and ')}:${o.covers.length > 1 ? ' (one record for all of them)' : ''}`);
      for (const r of o.records) {
        lines.push(`  Type:  TXT`, `  Name:  ${r.name}`, `  Value: ${r.value}`);
        if (r.strings.length > 1)
          lines.push(`  (longer than 255 characters: enter it as ${r.strings.length} strings, as in the zone-file line)`);
        lines.push(`  Zone file: ${r.zoneFile}`, '');
      }
    }
    lines.push('At your DNS provider:', '', ...providerGuideLines(out, hosts));
    lines.push('Then run: persistcert check -d <name> (it waits for every DNS server to see the record).', '');
    ctx.stdout.write(lines.join('\n'));
    return EXIT.ok;
  },
};

/** --persist-until or --persist-days (not both) as UNIX seconds, or undefined for "no end". */
export function persistUntilOption(until: string | undefined, days: string | undefined, now = Date.now()): number | undefined {
  if (until !== undefined && days !== undefined) throw new UsageError('Use either --persist-until or --persist-days, not both');
  if (days !== undefined) {
    const n = Number(days);
    if (!/^\d+$/.test(days) || n < 1 || n > 36_500)
      throw new UsageError(`--persist-days "${days}" must be a whole number of days from 1 to 36500`);
    return Math.floor(now / 1000) + n * 86_400;
  }
  return parsePersistUntil(until, now);
}

/**
 * YYYY-MM-DD means the END of that day, UTC (the CA may use the record all that day:
 * draft-ietf-acme-dns-persist-01 §4.1 refuses it only after persistUntil); also an ISO timestamp
 * or UNIX seconds, taken as they are.
 */
export function parsePersistUntil(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d{9,11}$/.test(value)) return Number(value);
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59Z` : value);
  if (Number.isNaN(t)) throw new UsageError(`--persist-until "${value}" is not a date; use YYYY-MM-DD (UTC) or UNIX seconds`);
  if (t <= now) throw new UsageError(`--persist-until ${value} is in the past`);
  return Math.floor(t / 1000);
}

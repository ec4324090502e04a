import { adapterFor, recordsFor } from '../../../shared/dns-persist/drafts.ts';
import { splitCharacterStrings, zoneFileLine } from '../../../shared/dns-persist/record.ts';
import { jwkThumbprint } from '../../core/acme/jws.ts';
import { EXIT, UsageError, stringOption, type Command } from '../command.ts';
import { openCore } from '../context.ts';
import { namesOption } from '../names-option.ts';
import { writeHandoff } from '../handoff.ts';
import { dnsHostJson, lookUpDnsHosts, providerGuideLines } from '../provider-guide.ts';

/** `persistcert record`: the TXT record(s) to publish, once, for each name. */
export const recordCommand: Command = {
  usage: 'persistcert record -d <name> [-d <name>]... [--account <id>] [--persist-until <YYYY-MM-DD>] [--handoff <file> [--force]] [--json]',
  options: {
    domain: { type: 'string', short: 'd', multiple: true },
    account: { type: 'string' },
    'persist-until': { type: 'string' },
    handoff: { type: 'string' },
    force: { type: 'boolean' },
  },
  help: {
    domain: 'a name the certificate will cover (wildcards as *.example.com)',
    account: 'which account the record authorizes (id or URL), when there are several',
    'persist-until': 'optional end date for the record (UTC); without it the record never expires',
    handoff: 'also write an instruction sheet for whoever manages the DNS (Markdown if the file ends in .md, else plain text)',
    force: 'replace an existing --handoff file',
  },
  async run(ctx) {
    const names = namesOption(ctx);
    const persistUntil = parsePersistUntil(stringOption(ctx.values, 'persist-until'));
    const core = await openCore(ctx);
    const account = core.accounts.find(stringOption(ctx.values, 'account'));
    const client = core.clientFor(account.directoryUrl);
    try {
      const meta = (await client.directory()).meta ?? {};
      const adapter = adapterFor(meta);
      const issuers = adapter.preliminaryIssuerNames(meta);
      const thumbprint = adapter.id === 'draft-02' ? await jwkThumbprint(await core.accounts.key(account)) : undefined;
      const out = names.map((name) => ({
        name,
        records: recordsFor(name, issuers, { accountUrl: account.accountUrl, keyThumbprint: thumbprint }, meta, { persistUntil }),
      }));
      const hosts = await lookUpDnsHosts(ctx, names);
      const handoff = stringOption(ctx.values, 'handoff');
      if (handoff) {
        const format = await writeHandoff(handoff, { names: out.map((o) => ({ name: o.name, records: o.records.map((r) => ({ ...r, zoneFile: zoneFileLine(o.name, r.value) })) })), accountUrl: account.accountUrl, directoryUrl: account.directoryUrl, hosts, persistUntil }, ctx.values.force === true);
        ctx.stderr.write(`Wrote the instructions for whoever manages the DNS to ${handoff} (${format === 'markdown' ? 'Markdown' : 'plain text'}).\n`);
      }
      if (ctx.values.json) {
        ctx.stdout.write(
          JSON.stringify({
            draft: adapter.id,
            accountUrl: account.accountUrl,
            names: out.map((o) => ({
              name: o.name,
              records: o.records.map((r) => ({ name: r.name, issuer: r.issuer, value: r.value, strings: splitCharacterStrings(r.value), zoneFile: zoneFileLine(o.name, r.value) })),
              dnsHost: dnsHostJson(hosts.find((h) => h.name === o.name)),
            })),
          }) + '\n',
        );
        return EXIT.ok;
      }
      const lines = [
        `Publish ${issuers.length > 1 ? 'ANY ONE of these records' : 'this record'} for each name, once. It lets the ACME account`,
        `${account.accountUrl} get certificates for that name from this CA until you remove it${persistUntil ? ` or until ${new Date(persistUntil * 1000).toISOString().slice(0, 10)}` : ''}.`,
        '',
      ];
      for (const o of out) {
        lines.push(`${o.name}:`);
        for (const r of o.records) {
          lines.push(`  Type:  TXT`, `  Name:  ${r.name}`, `  Value: ${r.value}`);
          const parts = splitCharacterStrings(r.value);
          if (parts.length > 1) lines.push(`  (longer than 255 characters: enter it as ${parts.length} strings, as in the zone-file line)`);
          lines.push(`  Zone file: ${zoneFileLine(o.name, r.value)}`, '');
        }
      }
      lines.push('At your DNS provider:', '', ...providerGuideLines(out, hosts));
      lines.push('Then run: persistcert check -d <name> (it waits for every DNS server to see the record).', '');
      ctx.stdout.write(lines.join('\n'));
      return EXIT.ok;
    } finally {
      client.close();
    }
  },
};

/** YYYY-MM-DD (UTC midnight), an ISO timestamp, or UNIX seconds. */
export function parsePersistUntil(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d{9,11}$/.test(value)) return Number(value);
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) throw new UsageError(`--persist-until "${value}" is not a date; use YYYY-MM-DD (UTC) or UNIX seconds`);
  if (t <= Date.now()) throw new UsageError(`--persist-until ${value} is in the past`);
  return Math.floor(t / 1000);
}

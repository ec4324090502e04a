import type { DnsHostView } from '../../shared/api/views.ts';
import { groupRecordsByZone, providerForm } from '../../shared/dns-provider-form.ts';
import { providerById, type DnsProvider } from '../../shared/dns-providers.ts';
import { dnsHosts } from '../core/usecases/dns-hosts.ts';
import type { CommandContext } from './command.ts';
import { dnsSettings } from './dns-options.ts';

type NamedRecords = readonly { name: string; records: readonly { name: string; value: string }[] }[];

/** Who hosts each name's zone, asked of the resolvers from --dns / --auth-port. */
export async function lookUpDnsHosts(ctx: CommandContext, names: readonly string[]): Promise<DnsHostView[]> {
  return dnsHosts(dnsSettings(ctx), { names });
}

export const providersOf = (host: DnsHostView['host']): DnsProvider[] =>
  (host?.providerIds ?? []).map(providerById).filter((p): p is DnsProvider => !!p);

/** "What to type in your provider's form", per zone, as plain lines (also used by the hand-off sheet). */
export function providerGuideLines(names: NamedRecords, hosts: readonly DnsHostView[]): string[] {
  const lines: string[] = [];
  for (const g of groupRecordsByZone(names, hosts)) {
    const providers = providersOf(g.host);
    const zone = g.host?.zone;
    if (providers.length) {
      lines.push(`${zone} is hosted at ${providers.map((p) => p.name).join(' or ')} (name servers ${g.host!.nameservers.join(', ')}).`);
      if (providers.length > 1) lines.push('These name servers are shared: follow the one where you manage the domain.');
    } else if (g.host) {
      lines.push(
        `${zone}: name servers ${g.host.nameservers.join(', ')} (not a provider PersistCert recognises): enter the record as shown above.`,
      );
    } else {
      lines.push(`The DNS provider could not be looked up (${g.reason ?? 'no answer'}): enter the record as shown above.`);
    }
    if (!providers.length) {
      const notes = new Set(
        g.entries.map((e) => providerForm(undefined, zone, e.recordName, e.value).fields[1]?.note).filter((n): n is string => !!n),
      );
      lines.push(...notes, '');
    }
    for (const p of providers) {
      lines.push('', `In ${p.where}:`);
      for (const e of g.entries) {
        const form = providerForm(p, zone, e.recordName, e.value);
        const width = Math.max(...form.fields.map((f) => f.label.length)) + 2;
        for (const f of form.fields) {
          lines.push(`  ${`${f.label}:`.padEnd(width)}${f.text}`);
          if (f.note) lines.push(`  ${' '.repeat(width)}(${f.note})`);
        }
        lines.push('');
      }
      lines.push(`  ${p.name}'s help on TXT records: ${p.helpUrl}`, '');
    }
  }
  return lines;
}

/** The JSON form of a name's DNS host, for `record --json`. */
export function dnsHostJson(view: DnsHostView | undefined): unknown {
  if (!view?.host) return { zone: null, nameservers: [], providers: [], ...(view?.reason ? { error: view.reason } : {}) };
  return {
    zone: view.host.zone,
    nameservers: view.host.nameservers,
    providers: providersOf(view.host).map((p) => ({ id: p.id, name: p.name, helpUrl: p.helpUrl })),
  };
}

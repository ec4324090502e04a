/**
 * The hand-off sheet: everything the person who manages the DNS needs to publish the
 * dns-persist-01 records (draft-ietf-acme-dns-persist-01 §4), self-contained, as Markdown or
 * plain text: the records verbatim, what to type at their provider, the zone-file lines, a `dig`
 * line to verify, what happens next, and optional CAA hardening (RFC 8659 §4 with the RFC 8657
 * accounturi and validationmethods parameters, as the draft's CAA section suggests).
 */
import type { DnsHostView } from './api/views.ts';
import { groupRecordsByZone, providerForm } from './dns-provider-form.ts';
import { providerById, type DnsProvider } from './dns-providers.ts';

export interface HandoffInput {
  names: readonly { name: string; records: readonly { name: string; issuer: string; value: string; zoneFile: string }[] }[];
  accountUrl: string;
  /** The CA's directory URL (named so the reader knows which CA). */
  directoryUrl: string;
  hosts: readonly DnsHostView[];
  /** UNIX seconds: the records stop counting then. */
  persistUntil?: number | undefined;
}

export type HandoffFormat = 'markdown' | 'text';

type Block = { h: 1 | 2 | 3; text: string } | { p: string } | { code: string[] } | { list: string[] };

/** The `dig` command that asks one authoritative server for the record, and which server that is. */
export function digLine(recordName: string, host: DnsHostView['host']): { command: string; server: string | null } {
  const s = host?.server;
  if (s) return { command: `dig +short TXT ${recordName} @${s.address}${s.port === 53 ? '' : ` -p ${s.port}`}`, server: s.name };
  const ns = host?.nameservers[0];
  return { command: `dig +short TXT ${recordName}${ns ? ` @${ns}` : ''}`, server: ns ?? null };
}

/** The CAA records that would limit issuance for `name` to this CA, this account and dns-persist-01. */
export function caaHardening(name: string, issuer: string, accountUrl: string): string[] {
  const base = name.replace(/^\*\./, '').toLowerCase();
  const property = `"${issuer}; accounturi=${accountUrl}; validationmethods=dns-persist-01"`;
  const lines = [`${base}. 3600 IN CAA 0 issue ${property}`];
  if (name.startsWith('*.')) lines.push(`${base}. 3600 IN CAA 0 issuewild ${property}`);
  return lines;
}

function blocks(input: HandoffInput): Block[] {
  const all = input.names.map((n) => n.name);
  const caHost = safeHost(input.directoryUrl);
  const out: Block[] = [
    { h: 1, text: `DNS records to publish for ${all.join(', ')}` },
    {
      p:
        `Please add the TXT record${input.names.some((n) => n.records.length > 1) || input.names.length > 1 ? 's' : ''} below once and leave ${input.names.length > 1 ? 'them' : 'it'} in place. ` +
        `${input.names.length > 1 ? 'They let' : 'It lets'} the certificate authority at ${caHost} issue TLS certificates for these names to one ACME account, ` +
        `${input.accountUrl}, and renew them with no further DNS changes.` +
        (input.persistUntil
          ? ` The record stops counting on ${new Date(input.persistUntil * 1000).toISOString().slice(0, 10)} (UTC).`
          : ''),
    },
  ];
  for (const g of groupRecordsByZone(input.names, input.hosts)) {
    const providers = (g.host?.providerIds ?? []).map(providerById).filter((p): p is DnsProvider => !!p);
    const zone = g.host?.zone;
    out.push({ h: 2, text: zone ? `In the zone ${zone}` : 'The records' });
    if (g.host)
      out.push({
        p: `Name servers: ${g.host.nameservers.join(', ')}${providers.length ? ` (${providers.map((p) => p.name).join(' or ')})` : ''}.`,
      });
    for (const e of g.entries) {
      out.push({ h: 3, text: e.recordName });
      out.push({ list: ['Type: TXT', `Name: ${e.recordName}`, 'Value (exactly, without the surrounding quotes):'] });
      out.push({ code: [e.value] });
      const zoneFile = input.names.flatMap((n) => n.records).find((r) => r.name === e.recordName && r.value === e.value)?.zoneFile;
      if (zoneFile) out.push({ p: 'As a zone-file line:' }, { code: [zoneFile] });
      for (const p of providers) {
        const form = providerForm(p, zone, e.recordName, e.value);
        out.push({ p: `At ${p.name} (${p.where}):` });
        out.push({
          list: [...form.fields.map((f) => `${f.label}: ${f.text}${f.note ? ` (${f.note})` : ''}`), `${p.name}'s help: ${p.helpUrl}`],
        });
      }
      const nameHint = providers.length ? undefined : providerForm(undefined, zone, e.recordName, e.value).fields[1]?.note;
      if (nameHint) out.push({ p: `In a provider's web form: ${nameHint}` });
      const dig = digLine(e.recordName, g.host);
      out.push({
        p: `To check it, ask ${dig.server ? `the authoritative server ${dig.server}` : 'DNS'}; the answer must be the value above, in quotes (a long value as several quoted pieces):`,
      });
      out.push({ code: [dig.command] });
    }
  }
  out.push(
    { h: 2, text: 'What happens next' },
    {
      list: [
        'Once every authoritative server of the zone answers with the record, the certificate is issued; renewals then happen on their own.',
        'Keep the record: removing or changing it stops renewals. It grants nothing to anyone but the account named in it.',
        'The record holds no secret; sending this sheet by email is fine.',
      ],
    },
  );
  const issuers = [...new Set(input.names.flatMap((n) => n.records.map((r) => r.issuer)))];
  if (issuers.length) {
    out.push(
      { h: 2, text: 'Optional hardening: a CAA record' },
      {
        p:
          'A CAA record can allow only this CA, only this ACME account and only this validation method to get certificates for these names. ' +
          'It stops other CAs, other accounts (even at the same CA) and other ways of proving control, such as someone able to serve files on the web site, from getting a certificate. ' +
          'It also blocks every other CA or account you use today for these names or the names below them, so list those too (one "issue" record each) before adding it. ' +
          'If the zone already has CAA records, add to them rather than replacing them.',
      },
      { code: input.names.flatMap((n) => caaHardening(n.name, issuers[0]!, input.accountUrl)).filter((l, i, a) => a.indexOf(l) === i) },
    );
  }
  return out;
}

function safeHost(url: string): string {
  const m = /^https?:\/\/([^/]+)/i.exec(url);
  return m ? m[1]! : url;
}

export function handoffSheet(input: HandoffInput, format: HandoffFormat): string {
  const lines: string[] = [];
  for (const b of blocks(input)) {
    if ('h' in b)
      lines.push(
        format === 'markdown'
          ? `${'#'.repeat(b.h)} ${b.text}`
          : b.h === 1
            ? `${b.text}\n${'='.repeat(b.text.length)}`
            : b.h === 2
              ? `${b.text}\n${'-'.repeat(b.text.length)}`
              : `${b.text}:`,
      );
    else if ('p' in b) lines.push(b.p);
    else if ('code' in b)
      lines.push(format === 'markdown' ? ['```', ...b.code, '```'].join('\n') : b.code.map((l) => `    ${l}`).join('\n'));
    else lines.push(b.list.map((l) => `- ${l}`).join('\n'));
    lines.push('');
  }
  return lines.join('\n');
}

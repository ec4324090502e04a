import { quoteCharacterString, splitCharacterStrings } from './dns-persist/record.ts';
import type { DnsHostView } from './api/views.ts';
import type { DnsProvider } from './dns-providers.ts';

/** One field of a provider's "add record" form and exactly what to type into it. */
export interface FormField {
  label: string;
  text: string;
  note?: string;
}

export interface ProviderForm {
  /** Where the form lives; null when the provider is unknown. */
  where: string | null;
  fields: FormField[];
  helpUrl: string | null;
}

const TTL_NOTE = 'The record stays for years, so how long resolvers cache it hardly matters.';

/** The record name as a form wants it: relative to the zone ("@" for the apex), or in full. */
export function nameForForm(recordName: string, zone: string | undefined, form: 'relative' | 'fqdn'): string {
  const name = recordName.toLowerCase().replace(/\.$/, '');
  const z = zone?.toLowerCase().replace(/\.$/, '');
  if (form === 'fqdn' || !z) return name;
  if (name === z) return '@';
  return name.endsWith(`.${z}`) ? name.slice(0, -z.length - 1) : name;
}

/**
 * What to type in the provider's form for one TXT record. Without a provider (unknown or not
 * detected) the fields say both ways of writing the name, as most forms take one or the other.
 */
export function providerForm(provider: DnsProvider | undefined, zone: string | undefined, recordName: string, value: string): ProviderForm {
  // More than one character-string: longer than 255 octets (RFC 1035 §3.3).
  const strings = splitCharacterStrings(value);
  const long = strings.length > 1;
  if (!provider) {
    const relative = nameForForm(recordName, zone, 'relative');
    return {
      where: null,
      fields: [
        { label: 'Type', text: 'TXT' },
        {
          label: 'Name',
          text: relative,
          ...(zone && relative !== recordName
            ? {
                note: `If the form shows ".${zone}" after the box, type ${relative}; if it wants the whole name, type ${recordName} (no dot at the end).`,
              }
            : {}),
        },
        {
          label: 'Value',
          text: value,
          note: long
            ? `Longer than 255 characters: if the form refuses it, enter it as ${strings.length} quoted strings on one line: ${strings.map(quoteCharacterString).join(' ')}`
            : 'Paste it as shown. If the form wants quotes, put the whole value in double quotes.',
        },
        { label: 'TTL', text: 'Default', note: TTL_NOTE },
      ],
      helpUrl: null,
    };
  }
  const quoted = provider.quotes === 'required';
  const valueText = quoted ? strings.map(quoteCharacterString).join(' ') : value;
  const valueNote = quoted
    ? long
      ? `${provider.name} wants the value in double quotes and does not split long values: it is ${strings.length} quoted strings, exactly as shown.`
      : `${provider.name} wants the value in double quotes, exactly as shown.`
    : long && provider.splitsLongValues !== true
      ? `Without quotes. It is longer than 255 characters; if ${provider.name} refuses it, enter ${strings.map(quoteCharacterString).join(' ')} instead.`
      : `Without quotes: ${provider.name} adds them${long ? ' and splits long values itself' : ''}.`;
  return {
    where: provider.where,
    fields: [
      { label: provider.fields.type, text: 'TXT' },
      {
        label: provider.fields.name,
        text: nameForForm(recordName, zone, provider.nameForm),
        ...(provider.nameNote ? { note: provider.nameNote } : {}),
      },
      { label: provider.fields.value, text: valueText, note: valueNote },
      { label: provider.fields.ttl, text: provider.ttl, note: TTL_NOTE },
    ],
    helpUrl: provider.helpUrl,
  };
}

/** One zone and the records to add there: names in one zone share one provider's form. */
export interface ZoneRecords {
  key: string;
  host: DnsHostView['host'];
  reason?: string;
  entries: { recordName: string; value: string }[];
}

/** Groups records by the zone that holds them, each distinct record once. */
export function groupRecordsByZone(
  names: readonly { name: string; records: readonly { name: string; value: string }[] }[],
  hosts: readonly DnsHostView[],
): ZoneRecords[] {
  const groups = new Map<string, ZoneRecords>();
  for (const v of names) {
    const h = hosts.find((x) => x.name === v.name);
    const key = h?.host?.zone ?? `?${v.name}`;
    const g = groups.get(key) ?? { key, host: h?.host ?? null, ...(h?.reason ? { reason: h.reason } : {}), entries: [] };
    for (const r of v.records)
      if (!g.entries.some((e) => e.recordName === r.name && e.value === r.value)) g.entries.push({ recordName: r.name, value: r.value });
    groups.set(key, g);
  }
  return [...groups.values()];
}

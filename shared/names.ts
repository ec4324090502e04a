import { punycodeEncode } from './punycode.ts';

/**
 * Domain names as users type them and as ACME and DNS need them. Pure: used by the renderer for
 * instant validation and by the core before anything is sent.
 */

export type NameCheck =
  | { ok: true; ascii: string; unicode: string; wildcard: boolean }
  | { ok: false; input: string; error: string };

const LABEL_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Normalizes a DNS name for a certificate: trims, lowercases, NFC, IDN labels to A-labels
 * (RFC 5891, punycode RFC 3492), drops one trailing dot, allows one leading `*.` label.
 */
export function checkDnsName(input: string): NameCheck {
  const raw = input.trim();
  const fail = (error: string): NameCheck => ({ ok: false, input, error });
  if (raw === '') return fail('Enter a domain name, e.g. www.example.com');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return fail(`Enter just the name, without "${raw.split('//')[0]}//"`);
  if (/[/\s@:]/.test(raw)) return fail('A domain name has no spaces, slashes, "@" or ":"; enter just the name, e.g. example.com');
  let name = raw.normalize('NFC').toLowerCase().replace(/[\u3002\uff0e\uff61]/g, '.');
  if (name.endsWith('.')) name = name.slice(0, -1);
  let wildcard = false;
  if (name.startsWith('*.')) {
    wildcard = true;
    name = name.slice(2);
  }
  if (name.includes('*')) return fail('A wildcard may only be the whole first label, as in *.example.com');
  const labels = name.split('.');
  if (labels.length < 2) return fail(`"${raw}" has a single label; a certificate needs a full name such as ${name || 'www'}.example.com`);
  const ascii: string[] = [];
  for (const label of labels) {
    if (label === '') return fail('The name has an empty label (two dots in a row, or a leading dot)');
    let a = label;
    if (/[^\x00-\x7f]/.test(label)) {
      try {
        a = `xn--${punycodeEncode(label)}`;
      } catch {
        return fail(`The label "${label}" cannot be turned into an internationalized (punycode) label`);
      }
    }
    if (a.length > 63) return fail(`The label "${label}" is longer than 63 characters`);
    if (!LABEL_RE.test(a)) {
      return fail(`The label "${label}" may only hold letters, digits and inner hyphens (no "_" or leading/trailing "-")`);
    }
    ascii.push(a);
  }
  const asciiName = ascii.join('.');
  if (asciiName.length > 253) return fail('The name is longer than 253 characters');
  if (/^\d+$/.test(ascii[ascii.length - 1]!)) return fail('That looks like an IP address; dns-persist-01 validates DNS names only');
  const prefix = wildcard ? '*.' : '';
  return { ok: true, ascii: prefix + asciiName, unicode: prefix + name, wildcard };
}

/** The name without a wildcard label: where records and CAA are looked up. */
export function baseName(name: string): string {
  return name.startsWith('*.') ? name.slice(2) : name;
}

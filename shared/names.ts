/**
 * Domain names as users type them and as ACME and DNS need them. Pure: used by the renderer for
 * instant validation and by the core before anything is sent.
 */

export type NameCheck = { ok: true; ascii: string; unicode: string; wildcard: boolean } | { ok: false; input: string; error: string };

const LABEL_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Normalizes a DNS name for a certificate: trims, lowercases, NFC, IDN labels to A-labels,
 * drops one trailing dot, allows one leading `*.` label. Labels go through the URL standard's
 * host parser, i.e. UTS #46 processing (mapping, so fullwidth "ｗｗｗ" is "www") and RFC 3492
 * punycode, which browsers, Electron and Node all implement; see docs/decisions/0003.
 */
export function checkDnsName(input: string): NameCheck {
  const raw = input.trim();
  const fail = (error: string): NameCheck => ({ ok: false, input, error });
  if (raw === '') return fail('Enter a domain name, e.g. www.example.com');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return fail(`Enter just the name, without "${raw.split('//')[0]}//"`);
  if (/[/\s@:]/.test(raw)) return fail('A domain name has no spaces, slashes, "@" or ":"; enter just the name, e.g. example.com');
  const forbidden = /[?#%[\]\\^|<>"`{}]/.exec(raw);
  if (forbidden) return fail(`A domain name cannot hold "${forbidden[0]}"; use letters, digits, hyphens and dots`);
  let name = raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u3002\uff0e\uff61]/g, '.');
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
  const unicode: string[] = [];
  for (const label of labels) {
    if (label === '') return fail('The name has an empty label (two dots in a row, or a leading dot)');
    const a = labelToAscii(label);
    if (a === undefined) return fail(`The label "${label}" cannot be turned into an internationalized (punycode) label`);
    if (a.length > 63) return fail(`The label "${label}" is longer than 63 characters`);
    if (!LABEL_RE.test(a)) {
      return fail(`The label "${label}" may only hold letters, digits and inner hyphens (no "_" or leading/trailing "-")`);
    }
    ascii.push(a);
    // What people read: the mapped label (NFKC folds fullwidth and compatibility forms, as UTS #46 does).
    unicode.push(a.startsWith('xn--') ? label.normalize('NFKC').toLowerCase() : a);
  }
  const asciiName = ascii.join('.');
  if (asciiName.length > 253) return fail('The name is longer than 253 characters');
  if (/^\d+$/.test(ascii[ascii.length - 1]!)) return fail('That looks like an IP address; dns-persist-01 validates DNS names only');
  const prefix = wildcard ? '*.' : '';
  return { ok: true, ascii: prefix + asciiName, unicode: prefix + unicode.join('.'), wildcard };
}

/** The name without a wildcard label: where records and CAA are looked up. */
export function baseName(name: string): string {
  return name.startsWith('*.') ? name.slice(2) : name;
}

/**
 * One label to its A-label by the URL standard's domain-to-ASCII (UTS #46, non-transitional,
 * CheckHyphens off: our own rule checks hyphens). A label that maps to more than one label
 * ("⒈" is "1.") or is refused (disallowed code points, bad punycode) gives undefined.
 */
/** The WHATWG URL class, in browsers, Electron and Node alike; its type lives in the DOM and Node libraries, which shared/ does not load. */
type HostParser = new (input: string) => { readonly hostname: string };
const { URL: WhatwgUrl } = globalThis as typeof globalThis & { URL: HostParser };

function labelToAscii(label: string): string | undefined {
  if (/^[a-z0-9-]+$/.test(label) && !label.startsWith('xn--')) return label;
  let host: string;
  try {
    host = new WhatwgUrl(`http://${label}.invalid/`).hostname;
  } catch {
    return undefined;
  }
  const mapped = host.slice(0, -'.invalid'.length);
  return mapped === '' || mapped.includes('.') ? undefined : mapped;
}

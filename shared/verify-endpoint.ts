import { checkDnsName } from './names.ts';

/**
 * A TLS endpoint where a deployed certificate should be served: `host:port`, an optional SNI
 * name, and optionally STARTTLS for SMTP (RFC 3207) or IMAP (RFC 9051 §6.2.1). Written as
 * `host:port[,sni=name][,starttls=smtp|imap]` in the CLI and the Renewal & deploy form.
 */
export interface VerifyEndpoint {
  host: string;
  port: number;
  sni?: string;
  starttls?: StartTls;
}

export type StartTls = 'smtp' | 'imap';

export type VerifyEndpointCheck = { ok: true; endpoint: VerifyEndpoint } | { ok: false; error: string };

const EXAMPLE = 'e.g. www.example.com:443, mail.example.com:587,starttls=smtp or 192.0.2.10:443,sni=www.example.com';

export function parseVerifyEndpoint(text: string): VerifyEndpointCheck {
  const fail = (error: string): VerifyEndpointCheck => ({ ok: false, error });
  const [target = '', ...options] = text
    .trim()
    .split(',')
    .map((p) => p.trim());
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+)):(\d{1,5})$/i.exec(target);
  if (!m) return fail(`"${target}" is not host:port; ${EXAMPLE}`);
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return fail(`Port ${m[3]} is out of range; use 1 to 65535`);
  let host = m[1] ?? m[2]!;
  if (m[2] !== undefined && !isIPv4(host)) {
    const name = checkDnsName(host);
    if (!name.ok || name.wildcard)
      return fail(`"${host}" is not a host name or IP address: ${name.ok ? 'a wildcard cannot be connected to' : name.error}`);
    host = name.ascii;
  }
  const endpoint: VerifyEndpoint = { host, port };
  for (const option of options) {
    const [key, value = ''] = option.split('=', 2).map((s) => s.trim());
    if (key === 'sni') {
      const name = checkDnsName(value);
      if (!name.ok || name.wildcard) return fail(`sni=${value}: ${name.ok ? 'a server name cannot be a wildcard' : name.error}`);
      endpoint.sni = name.ascii;
    } else if (key === 'starttls') {
      if (value !== 'smtp' && value !== 'imap')
        return fail(`starttls=${value}: use starttls=smtp (ports 25, 587) or starttls=imap (port 143)`);
      endpoint.starttls = value;
    } else {
      return fail(`Unknown option "${option}"; use sni=<name> or starttls=smtp|imap`);
    }
  }
  return { ok: true, endpoint };
}

export function formatVerifyEndpoint(e: VerifyEndpoint): string {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return [`${host}:${e.port}`, ...(e.sni ? [`sni=${e.sni}`] : []), ...(e.starttls ? [`starttls=${e.starttls}`] : [])].join(',');
}

function isIPv4(host: string): boolean {
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(host) && host.split('.').every((o) => Number(o) <= 255);
}

import { isIP } from 'node:net';
import type { CaaRecord } from 'node:dns';
import type { Resolver } from 'node:dns/promises';
import { lazyBuiltin } from '../lazy-builtin.ts';

// Loaded by the first query: a command that may check (issue --no-precheck) often never does.
const dnsPromises = lazyBuiltin<typeof import('node:dns/promises')>('node:dns/promises');

/** One DNS server to ask: an address and a port (53 for real servers). */
export interface DnsServer {
  address: string;
  port: number;
}

export interface DnsOptions {
  timeoutMs?: number;
  tries?: number;
}

/** Why a query gave no answer, in the terms a user can act on. */
export type DnsFailure = 'nxdomain' | 'nodata' | 'refused' | 'timeout' | 'servfail' | 'error';

export class DnsQueryError extends Error {
  override name = 'DnsQueryError';
  constructor(
    readonly failure: DnsFailure,
    readonly server: DnsServer,
    readonly qname: string,
    readonly qtype: string,
    code: string,
  ) {
    super(`${qtype} ${qname} @${formatServer(server)}: ${code}`);
  }
}

export function formatServer(s: DnsServer): string {
  const host = s.address.includes(':') ? `[${s.address}]` : s.address;
  return s.port === 53 ? host : `${host}:${s.port}`;
}

/** Parses "host", "host:port", "[v6]" or "[v6]:port" as given on the command line. */
export function parseServer(text: string, defaultPort = 53): DnsServer {
  const t = text.trim();
  const syntax = () =>
    new Error(`"${text}" is not a DNS server: write an IP address, ip:port or [ipv6]:port (e.g. 9.9.9.9 or 127.0.0.1:5353)`);
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  const v4 = /^([^:\s]+)(?::(\d+))?$/.exec(t);
  const [address, portText] = v6 ? [v6[1]!, v6[2]] : v4 ? [v4[1]!, v4[2]] : [t, undefined]; // else a bare IPv6
  // Resolvers are asked by address (Resolver.setServers takes no names), so anything else is a typo.
  if (isIP(address) === 0) throw syntax();
  const port = portText ? Number(portText) : defaultPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`"${text}" has an invalid port: use 1 to 65535`);
  return { address, port };
}

/**
 * Asks one specific server (never the system's resolver chain), so each authoritative server
 * and each resolver can be checked on its own. Resolvers are cached per server.
 */
export class DnsClient {
  private readonly resolvers = new Map<string, Resolver>();
  constructor(private readonly options: DnsOptions = {}) {}

  private resolver(server: DnsServer): Resolver {
    const key = formatServer(server);
    let r = this.resolvers.get(key);
    if (!r) {
      r = new (dnsPromises().Resolver)({ timeout: this.options.timeoutMs ?? 2000, tries: this.options.tries ?? 2 });
      r.setServers([
        server.port === 53 ? server.address : `${server.address.includes(':') ? `[${server.address}]` : server.address}:${server.port}`,
      ]);
      this.resolvers.set(key, r);
    }
    return r;
  }

  /** TXT RRs, each with its character-strings joined without separator (-01 §9.1). */
  async txt(server: DnsServer, name: string): Promise<string[]> {
    const rrs = await this.run(server, name, 'TXT', (r) => r.resolveTxt(name));
    return rrs.map((chunks) => chunks.join(''));
  }

  /**
   * TXT RRs as their character-strings, each char one octet: c-ares hands Node the raw bytes and
   * Node makes a one-byte (Latin-1) string of them, so nothing is lost or decoded as UTF-8.
   */
  async txtStrings(server: DnsServer, name: string): Promise<string[][]> {
    return this.run(server, name, 'TXT', (r) => r.resolveTxt(name));
  }

  async cname(server: DnsServer, name: string): Promise<string | undefined> {
    try {
      const [target] = await this.run(server, name, 'CNAME', (r) => r.resolveCname(name));
      return target?.replace(/\.$/, '').toLowerCase();
    } catch (err) {
      if (err instanceof DnsQueryError && (err.failure === 'nodata' || err.failure === 'nxdomain')) return undefined;
      throw err;
    }
  }

  async ns(server: DnsServer, name: string): Promise<string[]> {
    return (await this.run(server, name, 'NS', (r) => r.resolveNs(name))).map((n) => n.replace(/\.$/, '').toLowerCase());
  }

  async addresses(server: DnsServer, name: string): Promise<string[]> {
    const out: string[] = [];
    for (const [qtype, q] of [
      ['A', (r: Resolver) => r.resolve4(name)],
      ['AAAA', (r: Resolver) => r.resolve6(name)],
    ] as const) {
      try {
        out.push(...(await this.run(server, name, qtype, q)));
      } catch (err) {
        if (!(err instanceof DnsQueryError) || (err.failure !== 'nodata' && err.failure !== 'nxdomain')) throw err;
      }
    }
    return out;
  }

  async caa(server: DnsServer, name: string): Promise<CaaRecord[]> {
    return this.run(server, name, 'CAA', (r) => r.resolveCaa(name));
  }

  private async run<T>(server: DnsServer, name: string, qtype: string, q: (r: Resolver) => Promise<T>): Promise<T> {
    try {
      return await q(this.resolver(server));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'ERROR';
      throw new DnsQueryError(failureOf(code), server, name, qtype, code);
    }
  }

  close(): void {
    for (const r of this.resolvers.values()) r.cancel();
    this.resolvers.clear();
  }
}

function failureOf(code: string): DnsFailure {
  switch (code) {
    case 'ENOTFOUND':
      return 'nxdomain';
    case 'ENODATA':
      return 'nodata';
    case 'EREFUSED':
      return 'refused';
    case 'ETIMEOUT':
    case 'ECONNREFUSED':
      return 'timeout';
    case 'ESERVFAIL':
      return 'servfail';
    default:
      return 'error';
  }
}

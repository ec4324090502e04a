import { evaluateRecords, type Expectation, type RecordNote, type RecordStatus } from '../../../shared/dns-persist/evaluate.ts';
import type { CaNameOutcome, CaId } from '../../../shared/dns-persist/ca-rules.ts';
import { presentOctets } from '../../../shared/dns-persist/presentation.ts';
import { validationDomainName } from '../../../shared/dns-persist/record.ts';
import { DnsClient, DnsQueryError, formatServer, type DnsServer } from './dns-client.ts';
import { findZoneServers, ZoneDiscoveryError, type ZoneServers } from './zone.ts';

export interface PropagationTarget {
  /** The certificate name (a wildcard's record lives at its base name). */
  name: string;
  /** Issuer names any one of which the CA accepts. */
  issuers: string[];
  accountUri: string;
}

export interface ServerCheck {
  kind: 'authoritative' | 'resolver';
  /** What to show: the nameserver's name, or the resolver's address. */
  label: string;
  server: DnsServer;
  status: RecordStatus;
  /**
   * The TXT values this server returned (character-strings joined), in the presentation form the
   * CAs' DNS library gives them: `\DDD` for bytes outside printable ASCII (presentation.ts).
   */
  seen: string[];
  detail?: string;
  /** What to change, when status is not ok. */
  fix?: string;
  /** Known CAs that reject / accept, when they disagree. */
  rejectedBy?: string[];
  acceptedBy?: string[];
  /** Warnings about records the CAs accept. */
  notes?: RecordNote[];
  /** What each known CA would answer. */
  cas?: Record<CaId, CaNameOutcome>;
  /** When status is ok: the persistUntil after which no accepted record is left. */
  usableUntil?: number;
  /** The CNAME target the record was read from, if the name is an alias. */
  via?: string;
}

/** The record name is an alias that leads nowhere: a loop, or a target nobody can resolve. */
class AliasError extends Error {
  constructor(
    readonly detail: string,
    readonly fix: string,
    readonly via: string,
  ) {
    super(detail);
  }
}

export interface PropagationResult {
  name: string;
  recordName: string;
  zone?: string;
  servers: ServerCheck[];
  /** Every authoritative server and every reachable resolver sees a record the CA will accept. */
  ready: boolean;
  /** Set when the zone or its servers could not be found at all. */
  problem?: string;
  checkedAt: string;
}

export interface PropagationOptions {
  /** Recursive resolvers to ask, and to use for finding the zone's servers. */
  resolvers: DnsServer[];
  /** Port for authoritative servers (53 on the Internet; tests use their own). */
  authoritativePort?: number;
  timeoutMs?: number;
  now?: () => Date;
}

const MAX_CNAME_HOPS = 8;

/**
 * Checks that a dns-persist-01 record is visible where the CA will look: every authoritative
 * server of the zone, asked directly (so a lagging secondary shows up), and each configured
 * resolver. Each answer is judged with the same parser and rules as the CA's.
 */
export class PropagationChecker {
  private readonly client: DnsClient;
  private readonly zones = new Map<string, Promise<ZoneServers>>();
  constructor(private readonly options: PropagationOptions) {
    this.client = new DnsClient({ timeoutMs: options.timeoutMs ?? 2000, tries: 2 });
  }

  async check(target: PropagationTarget): Promise<PropagationResult> {
    const recordName = validationDomainName(target.name);
    const now = this.options.now?.() ?? new Date();
    const expect: Expectation = {
      issuers: target.issuers,
      accountUri: target.accountUri,
      wildcard: target.name.startsWith('*.'),
      // The CA's clock has sub-second precision: a persistUntil in this second already fails.
      now: Math.floor(now.getTime() / 1000),
    };
    const base = { name: target.name, recordName, checkedAt: now.toISOString() };
    let zone: ZoneServers;
    try {
      zone = await this.zoneOf(recordName);
    } catch (err) {
      if (!(err instanceof ZoneDiscoveryError)) throw err;
      const resolverRows = await Promise.all(
        this.options.resolvers.map((s) => this.row('resolver', formatServer(s), s, recordName, expect)),
      );
      return { ...base, servers: resolverRows, ready: false, problem: err.message };
    }
    const port = this.options.authoritativePort ?? 53;
    const authRows = zone.nameservers.flatMap((ns) =>
      ns.addresses.length
        ? ns.addresses.map((address) => this.row('authoritative', ns.name, { address, port }, recordName, expect))
        : [
            Promise.resolve<ServerCheck>({
              kind: 'authoritative',
              label: ns.name,
              server: { address: '', port },
              status: 'unreachable',
              seen: [],
              detail: `${ns.name} has no address`,
              fix: `Give the nameserver ${ns.name} an address (A/AAAA record), or ask your DNS provider`,
            }),
          ],
    );
    const resolverRows = this.options.resolvers.map((s) => this.row('resolver', formatServer(s), s, recordName, expect));
    const servers = await Promise.all([...authRows, ...resolverRows]);
    const ready =
      servers.some((s) => s.kind === 'authoritative') &&
      servers.every((s) => s.status === 'ok' || (s.kind === 'resolver' && s.status === 'unreachable'));
    return { ...base, zone: zone.zone, servers, ready };
  }

  /** Checks many names in parallel; zones are discovered once and shared. */
  checkMany(targets: PropagationTarget[]): Promise<PropagationResult[]> {
    return Promise.all(targets.map((t) => this.check(t)));
  }

  /**
   * Re-checks until every target is ready or the time is up, reporting each round. Uses a
   * timer per round, not a busy loop; an AbortSignal stops it.
   */
  async waitUntilReady(
    targets: PropagationTarget[],
    options: {
      intervalMs?: number;
      timeoutMs?: number;
      signal?: AbortSignal;
      onRound?: (round: number, results: PropagationResult[]) => void;
    } = {},
  ): Promise<{ ready: boolean; results: PropagationResult[]; rounds: number }> {
    const interval = options.intervalMs ?? 10_000;
    const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
    for (let round = 1; ; round++) {
      this.zones.clear(); // NS sets may change while we wait
      const results = await this.checkMany(targets);
      options.onRound?.(round, results);
      if (results.every((r) => r.ready)) return { ready: true, results, rounds: round };
      if (Date.now() + interval > deadline || options.signal?.aborted) return { ready: false, results, rounds: round };
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, interval);
        options.signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(t);
            resolve();
          },
          { once: true },
        );
      });
    }
  }

  close(): void {
    this.client.close();
  }

  private zoneOf(name: string): Promise<ZoneServers> {
    // Zones are cached by the parent of the record name; most names of one certificate share one.
    const key = name.split('.').slice(1).join('.');
    let z = this.zones.get(key);
    if (!z) {
      z = findZoneServers(this.client, this.options.resolvers, name);
      z.catch(() => this.zones.delete(key));
      this.zones.set(key, z);
    }
    return z;
  }

  private async row(
    kind: ServerCheck['kind'],
    label: string,
    server: DnsServer,
    recordName: string,
    expect: Expectation,
  ): Promise<ServerCheck> {
    try {
      const { values, via } = await this.readTxt(server, recordName);
      const e = evaluateRecords(values, expect);
      return {
        kind,
        label,
        server,
        status: e.status,
        seen: values,
        ...(e.detail ? { detail: e.detail } : {}),
        ...(e.fix ? { fix: e.fix } : {}),
        ...(e.rejectedBy ? { rejectedBy: e.rejectedBy, acceptedBy: e.acceptedBy ?? [] } : {}),
        ...(e.notes.length ? { notes: e.notes } : {}),
        cas: e.cas,
        ...(e.usableUntil !== undefined ? { usableUntil: e.usableUntil } : {}),
        ...(via ? { via } : {}),
      };
    } catch (err) {
      if (err instanceof AliasError)
        return { kind, label, server, status: 'alias-broken', seen: [], detail: err.detail, fix: err.fix, via: err.via };
      if (err instanceof DnsQueryError) {
        const fix =
          kind === 'authoritative'
            ? 'Check again in a few minutes; if it persists, ask your DNS provider why this server does not answer'
            : 'Check this resolver in Settings (or --dns), or remove it';
        return {
          kind,
          label,
          server,
          status: 'unreachable',
          seen: [],
          detail: `${formatServer(server)} did not answer (${err.failure})`,
          fix,
        };
      }
      throw err;
    }
  }

  /**
   * TXT at `name` on one server, following a CNAME (the BRs allow CNAMEs to be followed to reach
   * the record). An in-zone alias is answered by the same server; an alias into another zone is
   * read from that zone's own authoritative servers. Values come back in the CAs' presentation
   * form. A loop, or a target whose zone cannot be found, is an AliasError that says so.
   */
  private async readTxt(server: DnsServer, name: string): Promise<{ values: string[]; via?: string }> {
    let current = name;
    let via: string | undefined;
    let at = server;
    const chain = [name];
    for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      let values: string[] = [];
      let servfail: DnsQueryError | undefined;
      try {
        values = (await this.client.txtStrings(at, current)).map((rr) => rr.map(presentOctets).join(''));
      } catch (err) {
        // Servers answer SERVFAIL for a CNAME loop: read the alias ourselves to say so.
        if (err instanceof DnsQueryError && err.failure === 'servfail') servfail = err;
        else if (!(err instanceof DnsQueryError) || (err.failure !== 'nodata' && err.failure !== 'nxdomain')) throw err;
        else if (err.failure === 'nxdomain') return { values: [], ...(via ? { via } : {}) };
      }
      if (values.length) return { values, ...(via ? { via } : {}) };
      const target = await this.client.cname(at, current);
      if (!target && servfail) throw servfail;
      if (!target) return { values: [], ...(via ? { via } : {}) };
      if (chain.includes(target)) {
        throw new AliasError(
          `${name} is a CNAME loop (${[...chain, target].join(' → ')}); resolvers answer SERVFAIL and the CA finds no record`,
          `Replace the CNAME at ${name} with the TXT record itself, or point it at a name that holds the TXT record`,
          target,
        );
      }
      chain.push(target);
      via = target;
      current = target;
      // The alias may point outside what this server knows: ask the target zone's servers.
      let zone: ZoneServers;
      try {
        zone = await this.zoneOf(target);
      } catch (err) {
        if (!(err instanceof ZoneDiscoveryError)) throw err;
        throw new AliasError(
          `${name} is a CNAME to ${target}, which cannot be resolved (${err.message}); the CA finds no record`,
          `Point the CNAME at a name in a zone that resolves, or replace it with the TXT record at ${name}`,
          target,
        );
      }
      const first = zone.nameservers.find((ns) => ns.addresses.length);
      if (first) at = { address: first.addresses[0]!, port: this.options.authoritativePort ?? 53 };
    }
    throw new AliasError(
      `${name} is a chain of more than ${MAX_CNAME_HOPS} CNAMEs (${chain.join(' → ')})`,
      `Point the CNAME at ${name} directly at the name that holds the TXT record`,
      current,
    );
  }
}

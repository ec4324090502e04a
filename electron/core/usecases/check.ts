import type { PreflightView } from '../../../shared/api/views.ts';
import type { DnsServer } from '../dns/dns-client.ts';
import type { PropagationChecker } from '../dns/propagation.ts';
import { runPreflight, type NamePreflight } from '../persist/preflight.ts';
import type { Core } from './core.ts';
import { validNames } from './names.ts';

export interface CheckInput {
  accountId?: string | undefined;
  names: readonly string[];
  /** Place a throw-away order to see whether the CA offers dns-persist-01 (first round only). */
  offerCheck: boolean;
  /** Check again until every name is ready or the time is up. */
  wait?: {
    timeoutMs: number;
    intervalMs: number;
    /** Told after each round that was not ready, before the pause. */
    onNotReady?: (results: NamePreflight[], round: number) => void;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
  };
}

export interface CheckResult {
  ready: boolean;
  results: NamePreflight[];
}

/** Is each name's record visible on every server, and will the CA accept it? */
export async function checkRecords(
  core: Pick<Core, 'accounts'>,
  dns: { checker: PropagationChecker; resolvers: DnsServer[] },
  input: CheckInput,
): Promise<CheckResult> {
  const names = validNames(input.names);
  const client = await core.accounts.client(core.accounts.find(input.accountId));
  const { wait } = input;
  const now = wait?.now ?? Date.now;
  const sleep = wait?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + (wait?.timeoutMs ?? 0);
  try {
    for (let round = 1; ; round++) {
      const results = await runPreflight({
        client,
        names,
        checker: dns.checker,
        resolvers: dns.resolvers,
        offerCheck: input.offerCheck && round === 1,
      });
      const ready = results.every((r) => r.ready);
      if (ready || !wait || now() + wait.intervalMs > deadline) return { ready, results };
      wait.onNotReady?.(results, round);
      await sleep(wait.intervalMs);
    }
  } finally {
    client.close();
  }
}

/** One name's check as the UI shows it. */
export function toPreflightView(r: NamePreflight): PreflightView {
  return {
    name: r.name,
    recordName: r.propagation.recordName,
    ...(r.propagation.zone ? { zone: r.propagation.zone } : {}),
    ready: r.ready,
    servers: r.propagation.servers.map((s) => ({
      kind: s.kind,
      label: s.label,
      address: s.server.address,
      status: s.status,
      seen: s.seen,
      ...(s.detail ? { detail: s.detail } : {}),
      ...(s.fix ? { fix: s.fix } : {}),
      ...(s.rejectedBy ? { rejectedBy: s.rejectedBy, acceptedBy: s.acceptedBy ?? [] } : {}),
      ...(s.via ? { via: s.via } : {}),
    })),
    findings: r.findings,
    ...(r.offer ? { offered: r.offer.offered } : {}),
    checkedAt: r.propagation.checkedAt,
  };
}

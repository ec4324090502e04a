import type { AccountService } from '../accounts/account-service.ts';
import type { AcmeClient } from '../acme/client.ts';
import type { CertificateService } from '../certificates/certificate-service.ts';
import type { DnsServer } from '../dns/dns-client.ts';
import type { PropagationChecker } from '../dns/propagation.ts';
import type { Keystore } from '../keystore/keystore.ts';
import type { VerifyOptions } from '../verify/verify-deploy.ts';
import type { Store } from '../store/store.ts';
import { systemClock, type Clock } from './clock.ts';

/** What the renewal machinery needs from the core; the app, the daemon and the CLI pass the same. */
export interface RenewalDeps {
  store: Store;
  keystore: Keystore;
  accounts: AccountService;
  certificates: CertificateService;
  /** An unauthenticated client, for renewal information (RFC 9773 §4.2 is a plain GET). */
  clientFor(directoryUrl: string): AcmeClient;
  /** The propagation checker and resolvers, configured like `persistcert check`; closed by the caller of dns(). */
  dns(): Promise<{ checker: PropagationChecker; resolvers: DnsServer[] }>;
  clock: Clock;
  random: () => number;
  log: (line: string) => void;
  /** The environment deploy commands start from (default process.env). */
  deployEnv?: NodeJS.ProcessEnv;
  /** How long deploy verification waits for servers to reload (default 60 s). */
  verify?: Pick<VerifyOptions, 'retryForMs' | 'intervalMs' | 'timeoutMs'>;
}

/** The deps from the core's long-lived services, with the system clock unless told otherwise. */
export function renewalDeps(
  services: Pick<RenewalDeps, 'store' | 'keystore' | 'accounts' | 'certificates' | 'clientFor'>,
  o: Pick<RenewalDeps, 'dns' | 'log'> & Partial<Pick<RenewalDeps, 'clock' | 'random' | 'deployEnv' | 'verify'>>,
): RenewalDeps {
  return {
    store: services.store,
    keystore: services.keystore,
    accounts: services.accounts,
    certificates: services.certificates,
    clientFor: services.clientFor,
    dns: o.dns,
    log: o.log,
    clock: o.clock ?? systemClock,
    random: o.random ?? Math.random,
    ...(o.deployEnv ? { deployEnv: o.deployEnv } : {}),
    ...(o.verify ? { verify: o.verify } : {}),
  };
}

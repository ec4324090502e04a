// A real Pebble validating records in a real BIND, and a data dir whose keys are in the real
// Secret Service: what the use-case tests share.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBind, type BindZone } from '../../../env/bind.ts';
import { startPebble, type PebbleInstance } from '../../../env/pebble.ts';
import { openServices, type CoreServices } from '../../../../electron/core/app/services.ts';
import { PropagationChecker } from '../../../../electron/core/dns/propagation.ts';
import type { DnsServer } from '../../../../electron/core/dns/dns-client.ts';
import type { AccountRecord, CertificateRecord } from '../../../../electron/core/store/schema.ts';
import { issueCertificate } from '../../../../electron/core/usecases/issue.ts';

export const ZONE = 'example.test';
export const ISSUER = 'pebble.letsencrypt.org';

export interface UseCaseWorld {
  dns: BindZone;
  pebble: PebbleInstance;
  core: CoreServices;
  account: AccountRecord;
  resolvers: DnsServer[];
  checker(): PropagationChecker;
  /** Publishes the name's draft-01 record for the world's account (draft-ietf-acme-dns-persist-01 §4). */
  publish(name: string): Promise<void>;
  /** Publishes the record and issues a certificate through the issue use case. */
  issue(names: string[]): Promise<CertificateRecord>;
  stop(): Promise<void>;
}

export async function startUseCaseWorld(prefix: string): Promise<UseCaseWorld> {
  const dns = await startBind({ zone: ZONE });
  const server = dns.servers[0]!;
  let pebble: PebbleInstance | undefined;
  const checkers: PropagationChecker[] = [];
  const stop = async () => {
    for (const c of checkers) c.close();
    await Promise.allSettled([pebble?.stop(), dns.stop()]);
  };
  try {
    pebble = await startPebble({ dnsServer: `${server.address}:${server.port}`, caaIdentities: [ISSUER] });
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), `${prefix}-`)), 'data');
    const core = await openServices({
      dataDir,
      keystore: 'auto',
      passphrase: () => Promise.reject(new Error('the OS keychain is used')),
      caBundlePem: pebble.caBundlePem,
    });
    const account = await core.accounts.create({ directoryUrl: pebble.directoryUrl, agreeToTerms: true, contact: [] });
    const resolvers = [server];
    const checker = () => {
      const c = new PropagationChecker({ resolvers, authoritativePort: server.port });
      checkers.push(c);
      return c;
    };
    const publish = (name: string) =>
      dns.publishTxt(`_validation-persist.${name.replace(/^\*\./, '')}.`, `${ISSUER}; accounturi=${account.accountUrl}`);
    return {
      dns,
      pebble,
      core,
      account,
      resolvers,
      checker,
      publish,
      async issue(names) {
        for (const n of names) await publish(n);
        const client = await core.accounts.client(account);
        try {
          return await issueCertificate(core, { client, checker: checker() }, { account, names, keyType: 'ec-p256' });
        } finally {
          client.close();
        }
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

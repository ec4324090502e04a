// Real CAs (Pebble 2.10), a real authoritative DNS (BIND) and the real keychain behind the
// renewal service, with a fake clock: what the renewal tests share.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBind, type BindZone } from '../../../env/bind.ts';
import { startPebble, type PebbleInstance } from '../../../env/pebble.ts';
import { openServices, type CoreServices } from '../../../../electron/core/app/services.ts';
import { generateKeyPair } from '../../../../electron/core/crypto/keys.ts';
import { PropagationChecker } from '../../../../electron/core/dns/propagation.ts';
import { issueWithPersist } from '../../../../electron/core/persist/persist-issuance.ts';
import { renewalDeps } from '../../../../electron/core/renewal/renewal-deps.ts';
import { RenewalService } from '../../../../electron/core/renewal/renewal-service.ts';
import type { AccountRecord, CertificateRecord } from '../../../../electron/core/store/schema.ts';
import { FakeClock } from './fake-clock.ts';

export const ZONE = 'example.test';

export interface Ca {
  pebble: PebbleInstance;
  issuer: string;
  account: AccountRecord;
}

export interface RenewalWorld {
  dns: BindZone;
  services: CoreServices;
  clock: FakeClock;
  service: RenewalService;
  logs: string[];
  cas: Record<string, Ca>;
  /** Publishes a name's record for each of these CAs. */
  publish(name: string, ...cas: Ca[]): Promise<void>;
  issue(ca: Ca, names: string[]): Promise<CertificateRecord>;
  cert(id: string): CertificateRecord;
  stop(): Promise<void>;
}

/** Starts BIND and one Pebble per issuer name (each its own CA, with its own caaIdentities). */
export async function startRenewalWorld(issuers: Record<string, string>): Promise<RenewalWorld> {
  const dns = await startBind({ zone: ZONE });
  const server = dns.servers[0]!;
  const pebbles: PebbleInstance[] = [];
  const stopAll = async () => {
    await Promise.allSettled(pebbles.map((p) => p.stop()));
    await dns.stop();
  };
  try {
    for (const issuer of Object.values(issuers)) {
      pebbles.push(await startPebble({ dnsServer: `${server.address}:${server.port}`, caaIdentities: [issuer] }));
    }
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'renewal-')), 'data');
    const services = await openServices({
      dataDir,
      keystore: 'auto',
      passphrase: () => Promise.reject(new Error('the OS keychain is used')),
      caBundlePem: pebbles.map((p) => p.caBundlePem).join('\n'),
    });
    const cas: Record<string, Ca> = {};
    let i = 0;
    for (const [label, issuer] of Object.entries(issuers)) {
      const pebble = pebbles[i++]!;
      cas[label] = {
        pebble,
        issuer,
        account: await services.accounts.create({ directoryUrl: pebble.directoryUrl, agreeToTerms: true, contact: [] }),
      };
    }
    const clock = new FakeClock(new Date());
    const logs: string[] = [];
    const resolvers = [server];
    const service = new RenewalService(
      renewalDeps(services, {
        dns: async () => ({ resolvers, checker: new PropagationChecker({ resolvers, authoritativePort: server.port }) }),
        log: (line) => logs.push(line),
        clock,
        random: Math.random,
      }),
    );
    return {
      dns,
      services,
      clock,
      service,
      logs,
      cas,
      async publish(name, ...list) {
        for (const ca of list) await dns.publishTxt(`_validation-persist.${name}.`, `${ca.issuer}; accounturi=${ca.account.accountUrl}`);
      },
      async issue(ca, names) {
        const client = await services.accounts.client(ca.account);
        try {
          const { privateKey } = await generateKeyPair('ec-p256');
          const issued = await issueWithPersist({ client, names, certificateKey: privateKey });
          return await services.certificates.recordIssued({
            account: ca.account,
            chainPem: issued.pem,
            privateKey,
            orderUrl: issued.orderUrl,
          });
        } finally {
          client.close();
        }
      },
      cert(id) {
        const c = services.store.certificate(id);
        if (!c) throw new Error(`no certificate ${id}`);
        return c;
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

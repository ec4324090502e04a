// A real Pebble whose validation authority asks a real BIND, wired for the ACME core's tests.
import { startBind, type BindZone } from '../../../env/bind.ts';
import { startPebble, type PebbleInstance, type PebbleOptions } from '../../../env/pebble.ts';
import { AcmeClient, type AcmeClientOptions } from '../../../../electron/core/acme/client.ts';

export const ZONE = 'example.test';

export interface CaWithDns {
  pebble: PebbleInstance;
  dns: BindZone;
  client(options?: Partial<AcmeClientOptions>): AcmeClient;
  /** Publishes the draft-01 record Pebble 2.10 checks (draft-ietf-acme-dns-persist-01 §4). */
  publishPersistRecord(name: string, accountUrl: string, options?: { policy?: 'wildcard' }): Promise<void>;
  stop(): Promise<void>;
}

export async function startCaWithDns(pebbleOptions: PebbleOptions = {}): Promise<CaWithDns> {
  const dns = await startBind({ zone: ZONE });
  const server = dns.servers[0]!;
  let pebble: PebbleInstance;
  try {
    pebble = await startPebble({ dnsServer: `${server.address}:${server.port}`, ...pebbleOptions });
  } catch (err) {
    await dns.stop();
    throw err;
  }
  const clients: AcmeClient[] = [];
  return {
    pebble,
    dns,
    client(options = {}) {
      const c = new AcmeClient({ directoryUrl: pebble.directoryUrl, caBundlePem: pebble.caBundlePem, ...options });
      clients.push(c);
      return c;
    },
    async publishPersistRecord(name, accountUrl, options = {}) {
      const base = name.replace(/^\*\./, '');
      const issuer = (pebbleOptions.caaIdentities ?? ['pebble.letsencrypt.org'])[0];
      const value = `${issuer}; accounturi=${accountUrl}${options.policy ? `; policy=${options.policy}` : ''}`;
      await dns.publishTxt(`_validation-persist.${base}.`, value);
    },
    async stop() {
      for (const c of clients) c.close();
      await Promise.allSettled([pebble.stop(), dns.stop()]);
    },
  };
}

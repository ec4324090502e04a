import type { DnsServer } from '../dns/dns-client.ts';
import { createApiHandler, type ApiHandler } from './api-handler.ts';
import { AppService } from './app-service.ts';
import { EventHub } from './events.ts';
import { openServices, type OpenServicesOptions } from './services.ts';

export const APP_VERSION = '0.1.0';

export interface CreateAppOptions extends Partial<Omit<OpenServicesOptions, 'dataDir'>> {
  dataDir: string;
  host: 'electron' | 'web';
  resolvers?: DnsServer[];
  authoritativePort?: number;
  demo?: { publish(name: string, value: string): Promise<void> };
  defaultExportDir?: string;
  log?: (message: string) => void;
}

/** The core behind the UI contract, for the Electron shell and the loopback web host alike. */
export async function createApp(o: CreateAppOptions): Promise<{ handler: ApiHandler; service: AppService; events: EventHub; close(): Promise<void> }> {
  const services = await openServices({
    dataDir: o.dataDir,
    keystore: o.keystore ?? 'auto',
    passphrase: o.passphrase ?? (() => Promise.reject(new Error('The file keystore needs its passphrase: set PERSISTCERT_PASSPHRASE'))),
    caBundlePem: o.caBundlePem,
    ...(o.env ? { env: o.env } : {}),
    ...(o.scryptN ? { scryptN: o.scryptN } : {}),
    lazyKeystore: true,
  });
  const events = new EventHub();
  const service = new AppService({
    version: APP_VERSION,
    host: o.host,
    ...services,
    events,
    ...(o.resolvers ? { resolvers: o.resolvers } : {}),
    ...(o.authoritativePort ? { authoritativePort: o.authoritativePort } : {}),
    ...(o.demo ? { demo: o.demo } : {}),
    ...(o.defaultExportDir ? { defaultExportDir: o.defaultExportDir } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
  return { handler: createApiHandler(service, events, o.log), service, events, close: () => service.drain() };
}

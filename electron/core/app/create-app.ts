import type { DnsServer } from '../dns/dns-client.ts';
import type { NoticeSink } from '../notify/notice-sinks.ts';
import type { Clock } from '../renewal/clock.ts';
import { renewalDeps } from '../renewal/renewal-deps.ts';
import { RenewalService } from '../renewal/renewal-service.ts';
import type { RenewalScheduler } from '../renewal/scheduler.ts';
import { protectWebhookToken, startUnattendedRenewal } from '../renewal/unattended.ts';
import { appDns } from './dns-setup.ts';
import { createApiHandler, type ApiHandler } from './api-handler.ts';
import { AppService } from './app-service.ts';
import { EventHub } from './events.ts';
import { openServices, type OpenServicesOptions } from './services.ts';
import type { ConfirmDeployCommand } from './deploy-command-guard.ts';

export const APP_VERSION = '0.1.0';

export interface CreateAppOptions extends Partial<Omit<OpenServicesOptions, 'dataDir'>> {
  dataDir: string;
  host: 'electron' | 'web';
  resolvers?: DnsServer[];
  authoritativePort?: number;
  demo?: { publish(name: string, value: string): Promise<void>; directoryUrl?: string };
  defaultExportDir?: string;
  log?: (message: string) => void;
  /** The desktop app's native confirmation of a new deploy command; the web host has none and refuses. */
  confirmDeployCommand?: ConfirmDeployCommand;
  /** Renew unattended in this process (the desktop app; `persistcert start`), telling the user through these sinks. */
  unattended?: { sinks: NoticeSink[]; clock?: Clock; onRunningChange?: (running: boolean) => void };
}

/** The core behind the UI contract, for the Electron shell and the loopback web host alike. */
export async function createApp(o: CreateAppOptions): Promise<{
  handler: ApiHandler;
  service: AppService;
  events: EventHub;
  renewal: RenewalService;
  scheduler?: RenewalScheduler;
  close(): Promise<void>;
}> {
  const services = await openServices({
    dataDir: o.dataDir,
    keystore: o.keystore ?? 'auto',
    passphrase: o.passphrase ?? (() => Promise.reject(new Error('The file keystore needs its passphrase: set PERSISTCERT_PASSPHRASE'))),
    caBundlePem: o.caBundlePem,
    ...(o.env ? { env: o.env } : {}),
    ...(o.scryptN ? { scryptN: o.scryptN } : {}),
    lazyKeystore: true,
    ...(o.allowRoot ? { allowRoot: true } : {}),
  });
  const events = new EventHub();
  const log = o.log ?? (() => {});
  const renewal = new RenewalService(
    renewalDeps(services, {
      dns: () => appDns(o.dataDir, { resolvers: o.resolvers, authoritativePort: o.authoritativePort }),
      log,
      ...(o.unattended?.clock ? { clock: o.unattended.clock } : {}),
    }),
  );
  // The scheduler starts before the service exists; its callbacks find it here once it does.
  const late: { service?: AppService } = {};
  const scheduler = o.unattended
    ? startUnattendedRenewal({
        service: renewal,
        clock: renewal.deps.clock,
        sinks: o.unattended.sinks,
        log,
        caBundlePem: o.caBundlePem,
        onOutcome: (outcome) => events.emit('renewal.outcome', outcome),
        onRunningChange: (running) => {
          o.unattended?.onRunningChange?.(running);
          const { service } = late;
          if (service)
            void service.renewalOverview().then(
              (overview) => events.emit('renewal.changed', overview),
              () => {},
            );
          if (!running && service)
            void service.listCertificates().then(
              (certificates) => events.emit('certificates.changed', { certificates }),
              () => {},
            );
        },
      })
    : undefined;
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
    renewal,
    ...(scheduler ? { scheduler } : {}),
    ...(o.host === 'electron' && o.confirmDeployCommand ? { confirmDeployCommand: o.confirmDeployCommand } : {}),
  });
  late.service = service;
  const app = service;
  // The first page lists every certificate, and the store's first read of them all is most of what
  // it waits for (~0.4 s at 10,000): read them now, while the window or the browser opens. A
  // failure here is left to the request that needs the records, which reports it.
  const warmUp = setTimeout(() => {
    try {
      // Each kind is read when first asked for (the store reads lazily): ask for all three now.
      const { snapshot } = services.store;
      for (const kind of ['accounts', 'profiles', 'certificates'] as const) void snapshot[kind];
    } catch {
      // reported at first use
    }
  }, 0);
  const webhookToken = protectWebhookToken(services.store.dataDir, services.keystore, log);
  return {
    handler: createApiHandler(app, events, o.log),
    service: app,
    events,
    renewal,
    ...(scheduler ? { scheduler } : {}),
    close: () => {
      clearTimeout(warmUp);
      return webhookToken.then(() => app.drain());
    },
  };
}

import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { RenewalOutcomeView } from '../../../shared/api/views.ts';
import { loadSettings } from '../app/settings.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { allSinks, webhookSink, type NoticeSink } from '../notify/notice-sinks.ts';
import type { Clock } from './clock.ts';
import { noticesForOutcome, WarningDeduper, type Notice } from './notices.ts';
import type { RenewalService } from './renewal-service.ts';
import { RenewalScheduler } from './scheduler.ts';

export interface UnattendedOptions {
  service: RenewalService;
  clock: Clock;
  /** Where this host shows notices (desktop notifications; the daemon's log). The webhook from settings is added. */
  sinks: NoticeSink[];
  log: (line: string) => void;
  /** A webhook URL given on the command line, used when settings name none. */
  webhookUrl?: string | undefined;
  caBundlePem?: string | undefined;
  onOutcome?: (outcome: RenewalOutcomeView) => void;
  onRunningChange?: (running: boolean) => void;
  clockWatchMs?: number;
}

/**
 * The scheduler with everything the user hears from it: each outcome becomes a notice (failure
 * always, success if asked for, failover always), and after each pass the early warnings
 * (persistUntil, expiry, a failing deploy) are announced at most once a day per certificate.
 * The tray app and the daemon both run this; only their sinks differ.
 */
export function startUnattendedRenewal(o: UnattendedOptions): RenewalScheduler {
  const dataDir = o.service.deps.store.dataDir;
  const stateFile = path.join(dataDir, 'notice-state.json');
  const deduper = loadDeduper(stateFile);
  const deliver = async (notices: Notice[]) => {
    if (notices.length === 0) return;
    const settings = await loadSettings(dataDir).catch(() => undefined);
    const url = settings?.webhookUrl || o.webhookUrl;
    const sink = allSinks([...o.sinks, ...(url ? [webhookSink(url, { log: o.log, ...(o.caBundlePem ? { caBundlePem: o.caBundlePem } : {}) })] : [])]);
    for (const n of notices) await sink.deliver(n);
  };
  let outcomeDeliveries: Promise<void> = Promise.resolve();
  const scheduler = new RenewalScheduler({
    service: o.service,
    clock: o.clock,
    isPaused: async () => (await loadSettings(dataDir)).renewalsPaused,
    log: o.log,
    ...(o.clockWatchMs ? { clockWatchMs: o.clockWatchMs } : {}),
    onOutcome: (outcome) => {
      o.onOutcome?.(outcome);
      outcomeDeliveries = outcomeDeliveries.then(async () => {
        const settings = await loadSettings(dataDir).catch(() => undefined);
        await deliver(noticesForOutcome(outcome, { notifyOnSuccess: settings?.notifyOnSuccess ?? false }));
      });
    },
    onRunningChange: (running) => {
      o.onRunningChange?.(running);
      if (running) return;
      // After each pass: the warnings that build up over days.
      void (async () => {
        await outcomeDeliveries;
        const d = await deduper;
        const notices = d.noticesForViews(await o.service.overview(), o.clock.now());
        if (notices.length) {
          await writeFileAtomic(stateFile, JSON.stringify(d.toJSON()), { mode: 0o600 }).catch(() => {});
          await deliver(notices);
        }
      })().catch((err: Error) => o.log(`notices: ${err.message}`));
    },
  });
  scheduler.start();
  return scheduler;
}

async function loadDeduper(file: string): Promise<WarningDeduper> {
  try {
    return WarningDeduper.fromJSON(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    // Missing or unreadable: at worst a warning is repeated once.
    return new WarningDeduper();
  }
}


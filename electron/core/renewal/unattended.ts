import type { RenewalOutcomeView } from '../../../shared/api/views.ts';
import { loadSettings } from '../app/settings.ts';
import type { Keystore } from '../keystore/keystore.ts';
import type { Clock } from './clock.ts';
import { noticeDelivery, type NoticeDeliveryOptions } from './notice-delivery.ts';
import type { RenewalService } from './renewal-service.ts';
import { RenewalScheduler } from './scheduler.ts';
import { protectStoredWebhookUrl } from '../usecases/settings.ts';

export interface UnattendedOptions extends Omit<NoticeDeliveryOptions, 'dataDir' | 'keystore'> {
  service: RenewalService;
  clock: Clock;
  onOutcome?: (outcome: RenewalOutcomeView) => void;
  onRunningChange?: (running: boolean) => void;
  clockWatchMs?: number;
}

/**
 * The scheduler with everything the user hears from it (electron/core/renewal/notice-delivery.ts),
 * in this process: the tray app runs this. The daemon runs the same pass in a short-lived process
 * each time (runUnattendedPass below, electron/core/renewal/pass-process.ts).
 */
export function startUnattendedRenewal(o: UnattendedOptions): RenewalScheduler {
  const dataDir = o.service.deps.store.dataDir;
  const notices = noticeDelivery({ ...o, dataDir, keystore: o.service.deps.keystore });
  const scheduler = new RenewalScheduler({
    service: o.service,
    clock: o.clock,
    isPaused: async () => (await loadSettings(dataDir)).renewalsPaused,
    log: o.log,
    ...(o.clockWatchMs ? { clockWatchMs: o.clockWatchMs } : {}),
    onOutcome: (outcome) => {
      o.onOutcome?.(outcome);
      notices.outcome(outcome);
    },
    onRunningChange: (running) => {
      o.onRunningChange?.(running);
      // After each pass: the warnings that build up over days.
      if (!running) notices.warnings(() => o.service.overview()).catch((err: Error) => o.log(`notices: ${err.message}`));
    },
  });
  scheduler.start();
  return scheduler;
}

/**
 * One whole pass as the scheduler runs it (RenewalScheduler.runPass), with its notices, for a
 * process that does one pass and exits: what is due unless renewals are paused, then the plan
 * from the state as it is now. Returns the next moment work is due (undefined: none, or paused).
 */
export async function runUnattendedPass(o: Omit<UnattendedOptions, 'onRunningChange' | 'clockWatchMs'>): Promise<Date | undefined> {
  const dataDir = o.service.deps.store.dataDir;
  const notices = noticeDelivery({ ...o, dataDir, keystore: o.service.deps.keystore });
  const paused = async () => (await loadSettings(dataDir)).renewalsPaused;
  await protectWebhookToken(dataDir, o.service.deps.keystore, o.log);
  try {
    if (!(await paused())) {
      await o.service.run({
        onOutcome: (outcome) => {
          o.onOutcome?.(outcome);
          notices.outcome(outcome);
        },
      });
    }
    // Plan from the state as it is now, including what other processes wrote meanwhile.
    await o.service.deps.store.reload();
  } catch (err) {
    // Logged like the scheduler does; the next deadline still comes.
    o.log(`renewal pass failed: ${(err as Error).message}`);
  }
  const next = (await paused().catch(() => false)) ? undefined : o.service.nextWakeAt();
  await notices.warnings(() => o.service.overview()).catch((err: Error) => o.log(`notices: ${err.message}`));
  return next;
}

/** A webhook token left in plain text by an older version goes to the keystore; said in the log either way. */
export async function protectWebhookToken(dataDir: string, keystore: Keystore, log: (line: string) => void): Promise<void> {
  try {
    if (await protectStoredWebhookUrl(dataDir, keystore))
      log(`settings: the webhook URL's token moved from settings.json to ${keystore.describe()}`);
  } catch (err) {
    log(`settings: the webhook URL's token is still in settings.json: ${(err as Error).message}`);
  }
}

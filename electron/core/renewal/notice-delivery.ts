import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { RenewalOutcomeView, RenewalView } from '../../../shared/api/views.ts';
import { loadSettings, loadStoredSettings } from '../app/settings.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { Keystore } from '../keystore/keystore.ts';
import { allSinks, webhookSink, type NoticeSink } from '../notify/notice-sinks.ts';
import { webhookUrlOf } from '../notify/webhook-url.ts';
import type { Clock } from './clock.ts';
import { noticesForOutcome, WarningDeduper, type Notice } from './notices.ts';

export interface NoticeDeliveryOptions {
  dataDir: string;
  clock: Clock;
  /** Where this host shows notices (desktop notifications; the daemon's log). The webhook from settings is added. */
  sinks: NoticeSink[];
  log: (line: string) => void;
  /** A webhook URL given on the command line, used when settings name none. */
  webhookUrl?: string | undefined;
  /** Where the settings' webhook URL keeps its token (settings.webhookUrlRef). */
  keystore: Keystore;
  caBundlePem?: string | undefined;
}

export interface NoticeDelivery {
  /** A renewal's result: its notice is sent in the background, in order (see `settled`). */
  outcome(outcome: RenewalOutcomeView): void;
  /** After a pass: the early warnings (persistUntil, expiry, a failing deploy), at most once a day per certificate. */
  warnings(views: () => Promise<RenewalView[]>): Promise<void>;
}

/**
 * What the user hears from unattended renewal: each outcome becomes a notice (failure always,
 * success if asked for, failover always), and the warnings that build up over days are announced
 * at most once a day per certificate (the dedupe state is kept in the data dir, so a restarted
 * tray app or daemon, or the daemon's next pass process, does not repeat them).
 */
export function noticeDelivery(o: NoticeDeliveryOptions): NoticeDelivery {
  const stateFile = path.join(o.dataDir, 'notice-state.json');
  const deduper = loadDeduper(stateFile);
  const deliver = async (notices: Notice[]) => {
    if (notices.length === 0) return;
    const url = (await settingsWebhookUrl()) || o.webhookUrl;
    const sink = allSinks([
      ...o.sinks,
      ...(url ? [webhookSink(url, { log: o.log, ...(o.caBundlePem ? { caBundlePem: o.caBundlePem } : {}) })] : []),
    ]);
    for (const n of notices) await sink.deliver(n);
  };
  // A webhook whose token cannot be read is said in the log; the other sinks still get the notice.
  const settingsWebhookUrl = async (): Promise<string | undefined> => {
    const stored = await loadStoredSettings(o.dataDir).catch(() => undefined);
    if (!stored) return undefined;
    try {
      return await webhookUrlOf(stored, o.keystore);
    } catch (err) {
      o.log(`notices: the webhook was not called: ${(err as Error).message}`);
      return undefined;
    }
  };
  let outcomeDeliveries: Promise<void> = Promise.resolve();
  return {
    outcome(outcome) {
      outcomeDeliveries = outcomeDeliveries.then(async () => {
        const settings = await loadSettings(o.dataDir).catch(() => undefined);
        await deliver(noticesForOutcome(outcome, { notifyOnSuccess: settings?.notifyOnSuccess ?? false }));
      });
    },
    async warnings(views) {
      await outcomeDeliveries;
      const d = await deduper;
      const notices = d.noticesForViews(await views(), o.clock.now());
      if (notices.length) {
        await writeFileAtomic(stateFile, JSON.stringify(d.toJSON()), { mode: 0o600 }).catch(() => {});
        await deliver(notices);
      }
    },
  };
}

async function loadDeduper(file: string): Promise<WarningDeduper> {
  try {
    return WarningDeduper.fromJSON(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    // Missing or unreadable: at worst a warning is repeated once.
    return new WarningDeduper();
  }
}

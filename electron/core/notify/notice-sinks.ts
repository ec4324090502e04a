/**
 * Where notices go: a log, a webhook, the desktop (electron/shell/desktop-notifier.ts). A sink
 * never throws: a notice that cannot be delivered must not disturb the renewal that raised it.
 */
import type { LogFile } from '../logs/log-file.ts';
import { redactSecrets } from './redact.ts';
import type { Notice } from '../renewal/notices.ts';
import { postWebhook, type WebhookOptions } from './webhook.ts';

export interface NoticeSink {
  deliver(notice: Notice): Promise<void>;
}

/** One line per notice: "[error] Renewal failed: example.com: The CA refused … Publish …". */
export function formatNoticeLine(notice: Notice): string {
  return `[${notice.level}] ${notice.title}: ${notice.body}`.replace(/\s+/g, ' ').trim();
}

/** Notices into the data dir's log file, at their own level. */
export function logFileSink(file: LogFile): NoticeSink {
  return {
    async deliver(notice) {
      file.write(notice.level === 'warning' ? 'warn' : notice.level, formatNoticeLine(notice));
    },
  };
}

export function logSink(write: (line: string) => void): NoticeSink {
  return {
    async deliver(notice) {
      try {
        write(redactSecrets(formatNoticeLine(notice)));
      } catch {
        // A log that cannot be written has nowhere to report that to.
      }
    },
  };
}

export interface WebhookPayload {
  event: Notice['kind'];
  level: Notice['level'];
  title: string;
  body: string;
  certificateId: string;
  names: string[];
  /** When the notice was sent, ISO 8601. */
  at: string;
}

export function webhookPayload(notice: Notice, at: Date): WebhookPayload {
  return {
    event: notice.kind,
    level: notice.level,
    title: notice.title,
    body: notice.body,
    certificateId: notice.certificateId,
    names: [...notice.names],
    at: at.toISOString(),
  };
}

export interface WebhookSinkOptions extends WebhookOptions {
  /** Where failed deliveries are reported (the messages hold no part of the URL but its origin). */
  log: (line: string) => void;
  now?: () => Date;
}

export function webhookSink(url: string, opts: WebhookSinkOptions): NoticeSink {
  const { log, now = () => new Date(), ...webhookOptions } = opts;
  return {
    async deliver(notice) {
      const result = await postWebhook(url, webhookPayload(notice, now()), webhookOptions);
      if (!result.ok) {
        try {
          log(`Webhook notice "${notice.title}" was not delivered: ${result.message}`);
        } catch {
          // as in logSink
        }
      }
    },
  };
}

/** Delivers to every sink side by side; a sink that fails (even by throwing) stops none of the others. */
export function allSinks(sinks: readonly NoticeSink[]): NoticeSink {
  return {
    async deliver(notice) {
      await Promise.allSettled(sinks.map(async (sink) => sink.deliver(notice)));
    },
  };
}

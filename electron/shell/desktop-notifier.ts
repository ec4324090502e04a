import type { Notification, NotificationConstructorOptions } from 'electron';
import type { NoticeSink } from '../core/notify/notice-sinks.ts';
import type { NoticeLevel } from '../core/renewal/notices.ts';

/**
 * Notices as desktop notifications (Electron's Notification). A click opens the certificate.
 * Where the desktop has no notification service, notices are simply not shown here: the log
 * and the webhook still get them.
 */

export interface NotificationOptions {
  title: string;
  body: string;
  urgency?: 'normal' | 'critical' | 'low';
  silent?: boolean;
}

export interface NotificationLike {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

export interface DesktopNotifierDeps {
  /** `Notification.isSupported` */
  isSupported(): boolean;
  /** `(options) => new Notification(options)` */
  create(options: NotificationOptions): NotificationLike;
  /** The user clicked the notification about this certificate. */
  onClick(certificateId: string): void;
  onError?: (error: unknown) => void;
}

/** Errors stay up until dismissed (Linux, Windows); successes neither linger nor make a sound. */
const PRESENTATION: Record<NoticeLevel, Pick<NotificationOptions, 'urgency' | 'silent'>> = {
  error: { urgency: 'critical', silent: false },
  warning: { urgency: 'normal', silent: false },
  info: { urgency: 'low', silent: true },
};

/**
 * Notifications shown but not yet closed. Electron drops a Notification's handlers once the
 * object is garbage-collected, so a click on one nobody references does nothing; bounded because
 * some platforms never report 'close'.
 */
const MAX_LIVE = 50;

export function createDesktopNotifier(deps: DesktopNotifierDeps): NoticeSink {
  const live = new Set<NotificationLike>();
  return {
    async deliver(notice) {
      try {
        if (!deps.isSupported()) return;
        const notification = deps.create({ title: notice.title, body: notice.body, ...PRESENTATION[notice.level] });
        notification.on('click', () => {
          live.delete(notification);
          try {
            deps.onClick(notice.certificateId);
          } catch (err) {
            deps.onError?.(err);
          }
        });
        notification.on('close', () => live.delete(notification));
        live.add(notification);
        if (live.size > MAX_LIVE) live.delete(live.values().next().value!);
        notification.show();
      } catch (err) {
        deps.onError?.(err);
      }
    },
  };
}

// Compile-time proof that Electron's Notification fits the structural types above.
type Assert<T extends true> = T;
export type _ElectronFitsNotifier = Assert<
  Notification extends NotificationLike ? (NotificationOptions extends NotificationConstructorOptions ? true : false) : false
>;

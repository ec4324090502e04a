import type { Settings } from '../../../../shared/api/views.ts';

export const MAX_RESOLVERS = 10;
const MAX_WEBHOOK = 2000;

/** The settings form's fields as typed. */
export interface SettingsDraft {
  resolvers: string;
  notify: boolean;
  launch: boolean;
  paused: boolean;
  webhook: string;
}

export const draftOf = (s: Settings): SettingsDraft => ({
  resolvers: s.resolvers.join('\n'),
  notify: s.notifyOnSuccess,
  launch: s.launchAtLogin,
  paused: s.renewalsPaused,
  webhook: s.webhookUrl,
});

export const resolverList = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((r) => r.trim())
    .filter(Boolean);

/** What main hides in a webhook URL whose token it keeps in the keystore (electron/core/notify/redact.ts). */
const REDACTED = '[redacted]';

type EditableSettings = Omit<Settings, 'webhookSecretKept'>;

export const settingsOf = (d: SettingsDraft): EditableSettings => ({
  resolvers: resolverList(d.resolvers),
  notifyOnSuccess: d.notify,
  launchAtLogin: d.launch,
  renewalsPaused: d.paused,
  webhookUrl: d.webhook.trim(),
});

/**
 * Only what the user changed since `base` (what the page loaded or last saved): a setting changed
 * elsewhere meanwhile (the tray's pause, `config set`) keeps its value instead of being overwritten.
 */
export function changedSettings(base: Settings, d: SettingsDraft): Partial<EditableSettings> {
  const next = settingsOf(d);
  const patch: Partial<EditableSettings> = {};
  if (next.resolvers.join('\n') !== base.resolvers.join('\n')) patch.resolvers = next.resolvers;
  if (next.notifyOnSuccess !== base.notifyOnSuccess) patch.notifyOnSuccess = next.notifyOnSuccess;
  if (next.launchAtLogin !== base.launchAtLogin) patch.launchAtLogin = next.launchAtLogin;
  if (next.renewalsPaused !== base.renewalsPaused) patch.renewalsPaused = next.renewalsPaused;
  if (next.webhookUrl !== base.webhookUrl) patch.webhookUrl = next.webhookUrl;
  return patch;
}

/**
 * Empty, or a full http(s) address: what the renewal notices can be POSTed to. `shown` is the
 * saved address as main shows it: with its token kept in the keystore, edited around the
 * "[redacted]" it is no address at all.
 */
export function webhookProblem(url: string, shown = ''): string | null {
  const u = url.trim();
  if (!u) return null;
  if (u.includes(REDACTED) && u !== shown) return `Paste the whole address again: "${REDACTED}" stands for its saved token.`;
  if (u.length > MAX_WEBHOOK) return `The address is too long (at most ${MAX_WEBHOOK} characters).`;
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    return 'Enter a full address such as https://hooks.example.com/persistcert, or leave it empty.';
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? null : 'The address must start with https:// (or http://).';
}

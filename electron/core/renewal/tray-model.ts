/**
 * What the tray shows: icon state, tooltip and menu, derived from the renewal views. Pure data,
 * so the shell (electron/shell/tray.ts) only maps it onto Electron and the decisions are tested
 * without Electron.
 */
import type { RenewalView } from '../../../shared/api/views.ts';

export type TrayIconState = 'ok' | 'warning' | 'error' | 'paused' | 'busy';
export const TRAY_ICON_STATES: readonly TrayIconState[] = ['ok', 'warning', 'error', 'paused', 'busy'];

export type TrayMenuId = 'status' | 'open' | 'renew-all' | 'pause' | 'resume' | 'launch-at-login' | 'quit' | 'separator';

export interface TrayMenuItem {
  id: TrayMenuId;
  label: string;
  enabled: boolean;
  checked?: boolean;
  type?: 'normal' | 'checkbox' | 'separator';
}

export interface TrayModel {
  icon: TrayIconState;
  tooltip: string;
  menu: TrayMenuItem[];
}

export interface TrayModelInput {
  views: readonly RenewalView[];
  /** Unattended renewal is paused (the user's setting). */
  paused: boolean;
  /** A renewal run is going on right now. */
  running: boolean;
  launchAtLogin: boolean;
  now: Date;
  /** How the next renewal's time is written; by default short and in the user's locale. */
  formatTime?: (at: Date, now: Date) => string;
}

/** Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip). */
export const TOOLTIP_MAX = 127;

export function defaultFormatTime(at: Date, now: Date): string {
  const sameYear = at.getFullYear() === now.getFullYear();
  return at.toLocaleString(undefined, {
    ...(sameYear ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function trayIcon(input: Pick<TrayModelInput, 'views' | 'paused' | 'running'>): TrayIconState {
  // A run in progress is shown while it lasts; afterwards the views tell how it went.
  if (input.running) return 'busy';
  if (input.views.some((v) => v.health === 'error')) return 'error';
  // Paused hides warnings, not errors: a failing certificate stays red whatever the setting.
  if (input.paused) return 'paused';
  if (input.views.some((v) => v.health === 'warning')) return 'warning';
  return 'ok';
}

/** The earliest planned attempt among certificates renewed unattended. */
function nextRenewal(views: readonly RenewalView[]): Date | null {
  let next: number | null = null;
  for (const v of views) {
    if (!v.autoRenew || !v.renewAt) continue;
    const t = Date.parse(v.renewAt);
    if (!Number.isNaN(t) && (next === null || t < next)) next = t;
  }
  return next === null ? null : new Date(next);
}

/** "3 certificates, 1 renewal failing, next renewal Nov 5, 14:00". */
export function traySummary(input: TrayModelInput): string {
  const { views } = input;
  if (views.length === 0) return 'No certificates yet';
  const parts = [plural(views.length, 'certificate', 'certificates')];
  if (input.running) parts.push('renewing now');
  const failing = views.filter((v) => v.health === 'error').length;
  const attention = views.filter((v) => v.health === 'warning').length;
  if (failing) parts.push(`${plural(failing, 'renewal', 'renewals')} failing`);
  if (attention) parts.push(`${attention} need${attention === 1 ? 's' : ''} attention`);
  if (input.paused) parts.push('renewals paused');
  else if (!input.running) {
    const next = nextRenewal(views);
    if (next)
      parts.push(next <= input.now ? 'renewal due now' : `next renewal ${(input.formatTime ?? defaultFormatTime)(next, input.now)}`);
  }
  return parts.join(', ');
}

export function trayModel(input: TrayModelInput): TrayModel {
  const summary = traySummary(input);
  const tooltip = `PersistCert: ${summary}`;
  const separator = (): TrayMenuItem => ({ id: 'separator', label: '', enabled: true, type: 'separator' });
  return {
    icon: trayIcon(input),
    tooltip: tooltip.length > TOOLTIP_MAX ? `${tooltip.slice(0, TOOLTIP_MAX - 1)}…` : tooltip,
    menu: [
      // Linux trays (AppIndicator) show no tooltip, so the menu repeats it as its first line.
      { id: 'status', label: summary, enabled: false, type: 'normal' },
      separator(),
      { id: 'open', label: 'Open PersistCert', enabled: true, type: 'normal' },
      { id: 'renew-all', label: 'Renew all now', enabled: !input.running && input.views.length > 0, type: 'normal' },
      input.paused
        ? { id: 'resume', label: 'Resume renewals', enabled: true, type: 'normal' }
        : { id: 'pause', label: 'Pause renewals', enabled: true, type: 'normal' },
      { id: 'launch-at-login', label: 'Launch at login', enabled: true, type: 'checkbox', checked: input.launchAtLogin },
      separator(),
      { id: 'quit', label: 'Quit PersistCert', enabled: true, type: 'normal' },
    ],
  };
}

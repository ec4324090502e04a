import type { RenewalOutcomeView, RenewalView } from '../../../../shared/api/views.ts';
import type { IconKind } from '../common/StatusIcon.tsx';

/** Renewal health in words, with its icon and badge class (never colour alone). */
export const HEALTH: Record<RenewalView['health'], { text: string; icon: IconKind; tone: string }> = {
  ok: { text: 'On track', icon: 'ok', tone: 'yes' },
  warning: { text: 'Needs attention', icon: 'warning', tone: 'staging-only' },
  error: { text: 'Renewal failing', icon: 'error', tone: 'no' },
};

/** A run's result for one certificate, in words; `severity` picks the finding style. */
export const OUTCOME: Record<
  RenewalOutcomeView['action'],
  { text: string; icon: IconKind; severity: 'ok' | 'warning' | 'error' | 'info' }
> = {
  renewed: { text: 'Renewed', icon: 'ok', severity: 'ok' },
  deployed: { text: 'Deployed', icon: 'ok', severity: 'ok' },
  'not-due': { text: 'Not due', icon: 'info', severity: 'info' },
  busy: { text: 'Already renewing', icon: 'pending', severity: 'info' },
  paused: { text: 'Paused', icon: 'info', severity: 'info' },
  failed: { text: 'Failed', icon: 'error', severity: 'error' },
  'deploy-failed': { text: 'Deploy failed', icon: 'error', severity: 'error' },
};

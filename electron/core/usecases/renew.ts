import type { RenewalOutcomeView, RenewalView } from '../../../shared/api/views.ts';
import { loadSettings } from '../app/settings.ts';
import type { RenewalService } from '../renewal/renewal-service.ts';
import type { Core } from './core.ts';

export interface RenewInput {
  /** Ids or names; none: every certificate with automatic renewal on. */
  certificates?: readonly string[] | undefined;
  /** Renew even if not due, and even while renewals are paused. */
  force: boolean;
  /** A run over all certificates does nothing while renewals are paused (unless forced). */
  respectPause: boolean;
  onStart?: ((total: number) => void) | undefined;
  onOutcome?: ((outcome: RenewalOutcomeView) => void) | undefined;
}

export type RenewResult = { skipped: 'paused' } | { outcomes: RenewalOutcomeView[] };

/**
 * Renews now what is due (or what is named, with force): the same run the scheduler makes, each
 * certificate under its lock, so a run next to the app or the daemon never places a second order.
 */
export async function renewNow(
  core: Pick<Core, 'certificates' | 'dataDir'>,
  renewal: RenewalService,
  input: RenewInput,
): Promise<RenewResult> {
  const ids = input.certificates?.map((c) => core.certificates.find(c).id);
  if (input.respectPause && !input.force && ids === undefined && (await loadSettings(core.dataDir)).renewalsPaused)
    return { skipped: 'paused' };
  const outcomes = await renewal.run({
    force: input.force,
    ...(ids ? { certificateIds: ids } : {}),
    ...(input.onStart ? { onStart: input.onStart } : {}),
    ...(input.onOutcome ? { onOutcome: input.onOutcome } : {}),
  });
  return { outcomes };
}

/** Each certificate's renewal plan and health, and whether renewals are paused; changes nothing. */
export async function renewalStatus(
  core: Pick<Core, 'dataDir'>,
  renewal: RenewalService,
): Promise<{ paused: boolean; items: RenewalView[] }> {
  const [items, settings] = await Promise.all([renewal.overview(), loadSettings(core.dataDir)]);
  return { paused: settings.renewalsPaused, items };
}

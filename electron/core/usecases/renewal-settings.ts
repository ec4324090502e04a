import type { RenewalSettingsView } from '../../../shared/api/views.ts';
import { renewalSettingsView, saveRenewalSettings, type RenewalSettingsInput } from '../renewal/renewal-settings.ts';
import type { Core } from './core.ts';

type SettingsCore = Pick<Core, 'certificates' | 'store' | 'keystore'>;

/** A certificate's renewal and deploy settings, read fresh from the store. */
export async function getRenewalSettings(core: SettingsCore, input: { certificate: string }): Promise<RenewalSettingsView> {
  await core.store.reload();
  return renewalSettingsView(core.store, core.certificates.find(input.certificate));
}

/**
 * A deploy command runs with the user's rights after every renewal, so where the caller is not
 * the owner's own command line, a new one must be approved first (see app/deploy-command-guard.ts);
 * the approval throws to refuse.
 */
export type ApproveDeployCommand = (request: {
  certificate: string;
  current: string | undefined;
  next: string | undefined;
}) => Promise<void>;

/** Saves a certificate's renewal and deploy settings (paths already absolute); returns them as saved. */
export async function setRenewalSettings(
  core: SettingsCore,
  input: { certificate: string; settings: RenewalSettingsInput },
  o: { approveDeployCommand?: ApproveDeployCommand | undefined; now?: Date } = {},
): Promise<RenewalSettingsView> {
  await core.store.reload();
  const cert = core.certificates.find(input.certificate);
  await o.approveDeployCommand?.({
    certificate: cert.names.join(', '),
    current: renewalSettingsView(core.store, cert).command?.run,
    next: input.settings.command?.run,
  });
  return saveRenewalSettings(core.store, core.keystore, cert, input.settings, o.now ?? new Date());
}

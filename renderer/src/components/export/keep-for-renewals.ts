import type { KeyFormat, Compat } from './formats.ts';
import { api } from '../../api/index.ts';
import { DEFAULT_TIMEOUT_SEC } from '../renewal-settings/renewal-settings.ts';

export type ExportTargetChoice =
  { kind: 'pem'; dir: string; keyFormat: KeyFormat } | { kind: 'pfx'; path: string; compatibility: Compat; password: string | null };

/**
 * Makes an export the certificate's renewal target: the same Renewal & deploy settings the form on
 * the Certificates page edits, so every renewal writes the new certificate where this export went
 * (a PFX with the same password). Everything else in those settings is kept as it is.
 */
export async function keepForRenewals(certificateId: string, target: ExportTargetChoice, reloadCommand = ''): Promise<void> {
  const v = await api.getRenewalSettings({ certificateId });
  await api.setRenewalSettings({
    certificateId,
    autoRenew: v.autoRenew,
    reuseKey: v.reuseKey,
    pem: target.kind === 'pem' ? { dir: target.dir, keyFormat: target.keyFormat } : v.pem,
    pfx:
      target.kind === 'pfx'
        ? { path: target.path, compatibility: target.compatibility, ...(target.password ? { password: target.password } : {}) }
        : v.pfx
          ? { path: v.pfx.path, compatibility: v.pfx.compatibility }
          : null,
    // A new reload command: the desktop app asks its owner to confirm it in a native dialog.
    command: reloadCommand.trim() ? { run: reloadCommand.trim(), timeoutSec: v.command?.timeoutSec ?? DEFAULT_TIMEOUT_SEC } : v.command,
    backupAccountId: v.backupAccountId,
    failoverAfter: v.failoverAfter,
  });
}

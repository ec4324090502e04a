import type { Settings } from '../../../shared/api/views.ts';
import { loadSettings, patchSettings } from '../app/settings.ts';
import { expandResolvers } from '../dns/default-resolvers.ts';
import { validateWebhookUrl } from '../notify/webhook.ts';
import { InputError } from '../user-error.ts';

export { loadSettings as getSettings };

/**
 * Changes some settings and keeps the rest, in one locked step, so the tray's "Pause" and the
 * settings page saving at once both keep their change. Every given value is checked first.
 */
export async function changeSettings(dataDir: string, patch: Partial<Settings>): Promise<{ before: Settings; after: Settings }> {
  for (const r of patch.resolvers ?? []) {
    try {
      expandResolvers([r]);
    } catch (err) {
      throw new InputError(`Resolver "${r}": ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const webhookProblem = patch.webhookUrl === undefined || patch.webhookUrl === '' ? null : validateWebhookUrl(patch.webhookUrl);
  if (webhookProblem) throw new InputError(webhookProblem);
  return patchSettings(dataDir, patch);
}

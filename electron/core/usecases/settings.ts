import { randomUUID } from 'node:crypto';
import type { Settings } from '../../../shared/api/views.ts';
import { loadSettings, loadStoredSettings, patchSettings, settingsView, type StoredSettings } from '../app/settings.ts';
import { expandResolvers } from '../dns/default-resolvers.ts';
import type { Keystore } from '../keystore/keystore.ts';
import { REDACTED, redactUrl, urlHasSecret } from '../notify/redact.ts';
import { validateWebhookUrl } from '../notify/webhook.ts';
import { InputError } from '../user-error.ts';

export { loadSettings as getSettings };

/** What a caller may change: everything the app shows but the keystore flag, which follows the URL. */
export type SettingsPatch = Partial<Omit<Settings, 'webhookSecretKept'>>;

/** Where a webhook URL with a token is kept: a fresh ref per URL, so a failed save never loses the old one. */
const WEBHOOK_REF_PREFIX = 'webhook-url:';

/**
 * Changes some settings and keeps the rest, in one locked step, so the tray's "Pause" and the
 * settings page saving at once both keep their change. Every given value is checked first.
 * A webhook URL that carries a token goes to the keystore and settings.json keeps it redacted:
 * secrets never sit in a plaintext file (docs/decisions/0017-webhook-token-in-the-keystore.md).
 */
export async function changeSettings(
  dataDir: string,
  patch: SettingsPatch,
  keystore: Keystore,
): Promise<{ before: Settings; after: Settings }> {
  for (const r of patch.resolvers ?? []) {
    try {
      expandResolvers([r]);
    } catch (err) {
      throw new InputError(`Resolver "${r}": ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const stored: Partial<StoredSettings> = { ...patch };
  let newRef: string | undefined;
  if (patch.webhookUrl !== undefined) {
    const url = patch.webhookUrl;
    if (url.includes(REDACTED)) {
      // The page sends back what it was shown: unchanged unless the user edited around the redaction.
      if ((await loadStoredSettings(dataDir)).webhookUrl !== url)
        throw new InputError(`The webhook URL still holds "${REDACTED}" where its token was hidden; paste the whole URL again`);
      delete stored.webhookUrl;
    } else {
      const problem = url === '' ? null : validateWebhookUrl(url);
      if (problem) throw new InputError(problem);
      if (url !== '' && urlHasSecret(url)) {
        newRef = `${WEBHOOK_REF_PREFIX}${randomUUID()}`;
        await keystore.set(newRef, Buffer.from(url, 'utf8'));
        stored.webhookUrl = redactUrl(url);
        stored.webhookUrlRef = newRef;
      }
    }
  }
  let result: { before: StoredSettings; after: StoredSettings };
  try {
    result = await patchSettings(dataDir, stored);
  } catch (err) {
    if (newRef) await keystore.delete(newRef).catch(() => false);
    throw err;
  }
  const oldRef = result.before.webhookUrlRef;
  if (oldRef !== undefined && oldRef !== result.after.webhookUrlRef) await keystore.delete(oldRef).catch(() => false);
  return { before: settingsView(result.before), after: settingsView(result.after) };
}

/**
 * A settings.json written before tokens were kept in the keystore may hold a webhook URL with its
 * token in plain text: moved to the keystore (once; the file is rewritten without it).
 */
export async function protectStoredWebhookUrl(dataDir: string, keystore: Keystore): Promise<boolean> {
  const stored = await loadStoredSettings(dataDir);
  if (stored.webhookUrlRef !== undefined || !stored.webhookUrl || !urlHasSecret(stored.webhookUrl)) return false;
  await changeSettings(dataDir, { webhookUrl: stored.webhookUrl }, keystore);
  return true;
}

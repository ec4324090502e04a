import type { StoredSettings } from '../app/settings.ts';
import type { Keystore } from '../keystore/keystore.ts';
import { InputError } from '../user-error.ts';

/** The webhook URL notices go to, its token read back from the keystore; undefined for none. */
export async function webhookUrlOf(stored: StoredSettings, keystore: Keystore): Promise<string | undefined> {
  if (stored.webhookUrlRef === undefined) return stored.webhookUrl || undefined;
  const secret = await keystore.get(stored.webhookUrlRef);
  if (!secret) {
    throw new InputError(
      `The webhook URL's token is missing from ${keystore.describe()} (entry ${stored.webhookUrlRef}); enter the webhook URL again in Settings`,
    );
  }
  try {
    return secret.toString('utf8');
  } finally {
    secret.fill(0);
  }
}

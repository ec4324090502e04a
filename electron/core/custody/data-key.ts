import { randomBytes } from 'node:crypto';
import type { Keystore } from '../keystore/keystore.ts';

/** The keystore entry of the data key that seals certificate private keys in the store. */
export const DATA_KEY_REF = 'data-key';

/**
 * The 32-byte data key, created on first use. Certificate keys are sealed with it rather than
 * stored in the keychain one by one: there can be many, and they are replaced at every renewal.
 */
export async function dataKey(keystore: Keystore): Promise<Buffer> {
  const existing = await keystore.get(DATA_KEY_REF);
  if (existing) {
    if (existing.length !== 32) throw new Error(`The data key in ${keystore.describe()} is damaged (wrong length); restore from a backup`);
    return existing;
  }
  const key = randomBytes(32);
  await keystore.set(DATA_KEY_REF, key);
  return key;
}

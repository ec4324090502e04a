import { randomBytes } from 'node:crypto';
import type { Keystore } from '../keystore/keystore.ts';

/** The keystore entry of the data key that seals certificate private keys in the store. */
export const DATA_KEY_REF = 'data-key';

/** One lookup (and at most one creation) per keystore per process, however many callers. */
const cache = new WeakMap<Keystore, Promise<Buffer>>();

/**
 * The 32-byte data key, created on first use. Certificate keys are sealed with it rather than
 * stored in the keychain one by one: there can be many, and they are replaced at every renewal.
 *
 * Creation must happen once: a batch that seals fifty keys at the same moment would otherwise
 * mint fifty data keys, keep the last, and leave forty-nine certificates sealed under keys that
 * are gone. Within a process the promise is shared; across processes, `withLock` (the store's
 * lock file) makes read-or-create atomic.
 */
export function dataKey(keystore: Keystore, withLock?: <T>(fn: () => Promise<T>) => Promise<T>): Promise<Buffer> {
  let key = cache.get(keystore);
  if (!key) {
    const checked = (existing: Buffer): Buffer => {
      if (existing.length !== 32)
        throw new Error(`The data key in ${keystore.describe()} is damaged (wrong length); restore from a backup`);
      return existing;
    };
    const readOrCreate = async (): Promise<Buffer> => {
      const existing = await keystore.get(DATA_KEY_REF);
      if (existing) return checked(existing);
      const fresh = randomBytes(32);
      await keystore.set(DATA_KEY_REF, fresh);
      return fresh;
    };
    // Only creation needs the lock (read again under it: another process may have just created
    // the key); reading first keeps a full disk (no room for a lock file) from blocking the use of
    // a key that exists.
    const read = async (): Promise<Buffer> => {
      const existing = await keystore.get(DATA_KEY_REF);
      if (existing) return checked(existing);
      return withLock ? withLock(readOrCreate) : readOrCreate();
    };
    key = read();
    key.catch(() => cache.delete(keystore));
    cache.set(keystore, key);
  }
  return key;
}

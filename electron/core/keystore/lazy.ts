import type { Keystore } from './keystore.ts';

/**
 * A keystore opened on first use. The app starts, shows its UI and can explain a missing
 * keychain in place (where the user can act on it) instead of refusing to start at all; every
 * call retries the open, so fixing the cause needs no restart. Never a plaintext fallback.
 */
export function lazyKeystore(open: () => Promise<Keystore>, kind: Keystore['kind'], description: string): Keystore {
  let opened: Promise<Keystore> | undefined;
  const get = (): Promise<Keystore> => {
    opened ??= open().catch((err: unknown) => {
      opened = undefined;
      throw err;
    });
    return opened;
  };
  return {
    kind,
    describe: () => description,
    get: async (ref) => (await get()).get(ref),
    set: async (ref, secret) => (await get()).set(ref, secret),
    delete: async (ref) => (await get()).delete(ref),
  };
}

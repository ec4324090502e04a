import { randomBytes, randomUUID } from 'node:crypto';
import { AsyncEntry, findCredentialsAsync, type EntryOptions } from '@napi-rs/keyring';
import { FILE_KEYSTORE_HINT, KeystoreError, type Keystore } from './keystore.ts';

export const DEFAULT_SERVICE = 'PersistCert';

/**
 * On Linux the library would otherwise fall back to the kernel keyring when the Secret Service is
 * unreachable: that store is per boot session, so an account key put there is lost at logout or
 * reboot. Pinning makes that case an error instead. Other platforms ignore the option.
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

/**
 * The platform keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows)
 * through @napi-rs/keyring. One item per ref: attributes service=<service>, username=<ref>; the
 * secret is stored base64-encoded, since the Secret Service and other tools expect text.
 * The async API keeps a slow D-Bus call or an unlock prompt from blocking the Electron main process.
 */
export class OsKeychain implements Keystore {
  readonly kind = 'os-keychain';
  readonly service: string;
  private prefetched: Promise<Map<string, Buffer>> | undefined;

  /** `prefetched`: items read ahead by prefetchKeychain; each is handed out once, then read for real. */
  constructor(options: { service?: string; prefetched?: Promise<Map<string, Buffer>> } = {}) {
    this.service = options.service ?? DEFAULT_SERVICE;
    if (this.service === '') throw new TypeError('the keychain service name must not be empty');
    this.prefetched = options.prefetched;
  }

  describe(): string {
    const what = `the OS keychain (${platformStoreName()})`;
    return this.service === DEFAULT_SERVICE ? what : `${what}, service "${this.service}"`;
  }

  async get(ref: string): Promise<Buffer | undefined> {
    const early = await this.takePrefetched(ref);
    if (early) return early;
    const secret = await this.read(ref, `read "${ref}" from ${this.describe()}`);
    // A keyring that cannot be used can still answer lookups with "nothing here" (a locked or
    // missing default collection), which would read as a lost key ("restore from a backup"). A miss
    // is rare, so it is confirmed with a round trip, which reports the real trouble if there is one.
    if (secret === undefined) await this.probe();
    return secret;
  }

  async set(ref: string, secret: Buffer): Promise<void> {
    (await this.takePrefetched(ref))?.fill(0);
    await this.call(ref, `write "${ref}" to ${this.describe()}`, (e) => e.setPassword(secret.toString('base64')));
  }

  async delete(ref: string): Promise<boolean> {
    (await this.takePrefetched(ref))?.fill(0);
    return this.call(ref, `delete "${ref}" from ${this.describe()}`, (e) => e.deletePassword());
  }

  /**
   * A real round trip (write, read back, delete a throwaway item): merely connecting succeeds
   * even when the keyring is locked. Throws the KeystoreError that explains what is wrong.
   */
  async probe(): Promise<void> {
    const ref = `probe:${randomUUID()}`;
    const value = randomBytes(16);
    const doing = `use ${this.describe()}`; // errors speak of the keychain, not of the throwaway item
    await this.call(ref, doing, (e) => e.setPassword(value.toString('base64')));
    try {
      const back = await this.read(ref, doing);
      if (!back?.equals(value))
        throw new KeystoreError('unavailable', `${this.describe()} did not return what was just stored in it; ${FILE_KEYSTORE_HINT}`);
    } finally {
      await this.call(ref, doing, (e) => e.deletePassword()).catch(() => false);
    }
  }

  /** The prefetched copy of `ref`, removed so that it is used at most once. */
  private async takePrefetched(ref: string): Promise<Buffer | undefined> {
    if (!this.prefetched) return undefined;
    const items = await this.prefetched;
    const secret = items.get(ref);
    items.delete(ref);
    return secret;
  }

  private async read(ref: string, doing: string): Promise<Buffer | undefined> {
    const text = await this.call(ref, doing, (e) => e.getPassword());
    if (text === null) return undefined;
    const secret = decodeItem(text);
    if (!secret) {
      throw new KeystoreError(
        'corrupt',
        `The item "${ref}" in ${this.describe()} is not in PersistCert's format; remove it or restore from a backup`,
      );
    }
    return secret;
  }

  /** Runs one operation on the entry for `ref`, turning the library's errors into KeystoreErrors. */
  private async call<T>(ref: string, doing: string, op: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    if (ref === '') throw new TypeError('a keystore ref must not be empty');
    try {
      // The constructor already talks to the platform store (and throws without a session bus).
      return await op(new AsyncEntry(this.service, ref, ENTRY_OPTIONS));
    } catch (err) {
      throw keychainError(err, doing);
    }
  }
}

/**
 * Starts reading, off the main thread, the items of `service` whose refs `wanted` selects: one
 * Secret Service search instead of one D-Bus session per item, each of which costs ~6 ms of the
 * main thread before its read even starts (docs/decisions/0015-keychain-read-ahead.md). Only for
 * refs that are written once and never changed (account keys carry a fresh UUID, the data key is
 * created once), so a copy read a moment early is the copy a later read would get.
 *
 * Linux only: macOS may ask the user once per item that a search returns. Any failure, and any item
 * not in our format, leaves the item out; OsKeychain.get then reads it itself and reports the
 * trouble in full.
 */
export function prefetchKeychain(service: string, wanted: (ref: string) => boolean): Promise<Map<string, Buffer>> {
  const items = new Map<string, Buffer>();
  if (process.platform !== 'linux') return Promise.resolve(items);
  return findCredentialsAsync(service).then(
    (found) => {
      const count = new Map<string, number>();
      for (const { account } of found) count.set(account, (count.get(account) ?? 0) + 1);
      for (const { account, password } of found) {
        // Two items for one ref are left to get(), which reports them as ambiguous.
        if (count.get(account) !== 1 || !wanted(account)) continue;
        const secret = decodeItem(password);
        if (secret) items.set(account, secret);
      }
      return items;
    },
    () => items,
  );
}

/** An item's secret; undefined unless canonical base64: an item another program wrote under our service is not ours. */
function decodeItem(text: string): Buffer | undefined {
  const secret = Buffer.from(text, 'base64');
  if (/^[A-Za-z0-9+/]*={0,2}$/.test(text) && secret.toString('base64') === text) return secret;
  secret.fill(0);
  return undefined;
}

export type ProbeResult = { ok: true } | { ok: false; reason: string; error: KeystoreError };

/** Whether the keychain can be used right now (see OsKeychain.probe); never throws a KeystoreError. */
export async function probeOsKeychain(service: string = DEFAULT_SERVICE): Promise<ProbeResult> {
  try {
    await new OsKeychain({ service }).probe();
    return { ok: true };
  } catch (err) {
    if (!(err instanceof KeystoreError)) throw err;
    return { ok: false, reason: err.message, error: err };
  }
}

/**
 * Maps what the platform reported to an error that says what to do. The library's own message is
 * kept (it names the D-Bus or keychain failure, never a secret) for whoever has to debug the setup.
 */
export function keychainError(err: unknown, doing: string): KeystoreError {
  const detail = err instanceof Error ? err.message : String(err);
  // keyring-core: "Entry is matched by 2 credentials: …" (older releases said "ambiguous").
  if (/ambiguous|matched by \d+ credentials/i.test(detail)) {
    return new KeystoreError(
      'corrupt',
      `Cannot ${doing}: several keychain items match it (another program wrote one); remove the duplicates. (${detail})`,
    );
  }
  if (/no result found|prompt|dismiss|is locked|\blocked\b/i.test(detail)) {
    return new KeystoreError(
      'locked',
      `Cannot ${doing}: it is locked. Unlock your login keyring (log in to the desktop session, or unlock it in your ` +
        `keyring manager, e.g. Passwords and Keys) and try again; or ${FILE_KEYSTORE_HINT}. (${detail})`,
    );
  }
  return new KeystoreError(
    'unavailable',
    `Cannot ${doing}: it is not reachable (on Linux: no session bus, or no Secret Service on it; usual on servers, ` +
      `over SSH and in containers). To keep keys on this host, ${FILE_KEYSTORE_HINT}. (${detail})`,
  );
}

function platformStoreName(): string {
  switch (process.platform) {
    case 'darwin':
      return 'macOS Keychain';
    case 'win32':
      return 'Windows Credential Manager';
    default:
      return 'Secret Service';
  }
}

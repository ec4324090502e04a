import { UserError, type ApiErrorCode } from '../user-error.ts';
/**
 * Where secrets live: the ACME account keys (whoever holds one can issue for every domain whose
 * dns-persist-01 record names the account) and the data key that seals certificate keys.
 * Callers pick an opaque `ref` per secret ("account-key:<id>:<uuid>", "data-key").
 */
export interface Keystore {
  readonly kind: 'os-keychain' | 'encrypted-file';
  /** Human description for messages, e.g. "the OS keychain (Secret Service)" or "the encrypted file /x/keystore.json". */
  describe(): string;
  /** A fresh copy of the secret (callers may zero it), or undefined if there is none under `ref`. */
  get(ref: string): Promise<Buffer | undefined>;
  /** Stores a copy of `secret`, replacing any previous one; the caller may zero its buffer afterwards. */
  set(ref: string, secret: Buffer): Promise<void>;
  /** True if a secret was removed, false if there was none. */
  delete(ref: string): Promise<boolean>;
  /** The refs held; only keystores that can enumerate cheaply and reliably offer it. */
  list?(): Promise<string[]>;
}

export type KeystoreErrorCode =
  /** No keychain reachable (no session bus, no Secret Service): use the encrypted file keystore. */
  | 'unavailable'
  /** The keychain is there but locked, or the unlock prompt was dismissed. */
  | 'locked'
  /** A passphrase box did not authenticate: wrong passphrase, or the file was altered. */
  | 'wrong-passphrase'
  /** A data-key box did not authenticate: altered, or sealed under another data key. */
  | 'wrong-key'
  /** A box or keystore file that is not well-formed (hand-edited, truncated, not ours). */
  | 'corrupt'
  /** The file keystore needs a passphrase and none was given. */
  | 'no-passphrase'
  /** A new passphrase that is too short to protect an account key. */
  | 'weak-passphrase'
  /** A passphrase file that other users can read. */
  | 'insecure-file'
  /** A keystore or passphrase file that does not exist. */
  | 'not-found'
  /** A keystore or passphrase file that exists but cannot be read (permissions, a directory, …). */
  | 'unreadable';

/**
 * An error the user can fix; the message says how. Messages never contain secrets or
 * passphrases, only paths, refs, service names and what the platform reported.
 */
export class KeystoreError extends UserError {
  override name = 'KeystoreError';
  readonly apiCode: ApiErrorCode;
  constructor(
    readonly code: KeystoreErrorCode,
    message: string,
  ) {
    super(message);
    // A wrong passphrase is the user's to correct; the rest is the keychain's state.
    this.apiCode = code === 'wrong-passphrase' ? 'bad-request' : 'keystore';
  }
}

/** How to switch to the file keystore; quoted wherever the OS keychain cannot be used. */
export const FILE_KEYSTORE_HINT =
  'use the encrypted file keystore instead: --keystore file (or PERSISTCERT_KEYSTORE=file), with its passphrase ' +
  'from $PERSISTCERT_PASSPHRASE, --passphrase-file <path> (mode 0600), or a prompt';

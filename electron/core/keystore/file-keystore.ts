import { fsPromises, mkdir } from '../fs/fs-promised.ts';
import path from 'node:path';
import { withLockFile } from '../fs/lock-file.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { KeystoreError, type Keystore } from './keystore.ts';
import {
  CORRUPT_BOX,
  derivePassphraseKey,
  newPassphraseKey,
  openWithDerivedKey,
  parseSealedBox,
  sameKdf,
  sealWithDerivedKey,
  type PassphraseKey,
  type SealedBox,
} from './secret-box.ts';

/** Bound into the tag, so a backup bundle or another box cannot pass for a keystore. */
const AAD = 'persistcert-keystore/1';
/** Far above any real keystore; a bigger file is not ours and is not read into memory. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface FileKeystoreOptions {
  /** Create the file (with this passphrase) if it does not exist; otherwise a missing file is an error. */
  create: boolean;
  /** scrypt work factor for a new file; tests lower it. */
  scryptN?: number;
}

/**
 * The keystore for hosts without a usable OS keychain (servers, SSH, containers): one file holding a
 * passphrase-sealed box whose plaintext is a JSON map ref -> base64 secret.
 *
 * Every change is a read-modify-write of the whole file under a lock file, so the CLI, the app and
 * a daemon sharing a data directory cannot overwrite each other's keys, and the file is replaced
 * atomically. Reads go to the file each time for the same reason. scrypt runs once per open (the
 * derived key is kept); each write costs one AES-GCM pass with a fresh IV. A file that does not
 * parse or authenticate is reported and never written over: it may hold the only copy of a key.
 */
export class EncryptedFileKeystore implements Keystore {
  readonly kind = 'encrypted-file';
  /** Changes in this process, in order; other processes are kept out by the lock file. */
  private queue: Promise<unknown> = Promise.resolve();
  /** This instance created the file, so it may remove it again while it holds nothing. */
  private createdHere = false;
  /** It did remove it (emptied): the next write creates it afresh. */
  private removedEmpty = false;

  private constructor(
    readonly path: string,
    private readonly passphrase: string,
    private key: PassphraseKey,
  ) {}

  static async open(file: string, passphrase: string, options: FileKeystoreOptions): Promise<EncryptedFileKeystore> {
    const target = path.resolve(file);
    const existing = await readBox(target);
    if (existing) {
      const key = await deriveFor(target, existing, passphrase);
      const keystore = new EncryptedFileKeystore(target, passphrase, key);
      decode(target, existing, key).clear(); // checks the passphrase and the content now, not at first use
      return keystore;
    }
    if (!options.create) {
      throw new KeystoreError('not-found', `There is no keystore file at ${target}; to create one, run with --keystore file`);
    }
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const key = await newPassphraseKey(passphrase, options.scryptN === undefined ? {} : { scryptN: options.scryptN });
    const keystore = new EncryptedFileKeystore(target, passphrase, key);
    // Another process may have created it meanwhile: theirs wins, and our passphrase must open it.
    keystore.createdHere = (await readBox(target)) === undefined;
    await keystore.mutate(() => false, { createIfMissing: true });
    return keystore;
  }

  describe(): string {
    return `the encrypted file ${this.path}`;
  }

  async get(ref: string): Promise<Buffer | undefined> {
    checkRef(ref);
    const b64 = (await this.load()).get(ref);
    return b64 === undefined ? undefined : Buffer.from(b64, 'base64');
  }

  async set(ref: string, secret: Buffer): Promise<void> {
    checkRef(ref);
    const b64 = secret.toString('base64'); // copied now: the caller may zero its buffer once we return
    await this.mutate((entries) => {
      entries.set(ref, b64);
      return true;
    });
  }

  /**
   * Removes an entry. When that empties a file this instance created (a failed first
   * `account create`), the file goes too: an empty keystore must not stay locked to a passphrase
   * the user may have mistyped, and a retry with another passphrase starts afresh.
   */
  async delete(ref: string): Promise<boolean> {
    checkRef(ref);
    return this.mutate((entries) => entries.delete(ref), { removeIfEmptied: this.createdHere });
  }

  async list(): Promise<string[]> {
    return [...(await this.load()).keys()].sort();
  }

  /** The entries as the file holds them now. */
  private async load(): Promise<Map<string, string>> {
    const box = await readBox(this.path);
    if (!box && this.removedEmpty) return new Map();
    if (!box) throw new KeystoreError('not-found', `The keystore file ${this.path} has disappeared; restore it from a backup`);
    return decode(this.path, box, await this.keyFor(box));
  }

  /**
   * Applies `change` to the current entries and writes them back if it returns true. Queued behind
   * this process's earlier changes, and done under the lock file against other processes.
   */
  private mutate(
    change: (entries: Map<string, string>) => boolean,
    opts: { createIfMissing?: boolean; removeIfEmptied?: boolean } = {},
  ): Promise<boolean> {
    const task = () =>
      withLockFile(`${this.path}.lock`, async () => {
        const box = await readBox(this.path);
        if (!box && !opts.createIfMissing && !this.removedEmpty) {
          throw new KeystoreError('not-found', `The keystore file ${this.path} has disappeared; restore it from a backup`);
        }
        const entries = box ? decode(this.path, box, await this.keyFor(box)) : new Map<string, string>();
        const changed = change(entries);
        if (changed && entries.size === 0 && opts.removeIfEmptied) {
          await fsPromises().rm(this.path, { force: true });
          this.removedEmpty = true;
          return changed;
        }
        if (changed || !box) await this.write(entries);
        this.removedEmpty = false;
        return changed;
      });
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async write(entries: Map<string, string>): Promise<void> {
    const plaintext = Buffer.from(JSON.stringify(Object.fromEntries(entries)), 'utf8');
    try {
      const box = sealWithDerivedKey(plaintext, this.key, AAD);
      await writeFileAtomic(this.path, JSON.stringify(box, null, 2) + '\n', { mode: 0o600 });
    } finally {
      plaintext.fill(0);
    }
  }

  /** The key for `box`: the one we hold, unless another process re-keyed the file since. */
  private async keyFor(box: SealedBox): Promise<PassphraseKey> {
    if (!sameKdf(box.kdf, this.key.kdf)) {
      // The old key is not zeroed: a change in flight may still be sealing with it.
      this.key = await deriveFor(this.path, box, this.passphrase);
    }
    return this.key;
  }
}

/** The box in `file`, or undefined if there is no file; anything unreadable or malformed is an error naming it. */
async function readBox(file: string): Promise<SealedBox | undefined> {
  let text: string;
  try {
    const handle = await fsPromises().open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_FILE_BYTES) throw corrupt(file, `it is ${size} bytes, far larger than a keystore`);
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof KeystoreError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new KeystoreError('unreadable', `Cannot read the keystore file ${file}: ${code ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw corrupt(file, 'it is not JSON (truncated or edited?)');
  }
  try {
    const box = parseSealedBox(json);
    if (box.kdf.name !== 'scrypt') throw corrupt(file, 'it is not sealed with a passphrase');
    return box;
  } catch (err) {
    if (err instanceof KeystoreError && err.code === 'corrupt' && err.message.startsWith(CORRUPT_BOX)) {
      throw corrupt(file, err.message.slice(CORRUPT_BOX.length));
    }
    throw err;
  }
}

async function deriveFor(file: string, box: SealedBox, passphrase: string): Promise<PassphraseKey> {
  if (box.kdf.name !== 'scrypt') throw corrupt(file, 'it is not sealed with a passphrase');
  return derivePassphraseKey(passphrase, box.kdf);
}

/** Opens and checks the box: the result must be a map of refs to canonical base64 secrets. */
function decode(file: string, box: SealedBox, key: PassphraseKey): Map<string, string> {
  let plaintext: Buffer;
  try {
    plaintext = openWithDerivedKey(box, key, AAD);
  } catch (err) {
    if (err instanceof KeystoreError && err.code === 'wrong-passphrase') {
      throw new KeystoreError('wrong-passphrase', `Cannot open the keystore ${file}: wrong passphrase, or the file was altered`);
    }
    throw err;
  }
  try {
    let json: unknown;
    try {
      json = JSON.parse(plaintext.toString('utf8'));
    } catch {
      json = undefined;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw corrupt(file, 'it decrypts, but not to a keystore');
    const entries = new Map<string, string>();
    for (const [ref, value] of Object.entries(json)) {
      if (typeof value !== 'string' || !BASE64.test(value) || Buffer.from(value, 'base64').toString('base64') !== value) {
        throw corrupt(file, 'it decrypts, but an entry is not a secret');
      }
      entries.set(ref, value);
    }
    return entries;
  } finally {
    plaintext.fill(0);
  }
}

function checkRef(ref: string): void {
  if (typeof ref !== 'string' || ref === '') throw new TypeError('a keystore ref must be a non-empty string');
}

function corrupt(file: string, why: string): KeystoreError {
  return new KeystoreError(
    'corrupt',
    `The keystore file ${file} is damaged or not a PersistCert keystore (${why}). It was left as it is: ` +
      'restore it from a backup rather than deleting it, since it may hold the only copy of an account key',
  );
}

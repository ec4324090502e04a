import { fsPromises } from '../fs/fs-promised.ts';
import { KeystoreError } from './keystore.ts';

export const PASSPHRASE_ENV = 'PERSISTCERT_PASSPHRASE';

export interface PassphraseSources {
  env: Record<string, string | undefined>;
  /** From --passphrase-file. */
  passphraseFile?: string;
  /** Asks interactively; pass it only when there is a terminal to ask on. */
  prompt?: () => Promise<string>;
}

const HOW = `give it with --passphrase-file <path> (a file of mode 0600), in $${PASSPHRASE_ENV}, or run in a terminal to be asked`;

/**
 * The file keystore's passphrase, from the first source given: an explicit --passphrase-file beats
 * the environment, which beats asking. A passphrase file must be private to its owner, as an SSH
 * key must: anyone who can read it can open the keystore.
 */
export async function resolvePassphrase(sources: PassphraseSources): Promise<string> {
  if (sources.passphraseFile !== undefined) return readPassphraseFile(sources.passphraseFile);
  const fromEnv = sources.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (sources.prompt) {
    const typed = await sources.prompt();
    if (typed !== '') return typed;
    throw new KeystoreError('no-passphrase', `No keystore passphrase was entered; ${HOW}`);
  }
  throw new KeystoreError('no-passphrase', `The file keystore needs a passphrase: ${HOW}`);
}

async function readPassphraseFile(file: string): Promise<string> {
  let handle;
  try {
    handle = await fsPromises().open(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new KeystoreError(
      code === 'ENOENT' ? 'not-found' : 'unreadable',
      `Cannot read the passphrase file ${file}: ${code ?? (err as Error).message}`,
    );
  }
  try {
    // Checked on the open descriptor, so the file cannot be swapped between the check and the read.
    const info = await handle.stat();
    if (!info.isFile()) throw new KeystoreError('insecure-file', `The passphrase file ${file} is not a regular file`);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      throw new KeystoreError(
        'insecure-file',
        `The passphrase file ${file} is accessible to other users (mode ${(info.mode & 0o777).toString(8).padStart(3, '0')}); run: chmod 600 ${file}`,
      );
    }
    const text = await handle.readFile('utf8');
    const passphrase = text.split(/\r?\n/, 1)[0] ?? '';
    if (passphrase === '')
      throw new KeystoreError('no-passphrase', `The passphrase file ${file} is empty (the passphrase is its first line)`);
    return passphrase;
  } finally {
    await handle.close();
  }
}

import type { OptionSpec } from './command.ts';

/** Options every verb accepts. */
export const GLOBAL_OPTIONS: OptionSpec = {
  'data-dir': { type: 'string' },
  keystore: { type: 'string' },
  'passphrase-file': { type: 'string' },
  ca: { type: 'string' },
  'ca-bundle': { type: 'string' },
  json: { type: 'boolean' },
  dns: { type: 'string' },
  'auth-port': { type: 'string' },
  'allow-root': { type: 'boolean' },
};

export const GLOBAL_HELP: Record<string, string> = {
  'data-dir': 'where accounts and certificates live (default: $PERSISTCERT_DATA_DIR, else the app-data folder)',
  keystore: 'auto | os | file: the OS keychain (default), or an encrypted file for headless hosts',
  'passphrase-file': 'file keystore passphrase from this file (mode 0600); or $PERSISTCERT_PASSPHRASE, or a prompt',
  ca: 'a CA preset (letsencrypt, letsencrypt-staging, google, google-staging, zerossl, sslcom) or a directory URL',
  'ca-bundle': 'PEM file of CA certificates to trust for the ACME server (private or test CAs)',
  json: 'machine-readable output',
  dns: 'resolvers to check, ip[:port],… or "system" (default: the system resolver plus the public 1.1.1.1 and 8.8.8.8, which then see the names checked; --dns system asks only the system resolver)',
  'auth-port': 'port of the authoritative servers (default 53; for test setups)',
  'allow-root':
    "as root, open another user's data dir (refused otherwise: that user's deploy commands would run as root); files written keep that user as owner",
};

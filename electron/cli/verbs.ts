import type { Command } from './command.ts';
import type { VerbName } from './verb-names.ts';

/**
 * Every verb, in the order `--help` lists them: its name and one-line summary here, its options
 * and code in commands/, loaded only when that verb runs. `persistcert --version`, `--help` and
 * each verb thus pay only for what they use (cron runs the CLI often; see
 * docs/decisions/0004-cli-loads-per-command.md).
 */
export interface Verb {
  name: VerbName;
  summary: string;
  load(): Promise<Command>;
  /** Runs but is not listed (the completion scripts' helper). */
  hidden?: boolean;
}

export type DescribedCommand = Command & Pick<Verb, 'name' | 'summary'>;

const VERB_TABLE = [
  {
    name: 'account',
    summary: 'Create, show, back up, restore, roll over or deactivate the ACME account',
    load: async () => (await import('./commands/account.ts')).accountCommand,
  },
  {
    name: 'record',
    summary: 'Print the DNS record(s) to publish for names, for this account and CA',
    load: async () => (await import('./commands/record.ts')).recordCommand,
  },
  {
    name: 'check',
    summary: 'Check the record on every authoritative server and resolver, plus CAA and the CA (exit 0 only when ready)',
    load: async () => (await import('./commands/check.ts')).checkCommand,
  },
  {
    name: 'issue',
    summary: 'Issue certificates with dns-persist-01 (one for all -d names, or one per --cert in parallel)',
    load: async () => (await import('./commands/issue.ts')).issueCommand,
  },
  {
    name: 'list',
    summary: 'List certificates with their names, status and expiry',
    load: async () => (await import('./commands/list.ts')).listCommand,
  },
  {
    name: 'export',
    summary: 'Write a certificate and its key as PEM files or a PFX (PKCS#12)',
    load: async () => (await import('./commands/export.ts')).exportCommand,
  },
  {
    name: 'renew',
    summary: 'Renew the certificates that are due (cron-friendly: quiet when nothing is due)',
    load: async () => (await import('./commands/renew.ts')).renewCommand,
  },
  {
    name: 'configure',
    summary: "Show or change a certificate's renewal, deploy and failover settings",
    load: async () => (await import('./commands/configure.ts')).configureCommand,
  },
  {
    name: 'deploy',
    summary: "Write a certificate's configured files and run its deploy command now",
    load: async () => (await import('./commands/deploy.ts')).deployCommand,
  },
  {
    name: 'verify',
    summary: 'Check that your servers serve the current certificate (retries while a server reloads)',
    load: async () => (await import('./commands/verify.ts')).verifyCommand,
  },
  {
    name: 'daemon',
    summary: 'Renew unattended in the foreground (for systemd and other service managers)',
    load: async () => (await import('./commands/daemon.ts')).daemonCommand,
  },
  {
    name: 'revoke',
    summary: 'Revoke a certificate (needs --confirm <its first name>)',
    load: async () => (await import('./commands/revoke.ts')).revokeCommand,
  },
  {
    name: 'backup',
    summary: 'Back up the whole data directory into one passphrase-encrypted file',
    load: async () => (await import('./commands/backup.ts')).backupCommand,
  },
  {
    name: 'restore',
    summary: 'Restore a data-directory backup into an empty data directory',
    load: async () => (await import('./commands/backup.ts')).restoreCommand,
  },
  {
    name: 'recover',
    summary: 'Add a certificate kept in a rescue file because the disk was full when it was issued',
    load: async () => (await import('./commands/recover.ts')).recoverCommand,
  },
  {
    name: 'serve',
    summary: 'Serve the PersistCert UI on 127.0.0.1 (token-protected) for a browser',
    load: async () => (await import('./commands/serve.ts')).serveCommand,
  },
  {
    name: 'start',
    summary: 'Start the desktop app (or, without Electron, serve the same UI on 127.0.0.1)',
    load: async () => (await import('./commands/start.ts')).startCommand,
  },
  {
    name: 'logs',
    summary: 'Show the log of the desktop app, serve, start and the daemon (--follow to keep watching)',
    load: async () => (await import('./commands/logs.ts')).logsCommand,
  },
  {
    name: 'store',
    summary: 'Export the store as readable JSON (no keys) for a person or a script',
    load: async () => (await import('./commands/store.ts')).storeCommand,
  },
  {
    name: 'config',
    summary: 'Remember global options (ca, ca-bundle, dns, auth-port, keystore) in the data dir',
    load: async () => (await import('./commands/config.ts')).configCommand,
  },
  {
    name: 'completion',
    summary: 'Print a shell completion script (bash, zsh or fish)',
    load: async () => (await import('./commands/completion.ts')).completionCommand,
  },
  { name: '__complete', summary: '', hidden: true, load: async () => (await import('./commands/completion.ts')).completeCommand },
] as const satisfies readonly Verb[];

export const VERBS: readonly Verb[] = VERB_TABLE;

// verb-names.ts repeats the names for the launcher, which must not load this table's imports.
type Listed = (typeof VERB_TABLE)[number]['name'];
export const everyNameListedOnce: [Exclude<VerbName, Listed>, Exclude<Listed, VerbName>] extends [never, never] ? true : never = true;

/** The listed verbs with their options, for the completion scripts (which need every verb's). */
export async function describeVerbs(): Promise<DescribedCommand[]> {
  return Promise.all(VERBS.filter((v) => !v.hidden).map(async (v) => ({ ...(await v.load()), name: v.name, summary: v.summary })));
}

/**
 * The CLI's verbs by name, for the launcher (launch/launcher.ts), which keys its code cache by verb
 * and must not load verbs.ts's command table; verbs.ts checks at compile time that both agree.
 */
export const VERB_NAMES = [
  'account',
  'record',
  'check',
  'issue',
  'list',
  'export',
  'renew',
  'configure',
  'deploy',
  'verify',
  'daemon',
  'revoke',
  'backup',
  'restore',
  'recover',
  'serve',
  'start',
  'logs',
  'store',
  'config',
  'completion',
  '__complete',
] as const;

export type VerbName = (typeof VERB_NAMES)[number];

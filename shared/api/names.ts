/**
 * The contract's method and event names as plain data, without the parameter schemas, so the
 * sandboxed preload can enumerate them without bundling a validation library. contract.ts checks
 * at compile time that these lists and its schema table name exactly the same methods.
 */
export const METHOD_NAMES = [
  'appInfo',
  'caPresets',
  'inspectCa',
  'listAccounts',
  'createAccount',
  'backupAccount',
  'declineBackup',
  'restoreAccount',
  'rolloverAccount',
  'buildRecords',
  'dnsHosts',
  'runCheck',
  'startIssue',
  'listCertificates',
  'getCertificate',
  'exportPem',
  'exportPfx',
  'pickExportPath',
  'revokeCertificate',
  'getSettings',
  'patchSettings',
  'renewalOverview',
  'renewNow',
  'getRenewalSettings',
  'setRenewalSettings',
  'demoPublish',
  'getWizardDraft',
  'saveWizardDraft',
] as const;

export const EVENT_NAMES = [
  'issue.progress',
  'issue.finished',
  'certificates.changed',
  'renewal.changed',
  'renewal.outcome',
  'renewal.run-finished',
] as const;

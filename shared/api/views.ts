import type { CaPreset } from '../ca-presets.ts';
import type { DraftId } from '../dns-persist/drafts.ts';
import type { RecordStatus } from '../dns-persist/evaluate.ts';

/**
 * What the UI sees: plain, serializable snapshots the main process sends over the contract.
 * The main process owns the state; these are views of it.
 */

export interface AppInfo {
  version: string;
  /** 'electron' inside the desktop shell; 'web' when served by the loopback web host. */
  host: 'electron' | 'web';
  /** The sandbox demo: Pebble + BIND on loopback, and the publish-for-me button. */
  demo: boolean;
  dataDir: string;
  keystore: string;
  /** Where exports go unless the user picks another folder. */
  defaultExportDir: string;
}

export interface CaInfo {
  directoryUrl: string;
  preset?: CaPreset;
  termsOfService?: string;
  externalAccountRequired: boolean;
  issuerDomainNames: string[];
  draft: DraftId;
  profiles: string[];
  ari: boolean;
}

export interface AccountView {
  id: string;
  accountUrl: string;
  directoryUrl: string;
  status: 'valid' | 'deactivated' | 'revoked';
  keyType: string;
  contact: string[];
  createdAt: string;
  backedUpAt: string | null;
  /** The user chose to go on without a backup ("I understand"). */
  backupDeclinedAt: string | null;
  /** Names of valid certificates issued under this account: their records name it. */
  dependentNames: string[];
}

export interface RecordView {
  name: string;
  records: { name: string; issuer: string; value: string; strings: string[]; zoneFile: string }[];
}

export interface RecordsView {
  draft: DraftId;
  accountUrl: string;
  names: RecordView[];
}

export interface ServerRowView {
  kind: 'authoritative' | 'resolver';
  label: string;
  address: string;
  status: RecordStatus;
  seen: string[];
  detail?: string;
  via?: string;
}

export interface FindingView {
  severity: 'error' | 'warning' | 'ok';
  code: string;
  name: string;
  message: string;
  fix?: string;
}

export interface PreflightView {
  name: string;
  recordName: string;
  zone?: string;
  ready: boolean;
  servers: ServerRowView[];
  findings: FindingView[];
  offered?: boolean;
  checkedAt: string;
}

export interface CertificateView {
  id: string;
  accountId: string;
  directoryUrl: string;
  names: string[];
  status: 'valid' | 'revoked' | 'replaced';
  keyType: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  issuedAt: string;
  /** When the renewal scheduler plans to renew, once it runs. */
  nextRenewal: string | null;
  history: { at: string; event: string; detail?: string }[];
}

export type IssueStepView =
  | { step: 'precheck'; name: string; ready: boolean }
  | { step: 'order-created' }
  | { step: 'authorization'; name: string; status: string }
  | { step: 'finalizing' }
  | { step: 'downloading' }
  | { step: 'replaces-dropped' };

export interface Settings {
  /** Resolvers the propagation check asks besides each zone's own servers ("host[:port]"). */
  resolvers: string[];
  notifyOnSuccess: boolean;
  launchAtLogin: boolean;
}

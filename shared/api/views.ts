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
  /** The CA this setup is made for (the demo's own Pebble), preselected in the wizard; null for the usual list. */
  suggestedCa: string | null;
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
  /** When the key was last rolled over; backups made before it hold a key the CA refuses. */
  rolledOverAt: string | null;
  /** A rollover whose outcome the CA has not confirmed yet; both keys are kept meanwhile. */
  rolloverPending: boolean;
  /** Names of valid certificates issued under this account: their records name it. */
  dependentNames: string[];
}

/** One record (one per issuer name) and the certificate names it serves. */
export interface RecordView {
  /** The name to show: the plain name when the record serves one, else the wildcard. */
  name: string;
  /** Every certificate name this record serves, e.g. example.com and *.example.com. */
  covers: string[];
  records: { name: string; issuer: string; value: string; strings: string[]; zoneFile: string }[];
}

/** The DNS host of the zone that holds a name's record (electron/core/persist/provider-detect.ts). */
export interface DnsHostView {
  name: string;
  host: {
    zone: string;
    nameservers: string[];
    /** Ids from shared/dns-providers.ts; empty when the provider is not recognised. */
    providerIds: string[];
    server?: { name: string; address: string; port: number };
  } | null;
  /** Why the host could not be found (host is null). */
  reason?: string;
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
  /** As the CA's DNS library shows them: bytes outside printable ASCII as \DDD. */
  seen: string[];
  detail?: string;
  fix?: string;
  /** When known CAs disagree about the record: which reject it and which accept it. */
  rejectedBy?: string[];
  acceptedBy?: string[];
  via?: string;
}

export interface FindingView {
  severity: 'error' | 'warning' | 'ok';
  code: string;
  name: string;
  message: string;
  /** Present on every warning and error. */
  fix?: string;
  /** When known CAs disagree: which reject and which accept. */
  rejectedBy?: string[];
  acceptedBy?: string[];
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

/** A certificate as lists show it (the dashboard, events): no history, which only its details need. */
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
}

/** One certificate with its history log (oldest first): what its details show, read one at a time. */
export interface CertificateDetailsView extends CertificateView {
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
  /** Unattended renewal is paused (tray menu, settings); `renew` by hand still works. */
  renewalsPaused: boolean;
  /**
   * Where the daemon and the app POST renewal notices (JSON); '' for none. When the URL carries a
   * token (credentials, a query, a Slack-style path) it is kept in the keystore and shown here with
   * those parts as "[redacted]".
   */
  webhookUrl: string;
  /** The webhook URL's secret parts are in the keystore (OS keychain or encrypted file), not in settings.json. */
  webhookSecretKept: boolean;
}

/** How unattended renewal stands for one certificate (the tray icon, the dashboard, `renew --status`). */
export interface RenewalView {
  certificateId: string;
  names: string[];
  /** ok: nothing to do yet; warning: attention soon (persistUntil, expiry, a failing deploy); error: renewal failing. */
  health: 'ok' | 'warning' | 'error';
  autoRenew: boolean;
  /**
   * When the certificate will be renewed (or, after a failure, tried again), ISO 8601: the moment
   * picked in the CA's renewal window (RFC 9773 §4.2), else two thirds into the lifetime. Never
   * a background check: "due" means this moment has come.
   */
  renewAt: string | null;
  /** When renewal information and the records are looked at again (a background check, not a renewal). */
  nextCheckAt: string | null;
  /** Why that moment, in words ("a random moment in the CA's renewal window"). */
  reason: string;
  notAfter: string;
  failures: number;
  lastError: { message: string; at: string; fix?: string } | null;
  /** persistUntil within 30 days, expiry within 7 days, a deploy waiting to be retried. */
  warnings: string[];
  /** An order is in flight (it will be resumed, not placed again). */
  inFlight: boolean;
  deployPending: boolean;
  /** The CA this certificate came from, and the backup CA if one is configured. */
  directoryUrl: string | null;
  backupDirectoryUrl: string | null;
  /** What the configured servers served at the last verification (after a deploy, or on demand). */
  served: {
    at: string;
    results: {
      endpoint: string;
      status: 'serving' | 'old-certificate' | 'other-certificate' | 'unreachable';
      detail: string;
      fix?: string;
    }[];
  } | null;
}

/** One certificate's result in a renewal run. */
export interface RenewalOutcomeView {
  certificateId: string;
  names: string[];
  action: 'renewed' | 'not-due' | 'failed' | 'busy' | 'deployed' | 'deploy-failed' | 'paused';
  /** The new certificate, when renewed. */
  newCertificateId?: string;
  /** Renewed from the backup CA because the primary failed or stopped offering dns-persist-01. */
  failover?: boolean;
  /** The order was one left in flight by an earlier, interrupted run. */
  resumed?: boolean;
  message: string;
  fix?: string;
  /** When it will be renewed (or tried again); see RenewalView.renewAt. */
  renewAt?: string;
  warnings: string[];
}

export interface RenewalOverview {
  paused: boolean;
  /** A renewal run is going on in this process. */
  running: boolean;
  items: RenewalView[];
}

/** A certificate's renewal and deploy settings, as the settings form edits them. */
export interface RenewalSettingsView {
  certificateId: string;
  names: string[];
  accountId: string;
  autoRenew: boolean;
  reuseKey: boolean;
  pem: { dir: string; keyFormat: 'pkcs8' | 'sec1' | 'pkcs1' } | null;
  /** The password itself never leaves the keystore; only whether one is set. */
  pfx: { path: string; compatibility: 'modern' | 'legacy'; hasPassword: boolean } | null;
  command: { run: string; timeoutSec: number } | null;
  backupAccountId: string | null;
  failoverAfter: number;
  /** As the user wrote them (host:port[,sni=][,starttls=]). */
  verifyEndpoints: string[];
  verifyWaitSec: number;
}

import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { ApiErrorBody, MethodName, MethodParams, MethodResults } from '../../../shared/api/contract.ts';
import type { AccountView, CertificateDetailsView, CertificateView, PreflightView } from '../../../shared/api/views.ts';
import { CA_PRESETS } from '../../../shared/ca-presets.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { AcmeClient } from '../acme/client.ts';
import type { CertificateService } from '../certificates/certificate-service.ts';
import type { DnsServer } from '../dns/dns-client.ts';
import type { Keystore } from '../keystore/keystore.ts';
import type { RenewalScheduler } from '../renewal/scheduler.ts';
import type { RenewalService } from '../renewal/renewal-service.ts';
import type { AccountRecord, CertificateRecord } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import * as accounts from '../usecases/accounts.ts';
import { inspectCa } from '../usecases/ca.ts';
import { checkRecords, toPreflightView } from '../usecases/check.ts';
import { dnsHosts } from '../usecases/dns-hosts.ts';
import { exportPem, exportPfx, uiPath } from '../usecases/export.ts';
import { issueCertificate, planIssue } from '../usecases/issue.ts';
import { validNames } from '../usecases/names.ts';
import { buildRecords } from '../usecases/records.ts';
import { getRenewalSettings, setRenewalSettings } from '../usecases/renewal-settings.ts';
import { renewNow } from '../usecases/renew.ts';
import { revoke } from '../usecases/revoke.ts';
import { changeSettings, getSettings } from '../usecases/settings.ts';
import { InputError } from '../user-error.ts';
import { toApiError } from './api-errors.ts';
import { guardDeployCommand, type ConfirmDeployCommand } from './deploy-command-guard.ts';
import { appDns, appResolvers } from './dns-setup.ts';
import type { EventHub } from './events.ts';
import { toCertificateDetailsView, toCertificateView } from './views.ts';
import { loadWizardDraft, saveWizardDraft } from './wizard-draft.ts';

export interface AppServiceOptions {
  version: string;
  host: 'electron' | 'web';
  dataDir: string;
  store: Store;
  keystore: Keystore;
  accounts: AccountService;
  certificates: CertificateService;
  clientFor: (directoryUrl: string) => AcmeClient;
  events: EventHub;
  /** Resolvers when the user has configured none (tests and the demo pass loopback servers). */
  resolvers?: DnsServer[];
  authoritativePort?: number;
  /** The sandbox demo: publishes a record in the sandbox DNS for the user. */
  demo?: { publish(name: string, value: string): Promise<void>; directoryUrl?: string };
  defaultExportDir?: string;
  log?: (message: string) => void;
  renewal: RenewalService;
  /** The unattended scheduler, where this host runs one (the desktop app, `npm start`). */
  scheduler?: RenewalScheduler;
  /** The desktop app's native confirmation of a new deploy command (none: it cannot be set here). */
  confirmDeployCommand?: ConfirmDeployCommand;
}

type Handlers = { [M in MethodName]: (params: MethodParams<M>) => Promise<MethodResults[M]> };

/**
 * Every method of the UI contract, on the Electron-free core. The Electron shell and the
 * loopback web host both put this behind their transport; the main process owns the state.
 */
export class AppService implements Handlers {
  private readonly jobs = new Map<string, Promise<void>>();
  private renewing = 0;
  constructor(private readonly o: AppServiceOptions) {}

  async appInfo(): Promise<MethodResults['appInfo']> {
    return {
      version: this.o.version,
      host: this.o.host,
      demo: this.o.demo !== undefined,
      suggestedCa: this.o.demo?.directoryUrl ?? null,
      dataDir: this.o.dataDir,
      keystore: this.o.keystore.describe(),
      defaultExportDir: this.o.defaultExportDir ?? path.join(os.homedir(), 'PersistCert exports'),
    };
  }

  async caPresets(): Promise<MethodResults['caPresets']> {
    return [...CA_PRESETS];
  }

  inspectCa(p: MethodParams<'inspectCa'>): Promise<MethodResults['inspectCa']> {
    return inspectCa(this.o, p);
  }

  listAccounts(): Promise<AccountView[]> {
    return accounts.listAccounts(this.o);
  }

  async createAccount(p: MethodParams<'createAccount'>): Promise<AccountView> {
    return this.accountView(await accounts.createAccount(this.o, p));
  }

  async backupAccount(p: MethodParams<'backupAccount'>): Promise<MethodResults['backupAccount']> {
    const { fileName, content } = await accounts.backupAccount(this.o, p);
    return { fileName, content };
  }

  async declineBackup(p: MethodParams<'declineBackup'>): Promise<AccountView> {
    return this.accountView(await accounts.declineBackup(this.o, p));
  }

  async restoreAccount(p: MethodParams<'restoreAccount'>): Promise<AccountView> {
    return this.accountView(await accounts.restoreAccount(this.o, { ...p, verifyWithCa: true }));
  }

  async rolloverAccount(p: MethodParams<'rolloverAccount'>): Promise<AccountView> {
    return this.accountView(await accounts.rolloverAccount(this.o, p));
  }

  buildRecords(p: MethodParams<'buildRecords'>): Promise<MethodResults['buildRecords']> {
    return buildRecords(this.o, p);
  }

  async dnsHosts(p: MethodParams<'dnsHosts'>): Promise<MethodResults['dnsHosts']> {
    return dnsHosts({ resolvers: await appResolvers(this.o.dataDir, this.o), authoritativePort: this.o.authoritativePort }, p);
  }

  async runCheck(p: MethodParams<'runCheck'>): Promise<PreflightView[]> {
    const dns = await this.dns();
    try {
      return (await checkRecords(this.o, dns, p)).results.map(toPreflightView);
    } finally {
      dns.checker.close();
    }
  }

  /** Issuance takes a while: it runs as a job whose steps and end arrive as events. */
  async startIssue(p: MethodParams<'startIssue'>): Promise<MethodResults['startIssue']> {
    const account = this.o.accounts.find(p.accountId);
    const names = validNames(p.names);
    await this.o.store.reload();
    const replaces = planIssue(this.o.certificates.covering(names), { names, replacesId: p.replacesCertificateId }, Date.now());
    const jobId = randomUUID();
    const job = this.runIssue(jobId, account, names, p.keyType, replaces).finally(() => this.jobs.delete(jobId));
    this.jobs.set(jobId, job);
    return { jobId };
  }

  private async runIssue(
    jobId: string,
    account: AccountRecord,
    names: string[],
    keyType: MethodParams<'startIssue'>['keyType'],
    replaces?: CertificateRecord,
  ): Promise<void> {
    const { events } = this.o;
    const { checker } = await this.dns();
    let client: AcmeClient | undefined;
    try {
      client = await this.o.accounts.client(account);
      const record = await issueCertificate(
        this.o,
        { client, checker },
        {
          account,
          names,
          keyType,
          replaces,
          onProgress: (s) => {
            const progress =
              s.step === 'precheck'
                ? { step: 'precheck' as const, name: s.name, ready: s.result.ready }
                : s.step === 'authorization'
                  ? { step: 'authorization' as const, name: s.name, status: s.status }
                  : { step: s.step };
            events.emit('issue.progress', { jobId, progress });
          },
        },
      );
      events.emit('issue.finished', { jobId, certificate: this.certificateView(record) });
      events.emit('certificates.changed', { certificates: await this.listCertificates() });
    } catch (err) {
      events.emit('issue.finished', { jobId, error: toApiError(err, this.o.log) });
    } finally {
      checker.close();
      client?.close();
    }
  }

  async listCertificates(): Promise<CertificateView[]> {
    await this.o.store.reload();
    return this.o.certificates.list().map((c) => this.certificateView(c));
  }

  async getCertificate(p: MethodParams<'getCertificate'>): Promise<CertificateDetailsView> {
    await this.o.store.reload();
    const c = this.o.certificates.find(p.certificateId);
    return toCertificateDetailsView(c, this.o.store.account(c.accountId));
  }

  async exportPem(p: MethodParams<'exportPem'>): Promise<MethodResults['exportPem']> {
    return exportPem(this.o, { certificate: p.certificateId, dir: uiPath(p.dir), keyFormat: p.keyFormat, overwrite: p.overwrite });
  }

  async exportPfx(p: MethodParams<'exportPfx'>): Promise<MethodResults['exportPfx']> {
    // The form sends '' for "no password typed": one is generated.
    return exportPfx(this.o, {
      certificate: p.certificateId,
      path: uiPath(p.path),
      compatibility: p.compatibility,
      password: p.password || undefined,
      allowEmptyPassword: p.allowEmptyPassword,
      overwrite: p.overwrite,
    });
  }

  /**
   * The core has no windows: the Electron shell answers this method itself with a native
   * dialog; behind the web host the browser cannot name a local path, so the UI keeps its field.
   */
  async pickExportPath(): Promise<MethodResults['pickExportPath']> {
    return { path: null };
  }

  async revokeCertificate(p: MethodParams<'revokeCertificate'>): Promise<CertificateView> {
    const revoked = await revoke(this.o, { certificate: p.certificateId, confirm: p.confirm, reason: p.reason });
    this.o.events.emit('certificates.changed', { certificates: await this.listCertificates() });
    return this.certificateView(revoked);
  }

  getSettings(): Promise<MethodResults['getSettings']> {
    return getSettings(this.o.dataDir);
  }

  async patchSettings(p: MethodParams<'patchSettings'>): Promise<MethodResults['patchSettings']> {
    const { before, after } = await changeSettings(this.o.dataDir, p, this.o.keystore);
    if (before.renewalsPaused !== after.renewalsPaused) {
      this.o.scheduler?.wake(after.renewalsPaused ? 'renewals paused' : 'renewals resumed');
      this.o.events.emit('renewal.changed', await this.renewalOverview());
    }
    return after;
  }

  async renewalOverview(): Promise<MethodResults['renewalOverview']> {
    const settings = await getSettings(this.o.dataDir);
    return {
      paused: settings.renewalsPaused,
      running: this.renewing > 0 || (this.o.scheduler?.running ?? false),
      items: await this.o.renewal.overview(),
    };
  }

  /** Starts a run as a job: outcomes and the end are events (renewal.outcome, renewal.run-finished). */
  async renewNow(p: MethodParams<'renewNow'>): Promise<MethodResults['renewNow']> {
    if (this.jobs.has(p.runId)) throw new InputError(`A run with id ${p.runId} is already under way; choose a new id`);
    const job = this.renewAndWait(p).finally(() => this.jobs.delete(p.runId));
    this.jobs.set(p.runId, job);
    return { runId: p.runId };
  }

  /** A renewal run to its end (the tray's "Renew all now" waits for it); never throws: the end event says how it went. */
  async renewAndWait(p: { runId: string; certificateId?: string; force: boolean }): Promise<void> {
    this.renewing++;
    let outcomes = 0;
    let renewed = 0;
    let error: ApiErrorBody | null = null;
    try {
      this.o.events.emit('renewal.changed', await this.renewalOverview());
      await renewNow(this.o, this.o.renewal, {
        force: p.force,
        certificates: p.certificateId ? [p.certificateId] : undefined,
        // "Renew now" is the user's own request: it runs while unattended renewal is paused.
        respectPause: false,
        onOutcome: (outcome) => {
          outcomes++;
          if (outcome.action === 'renewed') renewed++;
          this.o.events.emit('renewal.outcome', { ...outcome, runId: p.runId });
        },
      });
    } catch (err) {
      error = toApiError(err, this.o.log);
    } finally {
      this.renewing--;
      this.o.events.emit('renewal.changed', await this.renewalOverview());
      this.o.events.emit('certificates.changed', { certificates: await this.listCertificates() });
      this.o.events.emit('renewal.run-finished', { runId: p.runId, outcomes, renewed, error });
    }
  }

  getRenewalSettings(p: MethodParams<'getRenewalSettings'>): Promise<MethodResults['getRenewalSettings']> {
    return getRenewalSettings(this.o, { certificate: p.certificateId });
  }

  async setRenewalSettings(p: MethodParams<'setRenewalSettings'>): Promise<MethodResults['setRenewalSettings']> {
    const { certificateId, ...input } = p;
    const settings = {
      ...input,
      pem: input.pem ? { ...input.pem, dir: uiPath(input.pem.dir) } : null,
      pfx: input.pfx ? { ...input.pfx, path: uiPath(input.pfx.path) } : null,
    };
    const view = await setRenewalSettings(
      this.o,
      { certificate: certificateId, settings },
      {
        approveDeployCommand: (request) => guardDeployCommand({ ...request, host: this.o.host, confirm: this.o.confirmDeployCommand }),
      },
    );
    this.o.scheduler?.wake('renewal settings changed');
    this.o.events.emit('renewal.changed', await this.renewalOverview());
    return view;
  }

  /** The demo (`npm run demo`) registers its own methods; the product has none of them. */
  get demoRegistered(): boolean {
    return this.o.demo !== undefined;
  }

  async demoPublish(p: MethodParams<'demoPublish'>): Promise<MethodResults['demoPublish']> {
    if (!this.o.demo) throw new InputError('Publishing records is only possible in the demo (npm run demo)');
    if (!/^_validation-persist\.[a-z0-9.*-]+$/.test(p.name)) throw new InputError('The demo only publishes _validation-persist records');
    await this.o.demo.publish(p.name, p.value);
    return { published: p.name };
  }

  async getWizardDraft(): Promise<MethodResults['getWizardDraft']> {
    return loadWizardDraft(this.o.dataDir, this.o.log);
  }

  async saveWizardDraft(p: MethodParams<'saveWizardDraft'>): Promise<MethodResults['saveWizardDraft']> {
    return { savedAt: (await saveWizardDraft(this.o.dataDir, p.draft)).savedAt };
  }

  /** Waits for background issuance jobs and stops the scheduler (for an orderly shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.jobs.values(), this.o.scheduler?.stop()]);
  }

  private dns() {
    return appDns(this.o.dataDir, this.o);
  }

  private accountView(a: AccountRecord): AccountView {
    return accounts.accountView(this.o, a);
  }

  private certificateView(c: CertificateRecord): CertificateView {
    return toCertificateView(c, this.o.store.account(c.accountId));
  }
}

import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ExportError } from '../export/errors.ts';
import type { MethodName, MethodParams, MethodResults } from '../../../shared/api/contract.ts';
import type { AccountView, CertificateView, PreflightView } from '../../../shared/api/views.ts';
import { CA_PRESETS } from '../../../shared/ca-presets.ts';
import { adapterFor, recordGroupsFor } from '../../../shared/dns-persist/drafts.ts';
import { splitCharacterStrings, zoneFileLine } from '../../../shared/dns-persist/record.ts';
import { emailProblem } from '../../../shared/email.ts';
import { checkDnsName } from '../../../shared/names.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { AcmeClient } from '../acme/client.ts';
import { jwkThumbprint } from '../acme/jws.ts';
import { revokeCertificate } from '../acme/revocation.ts';
import { backupAccount, restoreAccount } from '../backup/account-backup.ts';
import type { CertificateService } from '../certificates/certificate-service.ts';
import { generateKeyPair } from '../crypto/keys.ts';
import type { DnsServer } from '../dns/dns-client.ts';
import { expandResolvers } from '../dns/default-resolvers.ts';
import type { PropagationChecker } from '../dns/propagation.ts';
import { exportPemFiles } from '../export/pem-files.ts';
import { exportPfxFile } from '../export/pfx-file.ts';
import { generatePfxPassword } from '../export/pkcs12.ts';
import type { Keystore } from '../keystore/keystore.ts';
import { issueWithPersist } from '../persist/persist-issuance.ts';
import { runPreflight } from '../persist/preflight.ts';
import { detectDnsHost } from '../persist/provider-detect.ts';
import type { RenewalScheduler } from '../renewal/scheduler.ts';
import type { RenewalService } from '../renewal/renewal-service.ts';
import { renewalSettingsView, saveRenewalSettings } from '../renewal/renewal-settings.ts';
import { guardDeployCommand, type ConfirmDeployCommand } from './deploy-command-guard.ts';
import type { AccountRecord, CertificateRecord } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { AppInputError, toApiError } from './api-errors.ts';
import type { EventHub } from './events.ts';
import { validateWebhookUrl } from '../notify/webhook.ts';
import { appDns } from './dns-setup.ts';
import { keptProfileId, replacementTarget } from './one-per-site.ts';
import { loadSettings, saveSettings } from './settings.ts';
import { toAccountView, toCertificateView } from './views.ts';
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

  async inspectCa({ directoryUrl }: MethodParams<'inspectCa'>): Promise<MethodResults['inspectCa']> {
    if (!/^https:\/\/\S+$/.test(directoryUrl)) throw new AppInputError('The directory URL must start with https://', 'Copy the ACME directory URL from your CA');
    const client = this.o.clientFor(directoryUrl);
    try {
      const dir = await client.directory();
      const meta = dir.meta ?? {};
      const adapter = adapterFor(meta);
      let issuerDomainNames: string[] = [];
      try {
        issuerDomainNames = adapter.preliminaryIssuerNames(meta);
      } catch {
        issuerDomainNames = [];
      }
      const preset = CA_PRESETS.find((p) => p.directoryUrl === directoryUrl);
      return {
        directoryUrl,
        ...(preset ? { preset } : {}),
        ...(meta.termsOfService ? { termsOfService: meta.termsOfService } : {}),
        externalAccountRequired: meta.externalAccountRequired === true,
        issuerDomainNames,
        draft: adapter.id,
        profiles: Object.keys(meta.profiles ?? {}),
        ari: dir.renewalInfo !== undefined,
      };
    } finally {
      client.close();
    }
  }

  async listAccounts(): Promise<AccountView[]> {
    await this.o.store.reload();
    return this.o.accounts.list().map((a) => this.accountView(a));
  }

  async createAccount(p: MethodParams<'createAccount'>): Promise<AccountView> {
    const typed = p.contact.map((c) => c.trim().replace(/^mailto:/i, '')).filter((c) => c !== '');
    for (const email of typed) {
      const problem = emailProblem(email);
      if (problem) throw new AppInputError(problem, 'Correct the email address, or leave it empty');
    }
    const contact = typed.map((c) => `mailto:${c}`);
    const record = await this.o.accounts.create({
      directoryUrl: p.directoryUrl,
      agreeToTerms: p.agreeToTerms,
      contact,
      ...(p.keyType ? { keyType: p.keyType } : {}),
      externalAccountBinding: p.eab,
    });
    return this.accountView(record);
  }

  async backupAccount(p: MethodParams<'backupAccount'>): Promise<MethodResults['backupAccount']> {
    const account = this.o.accounts.find(p.accountId);
    const content = await backupAccount(this.o.accounts, account, p.passphrase);
    const host = new URL(account.directoryUrl).hostname;
    return { fileName: `persistcert-account-${host}-${new Date().toISOString().slice(0, 10)}.json`, content };
  }

  async declineBackup(p: MethodParams<'declineBackup'>): Promise<AccountView> {
    const account = this.o.accounts.find(p.accountId);
    const record: AccountRecord = { ...account, backupDeclinedAt: new Date().toISOString() };
    await this.o.store.putAccount(record);
    return this.accountView(record);
  }

  async restoreAccount(p: MethodParams<'restoreAccount'>): Promise<AccountView> {
    return this.accountView(await restoreAccount(this.o.accounts, p.content, p.passphrase, { verifyWithCa: true }));
  }

  async rolloverAccount(p: MethodParams<'rolloverAccount'>): Promise<AccountView> {
    return this.accountView(await this.o.accounts.rollover(this.o.accounts.find(p.accountId)));
  }

  async buildRecords(p: MethodParams<'buildRecords'>): Promise<MethodResults['buildRecords']> {
    const account = this.o.accounts.find(p.accountId);
    const names = this.names(p.names);
    const client = this.o.clientFor(account.directoryUrl);
    try {
      const meta = (await client.directory()).meta ?? {};
      const adapter = adapterFor(meta);
      const issuers = adapter.preliminaryIssuerNames(meta);
      const thumbprint = adapter.id === 'draft-02' ? await jwkThumbprint(await this.o.accounts.key(account)) : undefined;
      return {
        draft: adapter.id,
        accountUrl: account.accountUrl,
        // example.com and *.example.com share one record (policy=wildcard) at one name.
        names: recordGroupsFor(names, issuers, { accountUrl: account.accountUrl, keyThumbprint: thumbprint }, meta, { persistUntil: p.persistUntil }).map((g) => ({
          name: g.name,
          covers: g.covers,
          records: g.records.map((r) => ({
            name: r.name,
            issuer: r.issuer,
            value: r.value,
            strings: splitCharacterStrings(r.value),
            zoneFile: zoneFileLine(g.name, r.value),
          })),
        })),
      };
    } finally {
      client.close();
    }
  }

  async dnsHosts(p: MethodParams<'dnsHosts'>): Promise<MethodResults['dnsHosts']> {
    const names = this.names(p.names);
    const { resolvers } = await this.checker();
    return Promise.all(
      names.map(async (name) => {
        const r = await detectDnsHost(name, { resolvers, ...(this.o.authoritativePort ? { authoritativePort: this.o.authoritativePort } : {}) });
        return r.ok ? { name, host: r.host } : { name, host: null, reason: r.reason };
      }),
    );
  }

  async runCheck(p: MethodParams<'runCheck'>): Promise<PreflightView[]> {
    const account = this.o.accounts.find(p.accountId);
    const names = this.names(p.names);
    const { resolvers, checker } = await this.checker();
    const client = await this.o.accounts.client(account);
    try {
      const results = await runPreflight({ client, names, checker, resolvers, offerCheck: p.offerCheck });
      return results.map((r) => ({
        name: r.name,
        recordName: r.propagation.recordName,
        ...(r.propagation.zone ? { zone: r.propagation.zone } : {}),
        ready: r.ready,
        servers: r.propagation.servers.map((s) => ({
          kind: s.kind,
          label: s.label,
          address: s.server.address,
          status: s.status,
          seen: s.seen,
          ...(s.detail ? { detail: s.detail } : {}),
          ...(s.fix ? { fix: s.fix } : {}),
          ...(s.rejectedBy ? { rejectedBy: s.rejectedBy, acceptedBy: s.acceptedBy ?? [] } : {}),
          ...(s.via ? { via: s.via } : {}),
        })),
        findings: r.findings,
        ...(r.offer ? { offered: r.offer.offered } : {}),
        checkedAt: r.propagation.checkedAt,
      }));
    } finally {
      checker.close();
      client.close();
    }
  }

  async startIssue(p: MethodParams<'startIssue'>): Promise<MethodResults['startIssue']> {
    const account = this.o.accounts.find(p.accountId);
    const names = this.names(p.names);
    await this.o.store.reload();
    const replaces = replacementTarget(this.o.certificates.list(), names, p.replacesCertificateId, Date.now());
    const jobId = randomUUID();
    const job = this.runIssue(jobId, account, names, p.keyType, replaces).finally(() => this.jobs.delete(jobId));
    this.jobs.set(jobId, job);
    return { jobId };
  }

  private async runIssue(jobId: string, account: AccountRecord, names: string[], keyType: MethodParams<'startIssue'>['keyType'], replaces?: CertificateRecord): Promise<void> {
    const { events } = this.o;
    const { checker } = await this.checker();
    let client: AcmeClient | undefined;
    try {
      client = await this.o.accounts.client(account);
      const { privateKey } = await generateKeyPair(keyType);
      const issued = await issueWithPersist({
        client,
        names,
        certificateKey: privateKey,
        checker,
        onProgress: (s) => {
          const progress =
            s.step === 'precheck'
              ? { step: 'precheck' as const, name: s.name, ready: s.result.ready }
              : s.step === 'authorization'
                ? { step: 'authorization' as const, name: s.name, status: s.status }
                : { step: s.step };
          events.emit('issue.progress', { jobId, progress });
        },
      });
      // A replacement ends the old certificate's line and keeps its renewal and deploy settings.
      const record = await this.o.certificates.recordIssued({
        account,
        chainPem: issued.pem,
        privateKey,
        orderUrl: issued.orderUrl,
        ...(replaces ? { replacedId: replaces.id, profileId: keptProfileId(this.o.store, replaces, account), historyDetail: 'issued as a replacement' } : {}),
      });
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

  async exportPem(p: MethodParams<'exportPem'>): Promise<MethodResults['exportPem']> {
    const cert = this.o.certificates.find(p.certificateId);
    const privateKey = await this.o.certificates.privateKey(cert);
    const dir = expandHome(p.dir);
    const result = await exportPemFiles(dir, { certificatePem: cert.chainPem, privateKey, keyFormat: p.keyFormat }, { overwrite: p.overwrite });
    await this.o.store.appendHistory(cert.id, { event: 'exported', detail: `PEM to ${dir}` });
    return { files: result.files.map((f) => ({ role: f.role, path: f.path })) };
  }

  async exportPfx(p: MethodParams<'exportPfx'>): Promise<MethodResults['exportPfx']> {
    const cert = this.o.certificates.find(p.certificateId);
    const privateKey = await this.o.certificates.privateKey(cert);
    const generated = !p.allowEmptyPassword && !p.password;
    const password = p.allowEmptyPassword ? '' : (p.password ?? '') || generatePfxPassword();
    const target = expandHome(p.path);
    const result = await exportPfxFile(target, {
      privateKey,
      certificatePem: cert.chainPem,
      password,
      compatibility: p.compatibility,
      friendlyName: cert.names[0]!,
      allowEmptyPassword: p.allowEmptyPassword,
      overwrite: p.overwrite,
    });
    await this.o.store.appendHistory(cert.id, { event: 'exported', detail: `PFX (${p.compatibility}) to ${target}` });
    return { path: result.path, password: generated ? password : null, generated };
  }

  /**
   * The core has no windows: the Electron shell answers this method itself with a native
   * dialog; behind the web host the browser cannot name a local path, so the UI keeps its field.
   */
  async pickExportPath(): Promise<MethodResults['pickExportPath']> {
    return { path: null };
  }

  async revokeCertificate(p: MethodParams<'revokeCertificate'>): Promise<CertificateView> {
    const cert = this.o.certificates.find(p.certificateId);
    if (p.confirm !== cert.names[0]) throw new AppInputError(`Type ${cert.names[0]} to confirm: revocation cannot be undone`);
    const client = await this.o.accounts.client(this.o.accounts.find(cert.accountId));
    try {
      await revokeCertificate(client, cert.chainPem, { reason: p.reason });
    } finally {
      client.close();
    }
    await this.o.certificates.markRevoked(cert, p.reason);
    const list = await this.listCertificates();
    this.o.events.emit('certificates.changed', { certificates: list });
    return list.find((c) => c.id === cert.id)!;
  }

  async getSettings(): Promise<MethodResults['getSettings']> {
    return loadSettings(this.o.dataDir);
  }

  async setSettings(p: MethodParams<'setSettings'>): Promise<MethodResults['setSettings']> {
    for (const r of p.resolvers) {
      try {
        expandResolvers([r]);
      } catch (err) {
        throw new AppInputError(`Resolver "${r}": ${(err as Error).message}`);
      }
    }
    const webhookProblem = p.webhookUrl === '' ? null : validateWebhookUrl(p.webhookUrl);
    if (webhookProblem) throw new AppInputError(webhookProblem);
    const before = await loadSettings(this.o.dataDir);
    await saveSettings(this.o.dataDir, p);
    if (before.renewalsPaused !== p.renewalsPaused) {
      this.o.scheduler?.wake(p.renewalsPaused ? 'renewals paused' : 'renewals resumed');
      this.o.events.emit('renewal.changed', await this.renewalOverview());
    }
    return p;
  }

  async renewalOverview(): Promise<MethodResults['renewalOverview']> {
    const settings = await loadSettings(this.o.dataDir);
    return { paused: settings.renewalsPaused, running: this.renewing > 0 || (this.o.scheduler?.running ?? false), items: await this.o.renewal.overview() };
  }

  private renewing = 0;

  async renewNow(p: MethodParams<'renewNow'>): Promise<MethodResults['renewNow']> {
    const ids = p.certificateId ? [this.o.certificates.find(p.certificateId).id] : undefined;
    this.renewing++;
    this.o.events.emit('renewal.changed', await this.renewalOverview());
    try {
      return await this.o.renewal.run({
        force: p.force,
        ...(ids ? { certificateIds: ids } : {}),
        onOutcome: (outcome) => this.o.events.emit('renewal.outcome', outcome),
      });
    } finally {
      this.renewing--;
      this.o.events.emit('renewal.changed', await this.renewalOverview());
      this.o.events.emit('certificates.changed', { certificates: await this.listCertificates() });
    }
  }

  async getRenewalSettings(p: MethodParams<'getRenewalSettings'>): Promise<MethodResults['getRenewalSettings']> {
    await this.o.store.reload();
    return renewalSettingsView(this.o.store, this.o.certificates.find(p.certificateId));
  }

  async setRenewalSettings(p: MethodParams<'setRenewalSettings'>): Promise<MethodResults['setRenewalSettings']> {
    await this.o.store.reload();
    const cert = this.o.certificates.find(p.certificateId);
    const { certificateId: _id, ...input } = p;
    await guardDeployCommand({
      host: this.o.host,
      certificate: cert.names.join(', '),
      current: renewalSettingsView(this.o.store, cert).command?.run,
      next: input.command?.run,
      confirm: this.o.confirmDeployCommand,
    });
    const view = await saveRenewalSettings(
      this.o.store,
      this.o.keystore,
      cert,
      {
        ...input,
        pem: input.pem ? { ...input.pem, dir: expandHome(input.pem.dir) } : null,
        pfx: input.pfx ? { ...input.pfx, path: expandHome(input.pfx.path) } : null,
      },
      new Date(),
    );
    this.o.scheduler?.wake('renewal settings changed');
    this.o.events.emit('renewal.changed', await this.renewalOverview());
    return view;
  }

  async demoPublish(p: MethodParams<'demoPublish'>): Promise<MethodResults['demoPublish']> {
    if (!this.o.demo) throw new AppInputError('Publishing records is only possible in the demo (npm run demo)');
    if (!/^_validation-persist\.[a-z0-9.*-]+$/.test(p.name)) throw new AppInputError('The demo only publishes _validation-persist records');
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

  private names(raw: string[]): string[] {
    return raw.map((n) => {
      const c = checkDnsName(n);
      if (!c.ok) throw new AppInputError(`${JSON.stringify(n)}: ${c.error}`);
      return c.ascii;
    });
  }

  private checker(): Promise<{ resolvers: DnsServer[]; checker: PropagationChecker }> {
    return appDns(this.o.dataDir, { resolvers: this.o.resolvers, authoritativePort: this.o.authoritativePort });
  }

  private accountView(a: AccountRecord): AccountView {
    return toAccountView(a, this.o.certificates.list());
  }

  private certificateView(c: CertificateRecord): CertificateView {
    return toCertificateView(c, this.o.store.account(c.accountId));
  }
}

/**
 * A path typed in the UI: `~/` is the user's home; anything else must be absolute. A relative
 * path would land in whatever folder the app or the web host happened to start in.
 */
function expandHome(p: string): string {
  const trimmed = p.trim();
  if (trimmed === '~' || trimmed.startsWith('~/')) return path.join(os.homedir(), trimmed.slice(1));
  if (!path.isAbsolute(trimmed)) throw new ExportError(`"${trimmed}" is not a full path: give the whole path, such as ${path.join(os.homedir(), 'PersistCert exports', 'example.com')} (or start it with ~/)`);
  return path.normalize(trimmed);
}

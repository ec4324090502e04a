// The fake PersistCertApi itself, as it runs in the page (bundled by fake-api.ts with esbuild into
// one init script, so nothing of the transpiler is left out). Typed against the contract: a method
// the contract adds, renames or reshapes fails the type check here, not at run time in a test.
// Every call is recorded in `window.__calls` so tests can assert what the UI sent.
import type { EventName, EventPayloads, MethodName, MethodParams, PersistCertApi } from '../../shared/api/contract.ts';
import type { ApiErrorBody } from '../../shared/api/api-error.ts';
import type {
  AccountView,
  CertificateDetailsView,
  CertificateView,
  RenewalOutcomeView,
  RenewalOverview,
  RenewalSettingsView,
  RenewalView,
  Settings,
} from '../../shared/api/views.ts';
import type { FakeFixture } from './fake-api.ts';

type Methods = Omit<PersistCertApi, 'on'>;
type Listener = (payload: never) => void;

declare global {
  interface Window {
    __fakeFixture?: FakeFixture;
    __calls?: { method: string; params: unknown }[];
    persistcert?: PersistCertApi;
  }
}

function install(fx: FakeFixture): void {
  const calls: { method: string; params: unknown }[] = [];
  window.__calls = calls;
  const listeners: Partial<Record<EventName, Listener[]>> = {};
  const emit = <E extends EventName>(event: E, payload: EventPayloads[E]): void => {
    for (const l of (listeners[event] ?? []).slice()) (l as (p: EventPayloads[E]) => void)(payload);
  };
  const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const nowIso = () => new Date().toISOString();
  const query = new URLSearchParams(location.search);
  // ?fixture=sites: the same accounts as the dashboard fixture, certificates for the site rows.
  const sites = query.get('fixture') === 'sites';
  const dashboard = sites || query.get('fixture') === 'dashboard';
  let accounts: AccountView[] = dashboard
    ? [
        {
          ...fx.account,
          backedUpAt: fx.account.createdAt,
          dependentNames: ['shop.example.com', 'www.shop.example.com', '*.blog.example.org'],
        },
        ...fx.otherAccounts,
      ]
    : [];
  // Kept with their history, which only getCertificate answers (as the core does).
  let certificates: CertificateDetailsView[] = sites ? fx.siteCertificates.slice() : dashboard ? fx.dashboardCertificates.slice() : [];
  let settings: Settings = {
    resolvers: ['1.1.1.1', '9.9.9.9'],
    notifyOnSuccess: false,
    launchAtLogin: true,
    renewalsPaused: query.has('paused'),
    webhookUrl: '',
    webhookSecretKept: false,
  };
  // Renewal: ?paused starts paused; &renewal=none leaves the overview empty (the UI falls back to its
  // estimate); &late answers renewNow only after its run's events (they may overtake the answer).
  const late = query.has('late');
  let renewalItems: RenewalView[] = dashboard && !sites && query.get('renewal') !== 'none' ? fx.renewalItems.map((i) => ({ ...i })) : [];
  // ?draft=<JSON>: a wizard draft saved earlier (the wizard resumes at its step).
  let wizardDraft: MethodParams<'saveWizardDraft'>['draft'] = query.has('draft')
    ? (JSON.parse(query.get('draft')!) as MethodParams<'saveWizardDraft'>['draft'])
    : null;
  let renewalRunning = false;
  const renewalSettings: Record<string, RenewalSettingsView> = structuredClone(fx.renewalSettings);
  const overview = (): RenewalOverview => ({
    paused: settings.renewalsPaused,
    running: renewalRunning,
    items: renewalItems.map((i) => ({ ...i })),
  });
  const day = (iso: string | null) => (iso ?? '').slice(0, 10);

  function fail(body: ApiErrorBody): Error {
    const e = new Error(body.message) as Error & { body: ApiErrorBody };
    e.name = 'ApiError';
    e.body = body;
    return e;
  }
  const listed = ({ history: _history, ...c }: CertificateDetailsView): CertificateView => c;
  function certificate(id: string): CertificateDetailsView {
    const c = certificates.find((x) => x.id === id);
    if (!c) throw fail({ code: 'not-found', message: 'No certificate ' + id });
    return c;
  }
  function account(id: string): AccountView {
    const a = accounts.find((x) => x.id === id);
    if (!a) throw fail({ code: 'not-found', message: 'No account ' + id });
    return a;
  }
  function storedRenewalSettings(id: string): RenewalSettingsView {
    const c = certificate(id);
    return (
      renewalSettings[id] ?? {
        certificateId: id,
        names: c.names,
        accountId: c.accountId,
        autoRenew: true,
        reuseKey: false,
        pem: null,
        pfx: null,
        command: null,
        backupAccountId: null,
        failoverAfter: 3,
        verifyEndpoints: [],
        verifyWaitSec: 60,
      }
    );
  }

  /** One certificate through a fake run: a failing plan fails again, a due (or forced) one renews. */
  function renewOne(item: RenewalView, force: boolean): RenewalOutcomeView {
    const now = Date.now();
    if (!force && !(item.renewAt && new Date(item.renewAt).getTime() <= now)) {
      return {
        certificateId: item.certificateId,
        names: item.names,
        action: 'not-due',
        message: 'Not due: renewal is planned for ' + day(item.renewAt) + '.',
        ...(item.renewAt ? { renewAt: item.renewAt } : {}),
        warnings: [],
      };
    }
    if (item.health === 'error' && item.lastError) {
      const renewAt = new Date(now + 3600000).toISOString();
      const lastError = { ...item.lastError, at: nowIso() };
      Object.assign(item, { failures: item.failures + 1, renewAt, lastError });
      return {
        certificateId: item.certificateId,
        names: item.names,
        action: 'failed',
        message: lastError.message,
        ...(lastError.fix ? { fix: lastError.fix } : {}),
        renewAt,
        warnings: item.warnings.slice(),
      };
    }
    const notAfter = new Date(now + 90 * 86400000).toISOString();
    const renewAt = new Date(now + 60 * 86400000).toISOString();
    Object.assign(item, { notAfter, renewAt, failures: 0, lastError: null, reason: "A random moment in the CA's renewal window" });
    // Updated in place, and no certificates.changed: the UI must fetch the list itself after a renewal.
    certificates = certificates.map((c) =>
      c.id === item.certificateId
        ? { ...c, notBefore: nowIso(), notAfter, history: [...c.history, { at: nowIso(), event: 'renewed' }] }
        : c,
    );
    return {
      certificateId: item.certificateId,
      names: item.names,
      action: 'renewed',
      newCertificateId: item.certificateId,
      message: 'Renewed ' + item.names[0] + ': the new certificate is valid until ' + day(notAfter) + '.',
      renewAt,
      warnings: [],
    };
  }
  let checkCalls = 0;
  let issueCalls = 0;
  const base = (n: string) => (n.startsWith('*.') ? n.slice(2) : n);
  const zoneOf = (n: string) => base(n).split('.').slice(-2).join('.');
  const value = (issuer: string, url: string, wildcard: boolean, until?: number) =>
    issuer + '; accounturi=' + url + (wildcard ? '; policy=wildcard' : '') + (until ? '; persistUntil=' + until : '');

  async function issue(p: MethodParams<'startIssue'>, jobId: string, failing: boolean): Promise<void> {
    for (const n of p.names) {
      emit('issue.progress', { jobId, progress: { step: 'precheck', name: n, ready: true } });
      await wait(30);
    }
    emit('issue.progress', { jobId, progress: { step: 'order-created' } });
    await wait(30);
    const first = p.names[0] ?? '';
    if (failing) {
      emit('issue.progress', { jobId, progress: { step: 'authorization', name: base(first), status: 'invalid' } });
      emit('issue.finished', {
        jobId,
        error: {
          code: 'ca-refused',
          message: 'The CA did not accept the record for ' + first + '.',
          fix: 'Check that the record names your account URL exactly, then try again.',
          problem: {
            type: 'urn:ietf:params:acme:error:unauthorized',
            detail: 'No valid TXT record found at _validation-persist.' + base(first),
            status: 403,
          },
        },
      });
      return;
    }
    for (const n of p.names) {
      emit('issue.progress', { jobId, progress: { step: 'authorization', name: n, status: 'pending' } });
      await wait(20);
      emit('issue.progress', { jobId, progress: { step: 'authorization', name: n, status: 'valid' } });
    }
    emit('issue.progress', { jobId, progress: { step: 'finalizing' } });
    await wait(30);
    emit('issue.progress', { jobId, progress: { step: 'downloading' } });
    await wait(30);
    const cert: CertificateDetailsView = {
      id: 'cert-new',
      accountId: p.accountId,
      directoryUrl: account(p.accountId).directoryUrl,
      names: p.names,
      status: 'valid',
      keyType: p.keyType,
      serial: 'abcdef0123456789',
      notBefore: nowIso(),
      notAfter: new Date(Date.now() + 90 * 86400000).toISOString(),
      issuedAt: nowIso(),
      history: [{ at: nowIso(), event: 'issued' }],
    };
    certificates = [...certificates, cert];
    emit('issue.finished', { jobId, certificate: listed(cert) });
    emit('certificates.changed', { certificates: certificates.map(listed) });
  }

  const api: Methods = {
    appInfo: async () => (query.get('host') === 'electron' ? { ...fx.appInfo, host: 'electron' } : fx.appInfo),
    caPresets: async () => fx.presets,
    inspectCa: async (p) => ({ directoryUrl: p.directoryUrl, ...fx.caInfo }),
    listAccounts: async () => accounts,
    createAccount: async (p) => {
      const a: AccountView = { ...fx.account, directoryUrl: p.directoryUrl, contact: p.contact };
      accounts = [...accounts.filter((x) => x.id !== a.id), a];
      return a;
    },
    backupAccount: async (p) => {
      const a = account(p.accountId);
      if (p.passphrase.length < 8) throw fail({ code: 'bad-request', message: 'The passphrase is too short' });
      accounts = accounts.map((x) => (x.id === a.id ? { ...x, backedUpAt: nowIso() } : x));
      return {
        fileName: 'persistcert-account-123456789.pcbackup',
        content: '{"format":"persistcert-account-backup","v":1,"ciphertext":"..."}',
      };
    },
    declineBackup: async (p) => {
      const a = { ...account(p.accountId), backupDeclinedAt: nowIso() };
      accounts = accounts.map((x) => (x.id === a.id ? a : x));
      return a;
    },
    restoreAccount: async () => {
      const a = { ...fx.account, id: 'acct-restored', backedUpAt: nowIso() };
      accounts = [...accounts, a];
      return a;
    },
    rolloverAccount: async (p) => ({ ...account(p.accountId), backedUpAt: null, rolledOverAt: nowIso() }),
    buildRecords: async (p) => {
      const a = account(p.accountId);
      return {
        draft: 'draft-01',
        accountUrl: a.accountUrl,
        // Like the app: names that share a record name (example.com, *.example.com) share one record.
        names: p.names
          .filter((n, i) => p.names.findIndex((m) => base(m) === base(n)) === i)
          .map((first) => {
            const covers = p.names.filter((m) => base(m) === base(first));
            const n = covers.find((m) => !m.startsWith('*.')) ?? covers[0] ?? first;
            const v = value(
              'letsencrypt.org',
              a.accountUrl,
              covers.some((m) => m.startsWith('*.')),
              p.persistUntil,
            );
            const name = '_validation-persist.' + base(n);
            return {
              name: n,
              covers,
              records: [{ name, issuer: 'letsencrypt.org', value: v, strings: [v], zoneFile: name + '. 3600 IN TXT "' + v + '"' }],
            };
          }),
      };
    },
    dnsHosts: async (p) =>
      p.names.map((name) => ({ name, host: { zone: zoneOf(name), nameservers: ['ns1.example.net', 'ns2.example.net'], providerIds: [] } })),
    runCheck: async (p) => {
      checkCalls++;
      await wait(80);
      const ready = checkCalls >= 2;
      const a = account(p.accountId);
      return p.names.map((n) => {
        const v = value('letsencrypt.org', a.accountUrl, n.startsWith('*.'));
        return {
          name: n,
          recordName: '_validation-persist.' + base(n),
          zone: zoneOf(n),
          ready,
          servers: [
            {
              kind: 'authoritative',
              label: 'ns1.dnsprovider.example',
              address: '192.0.2.53',
              status: ready ? 'ok' : 'missing',
              seen: ready ? [v] : [],
            },
            { kind: 'authoritative', label: 'ns2.dnsprovider.example', address: '198.51.100.53', status: 'ok', seen: [v] },
            { kind: 'resolver', label: 'Cloudflare', address: '1.1.1.1', status: ready ? 'ok' : 'missing', seen: ready ? [v] : [] },
          ],
          findings: ready
            ? []
            : [
                {
                  severity: 'error',
                  code: 'not-everywhere',
                  name: n,
                  message: 'ns1.dnsprovider.example does not serve the record yet',
                  fix: 'Wait a few minutes for your DNS provider to publish it everywhere; PersistCert checks again by itself.',
                },
              ],
          offered: true,
          checkedAt: nowIso(),
        };
      });
    },
    startIssue: async (p) => {
      issueCalls++;
      const jobId = 'job-' + issueCalls;
      const failing = issueCalls === 1;
      setTimeout(() => void issue(p, jobId, failing), 40);
      return { jobId };
    },
    listCertificates: async () => certificates.map(listed),
    getCertificate: async (p) => certificate(p.certificateId),
    exportPem: async (p) => ({
      files: [
        { role: 'certificate', path: p.dir + '/cert.pem' },
        { role: 'chain', path: p.dir + '/chain.pem' },
        { role: 'full chain', path: p.dir + '/fullchain.pem' },
        { role: 'private key', path: p.dir + '/privkey.pem' },
      ],
    }),
    exportPfx: async (p) => ({ path: p.path, password: p.password ? null : 'tangy-Orbit-7-quill-Ferry', generated: !p.password }),
    pickExportPath: async () => ({ path: null }), // the browser host has no native dialogs
    revokeCertificate: async (p) => {
      const c = certificates.find((x) => x.id === p.certificateId);
      if (!c || p.confirm !== c.names[0]) throw fail({ code: 'bad-request', message: 'The confirmation does not match' });
      const r: CertificateDetailsView = {
        ...c,
        status: 'revoked',
        history: [...c.history, { at: nowIso(), event: 'revoked', detail: p.reason }],
      };
      certificates = certificates.map((x) => (x.id === r.id ? r : x));
      return listed(r);
    },
    getSettings: async () => settings,
    patchSettings: async (p) => {
      const pausedBefore = settings.renewalsPaused;
      settings = { ...settings, ...p };
      if (settings.renewalsPaused !== pausedBefore) emit('renewal.changed', overview());
      return settings;
    },
    renewalOverview: async () => overview(),
    renewNow: async (p) => {
      const targets = p.certificateId ? renewalItems.filter((i) => i.certificateId === p.certificateId) : renewalItems;
      if (p.certificateId && !targets.length) throw fail({ code: 'not-found', message: 'No renewal plan for ' + p.certificateId });
      // A job: outcomes and the end are events naming the caller's run id.
      const run = async (): Promise<void> => {
        renewalRunning = true;
        emit('renewal.changed', overview());
        await wait(40);
        let renewed = 0;
        for (const item of targets) {
          const o = renewOne(item, p.force);
          if (o.action === 'renewed') renewed++;
          emit('renewal.outcome', { ...o, runId: p.runId });
          await wait(20);
        }
        renewalRunning = false;
        emit('renewal.changed', overview());
        emit('renewal.run-finished', { runId: p.runId, outcomes: targets.length, renewed, error: null });
      };
      if (late) await run();
      else void run();
      return { runId: p.runId };
    },
    getRenewalSettings: async (p) => storedRenewalSettings(p.certificateId),
    setRenewalSettings: async (p) => {
      const prev = storedRenewalSettings(p.certificateId);
      if (p.pem && !p.pem.dir.startsWith('/')) {
        throw fail({
          code: 'bad-request',
          message: 'The PEM folder must be a full path, not ' + p.pem.dir + '.',
          fix: 'Write the folder from the root, such as /etc/ssl/shop.',
        });
      }
      const hasPassword = p.pfx ? (p.pfx.password !== undefined ? p.pfx.password !== '' : Boolean(prev.pfx?.hasPassword)) : false;
      const v: RenewalSettingsView = {
        certificateId: p.certificateId,
        names: prev.names,
        accountId: prev.accountId,
        autoRenew: p.autoRenew,
        reuseKey: p.reuseKey,
        pem: p.pem,
        pfx: p.pfx ? { path: p.pfx.path, compatibility: p.pfx.compatibility, hasPassword } : null,
        command: p.command,
        backupAccountId: p.backupAccountId,
        failoverAfter: p.failoverAfter,
        verifyEndpoints: p.verifyEndpoints ?? renewalSettings[p.certificateId]?.verifyEndpoints ?? [],
        verifyWaitSec: p.verifyWaitSec ?? 60,
      };
      renewalSettings[p.certificateId] = v;
      const backup = accounts.find((a) => a.id === p.backupAccountId);
      renewalItems = renewalItems.map((i) =>
        i.certificateId === p.certificateId ? { ...i, autoRenew: p.autoRenew, backupDirectoryUrl: backup ? backup.directoryUrl : null } : i,
      );
      emit('renewal.changed', overview());
      return v;
    },
    demoPublish: async (p) => ({ published: p.name }),
    getWizardDraft: async () => ({ draft: wizardDraft, savedAt: wizardDraft ? nowIso() : null }),
    saveWizardDraft: async (p) => {
      wizardDraft = p.draft;
      return { savedAt: p.draft ? nowIso() : null };
    },
  };

  const recorded = { ...api } as Record<MethodName, (params: unknown) => Promise<unknown>>;
  for (const name of Object.keys(api) as MethodName[]) {
    const real = api[name] as (params: unknown) => Promise<unknown>;
    recorded[name] = (params) => {
      calls.push({ method: name, params: JSON.parse(JSON.stringify(params ?? {})) as unknown });
      return real(params);
    };
  }
  const on: PersistCertApi['on'] = (event, listener) => {
    const list: Listener[] = listeners[event] ?? [];
    listeners[event] = [...list, listener as Listener];
    return () => {
      listeners[event] = (listeners[event] ?? []).filter((l) => l !== (listener as Listener));
    };
  };
  window.persistcert = { ...(recorded as Methods), on };
}

// The web-client test opens the page with ?token=: no preload there, the real client is used.
const fixture = window.__fakeFixture;
if (fixture && !new URLSearchParams(location.search).has('token')) install(fixture);

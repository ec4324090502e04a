// A scripted fake of PersistCertApi for the renderer tests, installed as `window.persistcert`
// before the page's own scripts run (context.addInitScript). It is plain browser JavaScript in a
// string: a function serialized from TypeScript could carry the transpiler's helpers with it.
// Every call is recorded in `window.__calls` so tests can assert what the UI sent.
import type { AccountView, AppInfo, CaInfo, CertificateView, RenewalSettingsView, RenewalView } from '../../shared/api/views.ts';
import type { CaPreset } from '../../shared/ca-presets.ts';

export interface FakeFixture {
  appInfo: AppInfo;
  presets: CaPreset[];
  caInfo: Omit<CaInfo, 'directoryUrl'>;
  account: AccountView;
  /** Certificates listed when the page URL has ?fixture=dashboard (else none). */
  dashboardCertificates: CertificateView[];
  /** More accounts with ?fixture=dashboard: one at another CA (a failover candidate), one at the same CA. */
  otherAccounts: AccountView[];
  /** The renewal overview's items with ?fixture=dashboard (none with &renewal=none too). */
  renewalItems: RenewalView[];
  /** Stored renewal settings by certificate id; the others start from defaults. */
  renewalSettings: Record<string, RenewalSettingsView>;
}

const DAY = 86_400_000;

export function makeFixture(presets: readonly CaPreset[], now = Date.now()): FakeFixture {
  const iso = (t: number): string => new Date(t).toISOString();
  const acctUrl = 'https://acme-staging-v02.api.letsencrypt.org/acme/acct/123456789';
  return {
    appInfo: {
      version: '0.1.0-test',
      host: 'web',
      demo: true,
      suggestedCa: null,
      dataDir: '/home/user/.local/share/persistcert',
      keystore: 'OS keychain (Secret Service)',
      defaultExportDir: '/home/user/certificates',
    },
    presets: [...presets],
    caInfo: {
      termsOfService: 'https://letsencrypt.org/documents/LE-SA-v1.5-February-24-2025.pdf',
      externalAccountRequired: false,
      issuerDomainNames: ['letsencrypt.org'],
      draft: 'draft-01',
      profiles: ['classic', 'shortlived'],
      ari: true,
    },
    account: {
      id: 'acct-1',
      accountUrl: acctUrl,
      directoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory',
      status: 'valid',
      keyType: 'ec-p256',
      contact: [],
      createdAt: iso(now),
      backedUpAt: null,
      backupDeclinedAt: null,
      rolledOverAt: null,
      rolloverPending: false,
      dependentNames: [],
    },
    dashboardCertificates: [
      {
        id: 'cert-a',
        accountId: 'acct-1',
        directoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory',
        names: ['shop.example.com', 'www.shop.example.com'],
        status: 'valid',
        keyType: 'ec-p256',
        serial: '04a1b2c3d4e5f60718293a4b5c6d7e8f',
        notBefore: iso(now - 20 * DAY),
        notAfter: iso(now + 70 * DAY),
        issuedAt: iso(now - 20 * DAY),
        nextRenewal: iso(now + 40 * DAY),
        history: [
          { at: iso(now - 20 * DAY), event: 'issued', detail: 'Order https://acme-staging-v02.api.letsencrypt.org/acme/order/1/2' },
          { at: iso(now - 20 * DAY + 60_000), event: 'exported', detail: 'PEM set to /home/user/certificates' },
        ],
      },
      {
        id: 'cert-b',
        accountId: 'acct-1',
        directoryUrl: 'https://dv.acme-v02.api.pki.goog/directory',
        names: ['*.blog.example.org'],
        status: 'valid',
        keyType: 'rsa-2048',
        serial: '7f00aa11bb22cc33',
        notBefore: iso(now - 75 * DAY),
        notAfter: iso(now + 15 * DAY),
        issuedAt: iso(now - 75 * DAY),
        nextRenewal: null,
        history: [{ at: iso(now - 75 * DAY), event: 'issued' }],
      },
    ],
    otherAccounts: [
      {
        id: 'acct-2',
        accountUrl: 'https://dv.acme-v02.api.pki.goog/acct/AbCdEf',
        directoryUrl: 'https://dv.acme-v02.api.pki.goog/directory',
        status: 'valid',
        keyType: 'ec-p256',
        contact: [],
        createdAt: iso(now - 30 * DAY),
        backedUpAt: iso(now - 30 * DAY),
        backupDeclinedAt: null,
      rolledOverAt: null,
      rolloverPending: false,
        dependentNames: [],
      },
      {
        id: 'acct-3',
        accountUrl: 'https://acme-staging-v02.api.letsencrypt.org/acme/acct/987654321',
        directoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory',
        status: 'valid',
        keyType: 'ec-p384',
        contact: [],
        createdAt: iso(now - 10 * DAY),
        backedUpAt: iso(now - 10 * DAY),
        backupDeclinedAt: null,
      rolledOverAt: null,
      rolloverPending: false,
        dependentNames: [],
      },
    ],
    renewalItems: [
      {
        certificateId: 'cert-a',
        names: ['shop.example.com', 'www.shop.example.com'],
        health: 'ok',
        autoRenew: true,
        // Not the certificate's own nextRenewal (40 days): the dashboard must show this one.
        renewAt: iso(now + 38 * DAY),
        nextCheckAt: iso(now + 6 * 3600_000),
        reason: "A random moment in the CA's renewal window",
        notAfter: iso(now + 70 * DAY),
        failures: 0,
        lastError: null,
        warnings: [],
        inFlight: false,
        deployPending: false,
        directoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory',
        backupDirectoryUrl: null,
        served: null,
      },
      {
        certificateId: 'cert-b',
        names: ['*.blog.example.org'],
        health: 'error',
        autoRenew: true,
        renewAt: iso(now - 10 * 60_000),
        nextCheckAt: iso(now - 10 * 60_000),
        reason: 'Retrying after 2 failed attempts',
        notAfter: iso(now + 15 * DAY),
        failures: 2,
        lastError: {
          message: 'The CA refused the order: no valid record names this account for *.blog.example.org.',
          at: iso(now - 6 * 3_600_000),
          fix: 'Publish the record from the DNS record step again, then choose Renew now.',
        },
        warnings: ['The certificate expires in 15 days.'],
        inFlight: true,
        deployPending: true,
        directoryUrl: 'https://dv.acme-v02.api.pki.goog/directory',
        backupDirectoryUrl: null,
        served: null,
      },
    ],
    renewalSettings: {
      'cert-a': {
        certificateId: 'cert-a',
        names: ['shop.example.com', 'www.shop.example.com'],
        accountId: 'acct-1',
        autoRenew: true,
        reuseKey: false,
        pem: null,
        pfx: { path: '/srv/iis/shop.pfx', compatibility: 'modern', hasPassword: true },
        command: null,
        backupAccountId: null,
        failoverAfter: 3,
        verifyEndpoints: [],
        verifyWaitSec: 60,
      },
    },
  };
}

/** The init script: defines window.persistcert from the fixture. */
export function fakeApiScript(fixture: FakeFixture): string {
  return `(() => {
if (new URLSearchParams(location.search).has('token')) return; // the web-client test: no preload
const fx = ${JSON.stringify(fixture)};
const calls = [];
window.__calls = calls;
const listeners = {};
const emit = (event, payload) => (listeners[event] || []).slice().forEach((l) => l(payload));
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const query = new URLSearchParams(location.search);
const dashboard = query.get('fixture') === 'dashboard';
let accounts = dashboard ? [Object.assign({}, fx.account, { backedUpAt: fx.account.createdAt, dependentNames: ['shop.example.com', 'www.shop.example.com', '*.blog.example.org'] })].concat(fx.otherAccounts) : [];
let certificates = dashboard ? fx.dashboardCertificates.slice() : [];
let settings = { resolvers: ['1.1.1.1', '9.9.9.9'], notifyOnSuccess: false, launchAtLogin: true, renewalsPaused: query.has('paused'), webhookUrl: '' };
// Renewal: ?paused starts paused; &renewal=none leaves the overview empty (the UI falls back to its
// estimate); &quiet sends no renewal.outcome events (the UI must use what renewNow returns).
const quiet = query.has('quiet');
let renewalItems = dashboard && query.get('renewal') !== 'none' ? fx.renewalItems.map((i) => Object.assign({}, i)) : [];
let wizardDraft = null;
let renewalRunning = false;
const renewalSettings = JSON.parse(JSON.stringify(fx.renewalSettings));
const overview = () => ({ paused: settings.renewalsPaused, running: renewalRunning, items: renewalItems.map((i) => Object.assign({}, i)) });
const day = (iso) => iso.slice(0, 10);
function certificate(id) { const c = certificates.find((x) => x.id === id); if (!c) throw fail({ code: 'not-found', message: 'No certificate ' + id }); return c; }
function storedRenewalSettings(id) {
  const c = certificate(id);
  return renewalSettings[id] || { certificateId: id, names: c.names, accountId: c.accountId, autoRenew: true, reuseKey: false, pem: null, pfx: null, command: null, backupAccountId: null, failoverAfter: 3, verifyEndpoints: [], verifyWaitSec: 60 };
}
/** One certificate through a fake run: a failing plan fails again, a due (or forced) one renews. */
function renewOne(item, force) {
  const now = Date.now();
  if (!force && !(item.renewAt && new Date(item.renewAt).getTime() <= now)) {
    return { certificateId: item.certificateId, names: item.names, action: 'not-due', message: 'Not due: renewal is planned for ' + day(item.renewAt) + '.', renewAt: item.renewAt, warnings: [] };
  }
  if (item.health === 'error') {
    const renewAt = new Date(now + 3600000).toISOString();
    Object.assign(item, { failures: item.failures + 1, renewAt, lastError: { message: item.lastError.message, at: new Date().toISOString(), fix: item.lastError.fix } });
    return { certificateId: item.certificateId, names: item.names, action: 'failed', message: item.lastError.message, fix: item.lastError.fix, renewAt, warnings: item.warnings.slice() };
  }
  const notAfter = new Date(now + 90 * 86400000).toISOString();
  const renewAt = new Date(now + 60 * 86400000).toISOString();
  Object.assign(item, { notAfter, renewAt, failures: 0, lastError: null, reason: "A random moment in the CA's renewal window" });
  // Updated in place, and no certificates.changed: the UI must fetch the list itself after a renewal.
  certificates = certificates.map((c) => c.id === item.certificateId
    ? Object.assign({}, c, { notBefore: new Date().toISOString(), notAfter, history: c.history.concat([{ at: new Date().toISOString(), event: 'renewed' }]) })
    : c);
  return { certificateId: item.certificateId, names: item.names, action: 'renewed', newCertificateId: item.certificateId, message: 'Renewed ' + item.names[0] + ': the new certificate is valid until ' + day(notAfter) + '.', renewAt, warnings: [] };
}
let checkCalls = 0;
let issueCalls = 0;
function fail(body) { const e = new Error(body.message); e.name = 'ApiError'; e.body = body; return e; }
function base(n) { return n.startsWith('*.') ? n.slice(2) : n; }
function value(issuer, url, wildcard, until) {
  return issuer + '; accounturi=' + url + (wildcard ? '; policy=wildcard' : '') + (until ? '; persistUntil=' + until : '');
}
function account(id) { const a = accounts.find((x) => x.id === id); if (!a) throw fail({ code: 'not-found', message: 'No account ' + id }); return a; }
const api = {
  appInfo: async () => (query.get('host') === 'electron' ? Object.assign({}, fx.appInfo, { host: 'electron' }) : fx.appInfo),
  caPresets: async () => fx.presets,
  inspectCa: async (p) => Object.assign({ directoryUrl: p.directoryUrl }, fx.caInfo),
  listAccounts: async () => accounts,
  createAccount: async (p) => {
    const a = Object.assign({}, fx.account, { directoryUrl: p.directoryUrl, contact: p.contact });
    accounts = accounts.filter((x) => x.id !== a.id).concat([a]);
    return a;
  },
  backupAccount: async (p) => {
    const a = account(p.accountId);
    if (p.passphrase.length < 8) throw fail({ code: 'bad-request', message: 'The passphrase is too short' });
    accounts = accounts.map((x) => x.id === a.id ? Object.assign({}, x, { backedUpAt: new Date().toISOString() }) : x);
    return { fileName: 'persistcert-account-123456789.pcbackup', content: '{"format":"persistcert-account-backup","v":1,"ciphertext":"..."}' };
  },
  declineBackup: async (p) => {
    const a = Object.assign({}, account(p.accountId), { backupDeclinedAt: new Date().toISOString() });
    accounts = accounts.map((x) => x.id === a.id ? a : x);
    return a;
  },
  restoreAccount: async () => {
    const a = Object.assign({}, fx.account, { id: 'acct-restored', backedUpAt: new Date().toISOString() });
    accounts = accounts.concat([a]);
    return a;
  },
  rolloverAccount: async (p) => Object.assign({}, account(p.accountId), { backedUpAt: null, rolledOverAt: new Date().toISOString() }),
  buildRecords: async (p) => {
    const a = account(p.accountId);
    return {
      draft: 'draft-01',
      accountUrl: a.accountUrl,
      // Like the app: names that share a record name (example.com, *.example.com) share one record.
      names: p.names.filter((n, i) => p.names.findIndex((m) => base(m) === base(n)) === i).map((first) => {
        const covers = p.names.filter((m) => base(m) === base(first));
        const n = covers.find((m) => !m.startsWith('*.')) || covers[0];
        const v = value('letsencrypt.org', a.accountUrl, covers.some((m) => m.startsWith('*.')), p.persistUntil);
        const name = '_validation-persist.' + base(n);
        return { name: n, covers, records: [{ name, issuer: 'letsencrypt.org', value: v, strings: [v], zoneFile: name + '. 3600 IN TXT "' + v + '"' }] };
      }),
    };
  },
  dnsHosts: async (p) => p.names.map((name) => ({ name, host: { zone: base(name).split('.').slice(-2).join('.'), nameservers: ['ns1.example.net', 'ns2.example.net'], providerIds: [] } })),
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
        zone: base(n).split('.').slice(-2).join('.'),
        ready,
        servers: [
          { kind: 'authoritative', label: 'ns1.dnsprovider.example', address: '192.0.2.53', status: ready ? 'ok' : 'missing', seen: ready ? [v] : [] },
          { kind: 'authoritative', label: 'ns2.dnsprovider.example', address: '198.51.100.53', status: 'ok', seen: [v] },
          { kind: 'resolver', label: 'Cloudflare', address: '1.1.1.1', status: ready ? 'ok' : 'missing', seen: ready ? [v] : [] },
        ],
        findings: ready ? [] : [{ severity: 'error', code: 'not-everywhere', name: n, message: 'ns1.dnsprovider.example does not serve the record yet', fix: 'Wait a few minutes for your DNS provider to publish it everywhere; PersistCert checks again by itself.' }],
        offered: true,
        checkedAt: new Date().toISOString(),
      };
    });
  },
  startIssue: async (p) => {
    issueCalls++;
    const jobId = 'job-' + issueCalls;
    const failing = issueCalls === 1;
    setTimeout(async () => {
      for (const n of p.names) { emit('issue.progress', { jobId, progress: { step: 'precheck', name: n, ready: true } }); await wait(30); }
      emit('issue.progress', { jobId, progress: { step: 'order-created' } });
      await wait(30);
      if (failing) {
        emit('issue.progress', { jobId, progress: { step: 'authorization', name: base(p.names[0]), status: 'invalid' } });
        emit('issue.finished', { jobId, error: {
          code: 'ca-refused',
          message: 'The CA did not accept the record for ' + p.names[0] + '.',
          fix: 'Check that the record names your account URL exactly, then try again.',
          problem: { type: 'urn:ietf:params:acme:error:unauthorized', detail: 'No valid TXT record found at _validation-persist.' + base(p.names[0]), status: 403 },
        } });
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
      const now = Date.now();
      const cert = {
        id: 'cert-new', accountId: p.accountId, directoryUrl: account(p.accountId).directoryUrl, names: p.names, status: 'valid',
        keyType: p.keyType, serial: 'abcdef0123456789', notBefore: new Date().toISOString(), notAfter: new Date(now + 90 * 86400000).toISOString(),
        issuedAt: new Date().toISOString(), nextRenewal: null, history: [{ at: new Date().toISOString(), event: 'issued' }],
      };
      certificates = certificates.concat([cert]);
      emit('issue.finished', { jobId, certificate: cert });
      emit('certificates.changed', { certificates });
    }, 40);
    return { jobId };
  },
  listCertificates: async () => certificates,
  exportPem: async (p) => ({ files: [
    { role: 'certificate', path: p.dir + '/cert.pem' },
    { role: 'chain', path: p.dir + '/chain.pem' },
    { role: 'full chain', path: p.dir + '/fullchain.pem' },
    { role: 'private key', path: p.dir + '/privkey.pem' },
  ] }),
  exportPfx: async (p) => ({ path: p.path, password: p.password ? null : 'tangy-Orbit-7-quill-Ferry', generated: !p.password }),
  pickExportPath: async () => ({ path: null }), // the browser host has no native dialogs
  revokeCertificate: async (p) => {
    const c = certificates.find((x) => x.id === p.certificateId);
    if (!c || p.confirm !== c.names[0]) throw fail({ code: 'bad-request', message: 'The confirmation does not match' });
    const r = Object.assign({}, c, { status: 'revoked', history: c.history.concat([{ at: new Date().toISOString(), event: 'revoked', detail: p.reason }]) });
    certificates = certificates.map((x) => x.id === r.id ? r : x);
    return r;
  },
  getSettings: async () => settings,
  setSettings: async (p) => {
    const pausedBefore = settings.renewalsPaused;
    settings = Object.assign({}, p);
    if (settings.renewalsPaused !== pausedBefore) emit('renewal.changed', overview());
    return settings;
  },
  patchSettings: async (p) => {
    const pausedBefore = settings.renewalsPaused;
    settings = Object.assign({}, settings, p);
    if (settings.renewalsPaused !== pausedBefore) emit('renewal.changed', overview());
    return settings;
  },
  renewalOverview: async () => overview(),
  renewNow: async (p) => {
    const targets = p.certificateId ? renewalItems.filter((i) => i.certificateId === p.certificateId) : renewalItems;
    if (p.certificateId && !targets.length) throw fail({ code: 'not-found', message: 'No renewal plan for ' + p.certificateId });
    renewalRunning = true;
    emit('renewal.changed', overview());
    await wait(40);
    const outcomes = [];
    for (const item of targets) {
      const o = renewOne(item, p.force);
      outcomes.push(o);
      if (!quiet) emit('renewal.outcome', o);
      await wait(20);
    }
    renewalRunning = false;
    emit('renewal.changed', overview());
    return outcomes;
  },
  getRenewalSettings: async (p) => storedRenewalSettings(p.certificateId),
  setRenewalSettings: async (p) => {
    const prev = storedRenewalSettings(p.certificateId);
    if (p.pem && !p.pem.dir.startsWith('/')) {
      throw fail({ code: 'bad-request', message: 'The PEM folder must be a full path, not ' + p.pem.dir + '.', fix: 'Write the folder from the root, such as /etc/ssl/shop.' });
    }
    const hasPassword = p.pfx ? (p.pfx.password !== undefined ? p.pfx.password !== '' : Boolean(prev.pfx && prev.pfx.hasPassword)) : false;
    const v = {
      certificateId: p.certificateId, names: prev.names, accountId: prev.accountId, autoRenew: p.autoRenew, reuseKey: p.reuseKey,
      pem: p.pem, pfx: p.pfx ? { path: p.pfx.path, compatibility: p.pfx.compatibility, hasPassword } : null,
      command: p.command, backupAccountId: p.backupAccountId, failoverAfter: p.failoverAfter, verifyEndpoints: p.verifyEndpoints || (renewalSettings[p.certificateId] || {}).verifyEndpoints || [], verifyWaitSec: p.verifyWaitSec === undefined ? 60 : p.verifyWaitSec,
    };
    renewalSettings[p.certificateId] = v;
    const backup = accounts.find((a) => a.id === p.backupAccountId);
    renewalItems = renewalItems.map((i) => i.certificateId === p.certificateId ? Object.assign({}, i, { autoRenew: p.autoRenew, backupDirectoryUrl: backup ? backup.directoryUrl : null }) : i);
    emit('renewal.changed', overview());
    return v;
  },
  demoPublish: async (p) => ({ published: p.name }),
  getWizardDraft: async () => ({ draft: wizardDraft, savedAt: wizardDraft ? new Date().toISOString() : null }),
  saveWizardDraft: async (p) => { wizardDraft = p.draft; return { savedAt: p.draft ? new Date().toISOString() : null }; },
};
const recorded = {};
for (const name of Object.keys(api)) {
  recorded[name] = (params) => { calls.push({ method: name, params: JSON.parse(JSON.stringify(params === undefined ? {} : params)) }); return api[name](params); };
}
recorded.on = (event, listener) => {
  (listeners[event] = listeners[event] || []).push(listener);
  return () => { listeners[event] = (listeners[event] || []).filter((l) => l !== listener); };
};
window.persistcert = recorded;
})();`;
}

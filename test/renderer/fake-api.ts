// A scripted fake of PersistCertApi for the renderer tests, installed as `window.persistcert`
// before the page's own scripts run (context.addInitScript): the fixture it serves is made here,
// the fake itself is fake-api-page.ts, typed against the contract.
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { AccountView, AppInfo, CaInfo, CertificateDetailsView, RenewalSettingsView, RenewalView } from '../../shared/api/views.ts';
import type { CaPreset } from '../../shared/ca-presets.ts';

export interface FakeFixture {
  appInfo: AppInfo;
  presets: CaPreset[];
  caInfo: Omit<CaInfo, 'directoryUrl'>;
  account: AccountView;
  /** Certificates listed when the page URL has ?fixture=dashboard (else none), with their history (getCertificate). */
  dashboardCertificates: CertificateDetailsView[];
  /**
   * With ?fixture=sites instead: three sites, one with two valid certificates (the second issued
   * anyway) and a replaced one, one with a revoked certificate before its valid one, one revoked.
   */
  siteCertificates: CertificateDetailsView[];
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
  /** A 90-day certificate issued `issued` days from now (negative: in the past). */
  const siteCert = (
    id: string,
    names: string[],
    issued: number,
    status: CertificateDetailsView['status'],
    serial: string,
  ): CertificateDetailsView => ({
    id,
    accountId: 'acct-1',
    directoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory',
    names,
    status,
    keyType: 'ec-p256',
    serial: `${serial}00ff`,
    notBefore: iso(now + issued * DAY),
    notAfter: iso(now + (issued + 90) * DAY),
    issuedAt: iso(now + issued * DAY),
    history: [{ at: iso(now + issued * DAY), event: 'issued' }],
  });
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
        history: [{ at: iso(now - 75 * DAY), event: 'issued' }],
      },
    ],
    siteCertificates: [
      siteCert('site-shop-old', ['shop.example.com', 'www.shop.example.com'], -80, 'replaced', '0a'),
      siteCert('site-shop-1', ['www.shop.example.com', 'shop.example.com'], -20, 'valid', '1a'),
      siteCert('site-shop-2', ['shop.example.com', 'www.shop.example.com'], -2, 'valid', '2a'),
      siteCert('site-blog-old', ['*.blog.example.org'], -100, 'revoked', '3a'),
      siteCert('site-blog', ['*.blog.example.org'], -30, 'valid', '4a'),
      siteCert('site-gone', ['gone.example.net'], -10, 'revoked', '5a'),
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

/**
 * The init script: the fixture, then fake-api-page.ts bundled for the page (esbuild, once per
 * process), which defines window.persistcert from it.
 */
export function fakeApiScript(fixture: FakeFixture): string {
  bundled ??= buildSync({
    entryPoints: [fileURLToPath(new URL('./fake-api-page.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    target: 'chrome120',
    write: false,
  }).outputFiles[0]!.text;
  return `window.__fakeFixture = ${JSON.stringify(fixture)};\n${bundled}`;
}

let bundled: string | undefined;

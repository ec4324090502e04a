/**
 * Public ACME CAs PersistCert knows by name. What each is *known* to support is shown to the user
 * as a hint; the CA's own directory (and the challenges it offers) always wins.
 * Sources: ../shared/reference/dns-persist-01.md §6 (status as of late 2026).
 */
export type PersistSupport = 'yes' | 'staging-only' | 'no' | 'unknown';

export interface CaPreset {
  id: string;
  name: string;
  directoryUrl: string;
  staging: boolean;
  /** The preset's production or staging twin, for the staging toggle. */
  twin?: string;
  externalAccountRequired: boolean;
  dnsPersist: PersistSupport;
  /** The issuer domain name a dns-persist-01 record names (the CA's caaIdentities). */
  issuerDomainNames: string[];
  note?: string;
}

export const CA_PRESETS: readonly CaPreset[] = [
  {
    id: 'letsencrypt',
    name: "Let's Encrypt",
    directoryUrl: 'https://acme-v02.api.letsencrypt.org/directory',
    staging: false,
    twin: 'letsencrypt-staging',
    externalAccountRequired: false,
    dnsPersist: 'no',
    issuerDomainNames: ['letsencrypt.org'],
    note: 'dns-persist-01 is on staging only; production rollout is waiting on the draft',
  },
  {
    id: 'letsencrypt-staging',
    name: "Let's Encrypt (staging)",
    directoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory',
    staging: true,
    twin: 'letsencrypt',
    externalAccountRequired: false,
    dnsPersist: 'yes',
    issuerDomainNames: ['letsencrypt.org'],
  },
  {
    id: 'google',
    name: 'Google Trust Services',
    directoryUrl: 'https://dv.acme-v02.api.pki.goog/directory',
    staging: false,
    twin: 'google-staging',
    externalAccountRequired: true,
    dnsPersist: 'yes',
    issuerDomainNames: ['pki.goog'],
    note: 'needs EAB credentials from Google Cloud; single-use, valid 7 days',
  },
  {
    id: 'google-staging',
    name: 'Google Trust Services (staging)',
    directoryUrl: 'https://dv.acme-v02.test-api.pki.goog/directory',
    staging: true,
    twin: 'google',
    externalAccountRequired: true,
    dnsPersist: 'unknown',
    issuerDomainNames: ['pki.goog'],
  },
  {
    id: 'zerossl',
    name: 'ZeroSSL',
    directoryUrl: 'https://acme.zerossl.com/v2/DV90',
    staging: false,
    externalAccountRequired: true,
    dnsPersist: 'no',
    issuerDomainNames: ['sectigo.com'],
  },
  {
    id: 'sslcom',
    name: 'SSL.com',
    directoryUrl: 'https://acme.ssl.com/sslcom-dv-ecc',
    staging: false,
    externalAccountRequired: true,
    dnsPersist: 'no',
    issuerDomainNames: ['ssl.com'],
  },
];

/** A preset id, or any https directory URL; anything else is an error that lists the presets. */
export function resolveCa(value: string): { directoryUrl: string; preset?: CaPreset } {
  const preset = CA_PRESETS.find((p) => p.id === value.toLowerCase());
  if (preset) return { directoryUrl: preset.directoryUrl, preset };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i.exec(value.trim());
  if (!scheme) throw new Error(`"${value}" is neither a known CA (${CA_PRESETS.map((p) => p.id).join(', ')}) nor a directory URL`);
  // RFC 8555 §6.1: ACME is served over HTTPS only.
  if (scheme[1]!.toLowerCase() !== 'https') throw new Error(`The CA directory URL must start with https://, not ${scheme[1]}://`);
  const directoryUrl = value.trim();
  const known = presetFor(directoryUrl);
  return { directoryUrl, ...(known ? { preset: known } : {}) };
}

function presetFor(directoryUrl: string): CaPreset | undefined {
  return CA_PRESETS.find((p) => p.directoryUrl === directoryUrl);
}

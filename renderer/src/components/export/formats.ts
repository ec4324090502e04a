import type { MethodParams } from '../../../../shared/api/contract.ts';

export type KeyFormat = MethodParams<'exportPem'>['keyFormat'];
export type Compat = MethodParams<'exportPfx'>['compatibility'];

/** Private key encodings for a PEM set, with which key types each suits. */
export const KEY_FORMATS: { id: KeyFormat; label: string; line: string; for: 'any' | 'ec' | 'rsa' }[] = [
  { id: 'pkcs8', label: 'PKCS#8', line: '"BEGIN PRIVATE KEY": what nginx, Apache, HAProxy, Node and most software expect.', for: 'any' },
  { id: 'sec1', label: 'SEC1', line: '"BEGIN EC PRIVATE KEY": the traditional OpenSSL form for EC keys.', for: 'ec' },
  { id: 'pkcs1', label: 'PKCS#1', line: '"BEGIN RSA PRIVATE KEY": the traditional OpenSSL form for RSA keys.', for: 'rsa' },
];

/** The formats that fit a key type (keyType "ec-…" or "rsa-…"), plus `keep` if given. */
export function keyFormatsFor(keyType: string, keep?: KeyFormat): typeof KEY_FORMATS {
  const ec = keyType.startsWith('ec');
  return KEY_FORMATS.filter((f) => f.for === 'any' || (f.for === 'ec') === ec || f.id === keep);
}

export const COMPAT: { id: Compat; label: string; line: string }[] = [
  { id: 'modern', label: 'Modern', line: 'AES-256 + SHA-256 — Windows 10 1709+/Server 2019+, OpenSSL 3, Java 11+' },
  { id: 'legacy', label: 'Legacy', line: '3DES + SHA-1 — Windows Server 2016/2012 R2, Azure AD DS, older appliances' },
];

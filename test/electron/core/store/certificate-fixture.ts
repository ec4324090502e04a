/**
 * A certificate record that passes the store schema but is never opened (its chain and sealed key
 * are placeholders of the right shape): for tests of the store, rescue files and settings.
 */
export function fakeCertificateRecord(id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    accountId: 'a1',
    names: ['www.example.test'],
    chainPem: '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n',
    keyType: 'ec-p256',
    sealedKey: {
      v: 1 as const,
      kdf: { name: 'none' as const },
      cipher: 'aes-256-gcm' as const,
      iv: 'AAAAAAAAAAAAAAAA',
      ct: 'AA',
      tag: 'AAAAAAAAAAAAAAAAAAAAAA',
    },
    serialHex: '01',
    notBefore: '2026-11-23T00:00:00.000Z',
    notAfter: '2027-02-21T00:00:00.000Z',
    issuedAt: '2026-11-23T00:00:00.000Z',
    ...over,
  };
}

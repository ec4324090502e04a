import { openStore } from '../../../../electron/core/store/store.ts';

/**
 * Puts a certificate record into a data dir's store, for tests of settings that only need one to
 * exist (its key and chain are never opened there).
 */
export async function seedCertificate(dataDir: string, id = 'cert-1'): Promise<string> {
  const store = await openStore(dataDir);
  await store.putCertificate({
    id,
    accountId: 'account-1',
    names: ['www.example.test'],
    chainPem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
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
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2026-04-01T00:00:00.000Z',
    issuedAt: '2026-01-01T00:00:00.000Z',
    status: 'valid',
    history: [],
    renewal: {},
  });
  return id;
}

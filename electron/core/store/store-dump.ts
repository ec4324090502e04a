import type { CertificateRecord } from './schema.ts';
import type { Store } from './store.ts';

/**
 * The whole store as one JSON document for a person (or jq) to read: every account, profile and
 * certificate as stored, read at one committed moment. Sealed keys are left out (replaced by
 * `"sealedKey": "sealed"`): they are ciphertext, useless to a reader, and a dump gets pasted
 * into tickets. Account keys and passwords are never in the store, only their keystore names.
 */
export async function dumpStore(store: Store, now = new Date()) {
  const doc = await store.readConsistent();
  return {
    format: 'persistcert-store-dump',
    exportedAt: now.toISOString(),
    file: store.file,
    accounts: doc.accounts,
    profiles: doc.profiles,
    certificates: doc.certificates.map(withoutSealedKeys),
  };
}

function withoutSealedKeys(c: CertificateRecord) {
  const { inFlight, ...renewal } = c.renewal;
  return {
    ...c,
    sealedKey: 'sealed' as const,
    renewal: { ...renewal, ...(inFlight ? { inFlight: { ...inFlight, sealedKey: 'sealed' as const } } : {}) },
  };
}

import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { Keystore } from '../keystore/keystore.ts';
import { openWithKey, sealWithKey, type SealedBox } from '../keystore/secret-box.ts';
import { dataKey } from './data-key.ts';

/** Runs data-key creation under the store's lock file, so two processes cannot both create one. */
export type DataKeyLock = <T>(fn: () => Promise<T>) => Promise<T>;

/** Associated data binds a sealed key to its certificate, so boxes cannot be swapped around. */
const aad = (certificateId: string) => `persistcert-certificate-key:${certificateId}`;

/** Seals a certificate's private key (PKCS#8 DER) for the store, under the data key. */
export async function sealCertificateKey(
  keystore: Keystore,
  certificateId: string,
  key: KeyObject,
  withLock?: DataKeyLock,
): Promise<SealedBox> {
  const der = key.export({ type: 'pkcs8', format: 'der' });
  try {
    return await sealWithKey(der, await dataKey(keystore, withLock), aad(certificateId));
  } finally {
    der.fill(0);
  }
}

export async function openCertificateKey(
  keystore: Keystore,
  certificateId: string,
  box: SealedBox,
  withLock?: DataKeyLock,
): Promise<KeyObject> {
  const der = await openWithKey(box, await dataKey(keystore, withLock), aad(certificateId));
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}

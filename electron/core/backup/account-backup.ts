import { createPrivateKey } from 'node:crypto';
import { z } from '../../../shared/zod.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { AccountRecord } from '../store/schema.ts';
import { openBundle, sealBundle } from './bundle-file.ts';

const FORMAT = 'persistcert-account-backup';
const VERSION = 1;

const payloadSchema = z.object({
  directoryUrl: z.string(),
  accountUrl: z.string(),
  contact: z.array(z.string()),
  label: z.string().optional(),
  /** PKCS#8 DER, base64. */
  key: z.string(),
});

/**
 * An account backup: the directory URL, the account URL and the private key, sealed with a
 * passphrase. Restored on another machine it keeps issuing under the same account URL, so every
 * published dns-persist-01 record stays valid.
 */
export async function backupAccount(
  accounts: AccountService,
  account: AccountRecord,
  passphrase: string,
  now = new Date(),
): Promise<string> {
  const key = await accounts.key(account);
  const der = key.export({ type: 'pkcs8', format: 'der' });
  try {
    const text = await sealBundle(
      FORMAT,
      VERSION,
      {
        directoryUrl: account.directoryUrl,
        accountUrl: account.accountUrl,
        contact: account.contact,
        ...(account.label ? { label: account.label } : {}),
        key: der.toString('base64'),
      },
      passphrase,
      now,
    );
    await accounts.markBackedUp(account);
    return text;
  } finally {
    der.fill(0);
  }
}

export async function restoreAccount(
  accounts: AccountService,
  bundleText: string,
  passphrase: string,
  options: { verifyWithCa: boolean },
): Promise<AccountRecord> {
  const payload = await openBundle(bundleText, FORMAT, VERSION, payloadSchema, passphrase, 'account backup');
  const der = Buffer.from(payload.key, 'base64');
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  der.fill(0);
  return accounts.adopt(
    { directoryUrl: payload.directoryUrl, accountUrl: payload.accountUrl, key, contact: payload.contact, label: payload.label },
    options,
  );
}

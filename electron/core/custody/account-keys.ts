import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import type { Keystore } from '../keystore/keystore.ts';
import { UserError, type ApiErrorCode } from '../user-error.ts';

const ACCOUNT_KEY_PREFIX = 'account-key:';

/** A fresh keystore reference for an account key; never reused, so a rollover cannot clobber. */
export function newAccountKeyRef(accountId: string): string {
  return `${ACCOUNT_KEY_PREFIX}${accountId}:${randomUUID()}`;
}

/** An account key's ref; such an item is written once and never changed (newAccountKeyRef). */
export function isAccountKeyRef(ref: string): boolean {
  return ref.startsWith(ACCOUNT_KEY_PREFIX);
}

export async function saveAccountKey(keystore: Keystore, ref: string, key: KeyObject): Promise<void> {
  const der = key.export({ type: 'pkcs8', format: 'der' });
  try {
    await keystore.set(ref, der);
  } finally {
    der.fill(0);
  }
}

/** Loads an account key, or says plainly where it should have been and how to get it back. */
export async function loadAccountKey(keystore: Keystore, ref: string, accountUrl: string): Promise<KeyObject> {
  const der = await keystore.get(ref);
  if (!der) {
    throw new AccountKeyMissingError(
      `The key of account ${accountUrl} is not in ${keystore.describe()}. Restore it from your account backup ` +
        '(persistcert account restore <file>); without it, records naming this account cannot be used',
    );
  }
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}

export class AccountKeyMissingError extends UserError {
  override name = 'AccountKeyMissingError';
  readonly apiCode: ApiErrorCode = 'keystore';
}

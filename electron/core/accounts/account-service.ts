import { randomUUID, type KeyObject } from 'node:crypto';
import { AcmeClient } from '../acme/client.ts';
import { createAccount, deactivateAccount, findAccount, rolloverAccountKey, updateAccount } from '../acme/account.ts';
import { generateKeyPair, keyTypeOf, type KeyType } from '../crypto/keys.ts';
import { loadAccountKey, newAccountKeyRef, saveAccountKey } from '../custody/account-keys.ts';
import type { Keystore } from '../keystore/keystore.ts';
import type { AccountRecord } from '../store/schema.ts';
import type { Store } from '../store/store.ts';

/** How the core reaches a CA: one client per directory, with the caller's trust and limits. */
export type ClientFactory = (directoryUrl: string) => AcmeClient;

export interface CreateAccountInput {
  directoryUrl: string;
  keyType?: KeyType;
  contact?: string[];
  agreeToTerms: boolean;
  externalAccountBinding?: { kid: string; hmacKey: string } | undefined;
  label?: string | undefined;
}

/**
 * Accounts with their keys in custody: the key goes into the keystore before the CA hears of
 * it, so a crash can never leave an account whose key we do not hold. With dns-persist-01 the
 * account key *is* the authorization for every record that names the account.
 */
export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly keystore: Keystore,
    private readonly clientFor: ClientFactory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): readonly AccountRecord[] {
    return this.store.snapshot.accounts;
  }

  /** An account by id, by account URL, or the only one there is. */
  find(selector?: string): AccountRecord {
    const accounts = this.store.snapshot.accounts;
    if (selector === undefined) {
      const active = accounts.filter((a) => a.status === 'valid');
      if (active.length === 1) return active[0]!;
      throw new AccountSelectionError(
        active.length === 0
          ? 'There is no account yet: create one with "persistcert account create" or restore a backup'
          : `There are ${active.length} accounts: say which with --account <id> (see "persistcert account show")`,
      );
    }
    const hit = accounts.find((a) => a.id === selector || a.accountUrl === selector);
    if (!hit) throw new AccountSelectionError(`No account "${selector}" in this data directory (see "persistcert account show")`);
    return hit;
  }

  async create(input: CreateAccountInput): Promise<AccountRecord> {
    const id = randomUUID();
    const keyType = input.keyType ?? 'ec-p256';
    const { privateKey } = await generateKeyPair(keyType);
    const keyRef = newAccountKeyRef(id);
    await saveAccountKey(this.keystore, keyRef, privateKey);
    const client = this.clientFor(input.directoryUrl);
    let account;
    try {
      account = await createAccount(client, privateKey, {
        termsOfServiceAgreed: input.agreeToTerms,
        ...(input.contact?.length ? { contact: input.contact } : {}),
        externalAccountBinding: input.externalAccountBinding,
      });
    } catch (err) {
      await this.keystore.delete(keyRef).catch(() => {});
      throw err;
    } finally {
      client.close();
    }
    const record: AccountRecord = {
      id,
      directoryUrl: input.directoryUrl,
      accountUrl: account.url,
      keyRef,
      keyType,
      contact: account.object.contact ?? input.contact ?? [],
      status: 'valid',
      createdAt: this.now().toISOString(),
      ...(input.label ? { label: input.label } : {}),
    };
    await this.store.putAccount(record);
    return record;
  }

  async key(account: AccountRecord): Promise<KeyObject> {
    return loadAccountKey(this.keystore, account.keyRef, account.accountUrl);
  }

  /** A client signed in as this account. The caller closes it. */
  async client(account: AccountRecord): Promise<AcmeClient> {
    const client = this.clientFor(account.directoryUrl);
    client.useAccount({ key: await this.key(account), url: account.accountUrl });
    return client;
  }

  async updateContact(account: AccountRecord, contact: string[]): Promise<AccountRecord> {
    const client = await this.client(account);
    try {
      const updated = await updateAccount(client, { contact });
      const record = { ...account, contact: updated.object.contact ?? contact };
      await this.store.putAccount(record);
      return record;
    } finally {
      client.close();
    }
  }

  /**
   * Rolls the account key (RFC 8555 §7.3.5). The account URL does not change, so published
   * records stay valid. The new key is saved and recorded as pending before the CA is asked;
   * the old key is deleted only after the CA accepted the new one and the store points at it.
   */
  async rollover(account: AccountRecord, keyType: KeyType = account.keyType as KeyType): Promise<AccountRecord> {
    const account0 = await this.settlePendingRollover(account);
    const { privateKey } = await generateKeyPair(keyType);
    const newRef = newAccountKeyRef(account0.id);
    await saveAccountKey(this.keystore, newRef, privateKey);
    await this.store.putAccount({ ...account0, pendingKeyRef: newRef });
    const client = await this.client(account0);
    try {
      await rolloverAccountKey(client, privateKey);
    } catch (err) {
      await this.store.putAccount(account0);
      await this.keystore.delete(newRef).catch(() => {});
      throw err;
    } finally {
      client.close();
    }
    const rolled: AccountRecord = { ...account0, keyRef: newRef, keyType: keyTypeOf(privateKey) };
    delete rolled.pendingKeyRef;
    await this.store.putAccount(rolled);
    await this.keystore.delete(account0.keyRef);
    return rolled;
  }

  /**
   * Finishes a rollover a crash interrupted: asks the CA which of the two keys it now knows,
   * keeps that one, and forgets the other.
   */
  async settlePendingRollover(account: AccountRecord): Promise<AccountRecord> {
    if (!account.pendingKeyRef) return account;
    const pendingDer = await this.keystore.get(account.pendingKeyRef);
    const settled: AccountRecord = { ...account };
    delete settled.pendingKeyRef;
    if (pendingDer) {
      const pendingKey = await loadAccountKey(this.keystore, account.pendingKeyRef, account.accountUrl);
      const client = this.clientFor(account.directoryUrl);
      try {
        const found = await findAccount(client, pendingKey);
        if (found?.url === account.accountUrl) {
          const rolled = { ...settled, keyRef: account.pendingKeyRef, keyType: keyTypeOf(pendingKey) };
          await this.store.putAccount(rolled);
          await this.keystore.delete(account.keyRef);
          return rolled;
        }
      } finally {
        client.close();
      }
      await this.keystore.delete(account.pendingKeyRef);
    }
    await this.store.putAccount(settled);
    return settled;
  }

  /** Deactivates at the CA (irreversible) and marks the record; the key is kept for revocations. */
  async deactivate(account: AccountRecord): Promise<AccountRecord> {
    const client = await this.client(account);
    try {
      await deactivateAccount(client);
    } finally {
      client.close();
    }
    const record: AccountRecord = { ...account, status: 'deactivated' };
    await this.store.putAccount(record);
    return record;
  }

  async markBackedUp(account: AccountRecord): Promise<AccountRecord> {
    const record = { ...account, backedUpAt: this.now().toISOString() };
    await this.store.putAccount(record);
    return record;
  }

  /**
   * Adds an account from a backup: its key goes into this keystore, and, when the CA can be
   * reached, the CA confirms the key still belongs to the same account URL.
   */
  async adopt(
    restored: { directoryUrl: string; accountUrl: string; key: KeyObject; contact: string[]; label?: string | undefined },
    options: { verifyWithCa: boolean },
  ): Promise<AccountRecord> {
    const existing = this.store.snapshot.accounts.find((a) => a.accountUrl === restored.accountUrl);
    if (existing) throw new AccountSelectionError(`Account ${restored.accountUrl} is already in this data directory (id ${existing.id})`);
    if (options.verifyWithCa) {
      const client = this.clientFor(restored.directoryUrl);
      try {
        const found = await findAccount(client, restored.key);
        if (!found) throw new AccountSelectionError(`The CA no longer knows the key of ${restored.accountUrl}: it was rolled over or the account was deactivated`);
        if (found.url !== restored.accountUrl) {
          throw new AccountSelectionError(`The CA says this key belongs to ${found.url}, not ${restored.accountUrl}; the backup does not match`);
        }
      } finally {
        client.close();
      }
    }
    const id = randomUUID();
    const keyRef = newAccountKeyRef(id);
    await saveAccountKey(this.keystore, keyRef, restored.key);
    const record: AccountRecord = {
      id,
      directoryUrl: restored.directoryUrl,
      accountUrl: restored.accountUrl,
      keyRef,
      keyType: keyTypeOf(restored.key),
      contact: restored.contact,
      status: 'valid',
      createdAt: this.now().toISOString(),
      backedUpAt: this.now().toISOString(),
      ...(restored.label ? { label: restored.label } : {}),
    };
    await this.store.putAccount(record);
    return record;
  }
}

export class AccountSelectionError extends Error {
  override name = 'AccountSelectionError';
}

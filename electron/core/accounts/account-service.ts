import { randomUUID, type KeyObject } from 'node:crypto';
import { AcmeClient } from '../acme/client.ts';
import { AcmeError } from '../acme/errors.ts';
import { createAccount, deactivateAccount, findAccount, rolloverAccountKey, updateAccount } from '../acme/account.ts';
import { generateKeyPair, keyTypeOf, type KeyType } from '../crypto/keys.ts';
import { loadAccountKey, newAccountKeyRef, saveAccountKey } from '../custody/account-keys.ts';
import type { Keystore } from '../keystore/keystore.ts';
import { explainKeyRejection } from './key-rejection.ts';
import type { AccountRecord } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { UserError, type ApiErrorCode } from '../user-error.ts';

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

  /**
   * Settles every rollover left pending (asking the CA only for those). Returns the accounts
   * that could not be settled yet, with the reason, so a listing can say so instead of failing.
   */
  async settleAll(): Promise<Array<{ account: AccountRecord; error: Error }>> {
    const unsettled: Array<{ account: AccountRecord; error: Error }> = [];
    for (const a of this.store.snapshot.accounts.filter((x) => x.pendingKeyRef)) {
      try {
        await this.settlePendingRollover(a);
      } catch (err) {
        unsettled.push({ account: a, error: err as Error });
      }
    }
    return unsettled;
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

  /** The account's key, once any rollover a crash or a lost reply left open is settled. */
  async key(account: AccountRecord): Promise<KeyObject> {
    const current = await this.settled(account);
    return loadAccountKey(this.keystore, current.keyRef, current.accountUrl);
  }

  /** A client signed in as this account (settled first, like `key`). The caller closes it. */
  async client(account: AccountRecord): Promise<AcmeClient> {
    const current = await this.settled(account);
    const client = this.clientFor(current.directoryUrl);
    client.warmUp();
    let key;
    try {
      key = await loadAccountKey(this.keystore, current.keyRef, current.accountUrl);
    } catch (err) {
      client.close();
      throw err;
    }
    client.useAccount({ key, url: current.accountUrl, explainRejection: (err) => explainKeyRejection(current, err, this.now()) });
    return client;
  }

  /** The stored record (the caller's copy may predate a rollover) with no rollover left pending. */
  private async settled(account: AccountRecord): Promise<AccountRecord> {
    const current = this.store.snapshot.accounts.find((a) => a.id === account.id) ?? account;
    return current.pendingKeyRef ? this.settlePendingRollover(current) : current;
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
   * records stay valid. The new key is saved and recorded as pending before the CA is asked,
   * and neither key is deleted until the CA has said which one it holds: a reply lost on the
   * way back (the CA applied the change, we saw a reset) must not cost the account.
   */
  async rollover(account: AccountRecord, keyType: KeyType = account.keyType as KeyType): Promise<AccountRecord> {
    const account0 = await this.settled(account);
    const { privateKey } = await generateKeyPair(keyType);
    const newRef = newAccountKeyRef(account0.id);
    await saveAccountKey(this.keystore, newRef, privateKey);
    const pending: AccountRecord = { ...account0, pendingKeyRef: newRef };
    await this.store.putAccount(pending);
    const client = this.clientFor(account0.directoryUrl);
    client.useAccount({ key: await loadAccountKey(this.keystore, account0.keyRef, account0.accountUrl), url: account0.accountUrl });
    try {
      await rolloverAccountKey(client, privateKey);
    } catch (err) {
      // The key change may have been applied although we saw an error: ask the CA.
      let outcome: AccountRecord;
      try {
        outcome = await this.settlePendingRollover(pending);
      } catch (settleErr) {
        throw new RolloverUnsettledError(account0.accountUrl, err, settleErr);
      }
      if (outcome.keyRef === newRef) return outcome; // the CA holds the new key: done after all
      throw err; // the CA still holds the old key: nothing changed, the new key is gone
    } finally {
      client.close();
    }
    return this.finishRollover(pending, newRef, keyTypeOf(privateKey));
  }

  /**
   * Settles a rollover a crash or a lost reply left open: asks the CA (`onlyReturnExisting`,
   * RFC 8555 §7.3.1) which of the two keys it holds for this account URL, keeps that one and
   * only then forgets the other. When the CA cannot be asked, or knows neither key, both keys
   * stay and the error says so.
   */
  async settlePendingRollover(account: AccountRecord): Promise<AccountRecord> {
    const pendingRef = account.pendingKeyRef;
    if (!pendingRef) return account;
    const pendingDer = await this.keystore.get(pendingRef);
    if (pendingDer) {
      pendingDer.fill(0);
      const pendingKey = await loadAccountKey(this.keystore, pendingRef, account.accountUrl);
      if (await this.caHolds(account, pendingKey)) return this.finishRollover(account, pendingRef, keyTypeOf(pendingKey));
    }
    const oldKey = await loadAccountKey(this.keystore, account.keyRef, account.accountUrl);
    if (!(await this.caHolds(account, oldKey))) {
      throw new AcmeError(
        `The CA at ${account.directoryUrl} knows neither the current nor the pending key of ${account.accountUrl}; ` +
          'both are kept. The account may have been deactivated or its key changed elsewhere: check with the CA, or restore a backup made after the last rollover',
      );
    }
    const kept: AccountRecord = { ...account };
    delete kept.pendingKeyRef;
    await this.store.putAccount(kept);
    if (pendingDer) await this.keystore.delete(pendingRef);
    return kept;
  }

  /** Whether the CA has an account for this key, and it is this one. */
  private async caHolds(account: AccountRecord, key: KeyObject): Promise<boolean> {
    const client = this.clientFor(account.directoryUrl);
    try {
      const found = await findAccount(client, key);
      return found?.url === account.accountUrl;
    } finally {
      client.close();
    }
  }

  /** The CA holds the new key: point the store at it, then drop the old one. Older backups now hold a dead key. */
  private async finishRollover(account: AccountRecord, newRef: string, keyType: string): Promise<AccountRecord> {
    const rolled: AccountRecord = { ...account, keyRef: newRef, keyType, rolledOverAt: this.now().toISOString() };
    delete rolled.pendingKeyRef;
    delete rolled.backedUpAt;
    delete rolled.backupDeclinedAt;
    await this.store.putAccount(rolled);
    if (account.keyRef !== newRef) await this.keystore.delete(account.keyRef);
    return rolled;
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
    if (existing)
      throw new AccountSelectionError(`Account ${restored.accountUrl} is already here: nothing to restore, it can be used as it is`);
    if (options.verifyWithCa) {
      const client = this.clientFor(restored.directoryUrl);
      try {
        const found = await findAccount(client, restored.key);
        if (!found)
          throw new AccountSelectionError(
            `The CA no longer knows the key of ${restored.accountUrl}: it was rolled over or the account was deactivated`,
          );
        if (found.url !== restored.accountUrl) {
          throw new AccountSelectionError(
            `The CA says this key belongs to ${found.url}, not ${restored.accountUrl}; the backup does not match`,
          );
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

export class AccountSelectionError extends UserError {
  override name = 'AccountSelectionError';
  readonly apiCode: ApiErrorCode = 'not-found';
}

/** The key change's reply was lost and the CA could not be asked afterwards: both keys are kept. */
export class RolloverUnsettledError extends AcmeError {
  override name = 'RolloverUnsettledError';
  constructor(accountUrl: string, cause: unknown, settleCause: unknown) {
    super(
      `The key rollover of ${accountUrl} may or may not have reached the CA (${(cause as Error).message}), and the CA could not be asked which key it now holds (${(settleCause as Error).message}). ` +
        'Both keys are kept. Nothing is lost: the next command that uses the account asks the CA again and keeps the key it holds (or run "persistcert account show")',
      undefined,
      { cause },
    );
  }
}

import type { KeyObject } from 'node:crypto';
import type { AcmeClient } from './client.ts';
import { AcmeError, AcmeProblemError } from './errors.ts';
import { externalAccountBinding, publicJwk, signJws } from './jws.ts';
import { accountSchema, type AccountObject } from './schemas.ts';

export interface Account {
  /** The account URL: the JWS `kid`, and the `accounturi` a dns-persist-01 record names. */
  url: string;
  object: AccountObject;
}

export interface NewAccountOptions {
  contact?: string[];
  /** Must be true when the directory has `meta.termsOfService` (RFC 8555 §7.3). */
  termsOfServiceAgreed?: boolean;
  /** RFC 8555 §7.3.4: the key identifier and base64url HMAC key the CA issued. */
  externalAccountBinding?: { kid: string; hmacKey: string } | undefined;
}

/** The CA has terms of service and the caller did not agree to them; nothing was sent. */
export class TermsNotAgreedError extends AcmeError {
  override name = 'TermsNotAgreedError';
  constructor(readonly termsUrl: string) {
    super(`This CA requires agreeing to its terms of service (${termsUrl}); agree to them to create an account`);
  }
}

/**
 * Creates an account, or finds the existing one for this key (RFC 8555 §7.3: a newAccount with a
 * known key answers 200 with its URL). The client is then bound to the account.
 */
export async function createAccount(
  client: AcmeClient,
  key: KeyObject,
  options: NewAccountOptions = {},
): Promise<Account & { created: boolean }> {
  const dir = await client.directory();
  const tos = dir.meta?.termsOfService;
  if (tos && options.termsOfServiceAgreed !== true) {
    throw new TermsNotAgreedError(tos);
  }
  if (dir.meta?.externalAccountRequired && !options.externalAccountBinding) {
    throw new AcmeError(
      'This CA requires External Account Binding (RFC 8555 §7.3.4): give the EAB key ID and HMAC key from your account at the CA',
    );
  }
  for (const c of options.contact ?? []) validateContact(c);
  const payload: Record<string, unknown> = {};
  if (options.contact?.length) payload.contact = options.contact;
  if (options.termsOfServiceAgreed !== undefined) payload.termsOfServiceAgreed = options.termsOfServiceAgreed;
  if (options.externalAccountBinding) {
    payload.externalAccountBinding = await externalAccountBinding(key, options.externalAccountBinding, dir.newAccount);
  }
  const res = await client.post(dir.newAccount, payload, accountSchema, { what: 'account', signer: { key, jwk: true } });
  const url = requireLocation(res.location, 'newAccount');
  client.useAccount({ key, url });
  return { url, object: res.body, created: res.status === 201 };
}

/**
 * Finds the account for a key without creating one (`onlyReturnExisting`, RFC 8555 §7.3.1).
 * Returns undefined when the CA has no account for the key.
 */
export async function findAccount(client: AcmeClient, key: KeyObject): Promise<Account | undefined> {
  const dir = await client.directory();
  try {
    const res = await client.post(dir.newAccount, { onlyReturnExisting: true }, accountSchema, {
      what: 'account',
      signer: { key, jwk: true },
    });
    const url = requireLocation(res.location, 'newAccount');
    client.useAccount({ key, url });
    return { url, object: res.body };
  } catch (err) {
    if (err instanceof AcmeProblemError && err.is('accountDoesNotExist')) return undefined;
    throw err;
  }
}

/** Reads the bound account (POST-as-GET to the account URL). */
export async function fetchAccount(client: AcmeClient): Promise<Account> {
  const { url } = client.requireAccount();
  const res = await client.postAsGet(url, accountSchema, { what: 'account' });
  return { url, object: res.body };
}

/** Updates contacts (RFC 8555 §7.3.2). */
export async function updateAccount(client: AcmeClient, changes: { contact: string[] }): Promise<Account> {
  const { url } = client.requireAccount();
  for (const c of changes.contact) validateContact(c);
  const res = await client.post(url, { contact: changes.contact }, accountSchema, { what: 'account' });
  return { url, object: res.body };
}

/**
 * Deactivates the account (RFC 8555 §7.3.6). Irreversible: every dns-persist-01 record naming
 * this account stops working (draft-ietf-acme-dns-persist-01 §4.1).
 */
export async function deactivateAccount(client: AcmeClient): Promise<Account> {
  const { url } = client.requireAccount();
  const res = await client.post(url, { status: 'deactivated' }, accountSchema, { what: 'account' });
  client.useAccount(undefined);
  return { url, object: res.body };
}

/**
 * Rolls the account key over (RFC 8555 §7.3.5): an inner JWS signed by the new key (with its
 * JWK, no nonce) inside an outer JWS signed by the old key. The account URL stays the same, so
 * published dns-persist-01 (-00/-01) records stay valid.
 */
export async function rolloverAccountKey(client: AcmeClient, newKey: KeyObject): Promise<void> {
  const dir = await client.directory();
  const account = client.requireAccount();
  const inner = await signJws(
    newKey,
    { account: account.url, oldKey: await publicJwk(account.key) },
    { url: dir.keyChange, jwk: await publicJwk(newKey) },
  );
  // Success is a 2xx whose body RFC 8555 does not define (Pebble sends none); errors are problems.
  await client.postRaw(dir.keyChange, inner, 'application/json');
  client.useAccount({ ...account, key: newKey });
}

function validateContact(contact: string): void {
  if (!/^mailto:[^\s@,]+@[^\s@,]+$/.test(contact)) {
    throw new AcmeError(`Contact "${contact}" is not a mailto: address, e.g. mailto:admin@example.com`);
  }
}

function requireLocation(location: string | undefined, what: string): string {
  if (!location) throw new AcmeError(`The CA answered ${what} without a Location header (RFC 8555 §7.3)`);
  return location;
}

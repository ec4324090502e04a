import type { KeyObject } from 'node:crypto';
import type { AcmeClient } from './client.ts';
import { AcmeError, AcmeProblemError } from './errors.ts';
import {
  createOrder,
  downloadCertificate,
  fetchOrder,
  fetchAuthorization,
  finalizeOrder,
  respondToChallenge,
  waitForValidation,
  waitForOrder,
  type Authorization,
  type DownloadedCertificate,
  type Order,
} from './order.ts';
import type { ChallengeObject } from './schemas.ts';
import { createCsr } from '../crypto/csr.ts';

/** Where an issuance is, for progress displays. */
export type IssueStep =
  | { step: 'order-created'; orderUrl: string }
  | { step: 'authorization'; name: string; status: 'already-valid' | 'responding' | 'valid' }
  | { step: 'finalizing' }
  | { step: 'downloading' }
  | { step: 'replaces-dropped'; reason: string };

export interface IssueOptions {
  names: string[];
  /** The certificate's private key (never the account key). */
  certificateKey: KeyObject;
  /** The challenge type to answer, e.g. 'dns-persist-01'. */
  challengeType: string;
  profile?: string | undefined;
  replaces?: string | undefined;
  /** Called with each pending authorization and its chosen challenge before the CA is asked to validate. */
  beforeRespond?: (authz: Authorization, challenge: ChallengeObject) => Promise<void>;
  onProgress?: (step: IssueStep) => void;
  alternates?: boolean;
  /** Resume an order placed earlier (e.g. after a crash) instead of creating a new one. */
  existingOrderUrl?: string | undefined;
  /**
   * Awaited as soon as the CA has created a new order, before anything else is asked of it, so
   * the caller can persist the URL and resume this order after a crash instead of placing another.
   */
  onOrderCreated?: (orderUrl: string) => Promise<void>;
}

export interface IssuedCertificate extends DownloadedCertificate {
  orderUrl: string;
  order: Order['object'];
  replacesSent: boolean;
}

/**
 * The whole RFC 8555 §7.4 flow: order, authorizations (§7.5), finalize with a CSR, download.
 * An authorization that is already valid (reuse, or just-in-time validation in
 * draft-ietf-acme-dns-persist-01 §4.4) needs no response. A `replaces` the CA refuses
 * (alreadyReplaced, RFC 9773 §5) is dropped once and the order placed again without it.
 */
export async function issueCertificate(client: AcmeClient, options: IssueOptions): Promise<IssuedCertificate> {
  // Counted so that finalizeOrder can tell a lone order from one of a batch (FIRST_LOOK_WHILE_BUSY_MS).
  const ended = client.beginOrder();
  try {
    return await takeOrderThrough(client, options);
  } finally {
    ended();
  }
}

async function takeOrderThrough(client: AcmeClient, options: IssueOptions): Promise<IssuedCertificate> {
  const progress = options.onProgress ?? (() => {});
  let order: Order;
  let replacesSent = false;
  if (options.existingOrderUrl) {
    order = await fetchOrder(client, options.existingOrderUrl);
  } else {
    try {
      const created = await createOrder(client, options);
      order = created;
      replacesSent = created.replacesSent;
    } catch (err) {
      if (options.replaces === undefined || !isReplacesRejection(err)) throw err;
      progress({ step: 'replaces-dropped', reason: (err as Error).message });
      order = await createOrder(client, { ...options, replaces: undefined });
    }
    await options.onOrderCreated?.(order.url);
  }
  progress({ step: 'order-created', orderUrl: order.url });

  if (order.object.status === 'pending') {
    // Sequential on purpose: Pebble and small CAs handle it best, and an order rarely has many names.
    const answered: string[] = [];
    for (const authzUrl of order.object.authorizations) {
      const authz = await fetchAuthorization(client, authzUrl);
      const name = (authz.object.wildcard ? '*.' : '') + authz.object.identifier.value;
      if (authz.object.status === 'valid') {
        progress({ step: 'authorization', name, status: 'already-valid' });
        continue;
      }
      if (authz.object.status !== 'pending') {
        throw new AcmeError(`The authorization for ${name} is ${authz.object.status}; place a new order`, authzUrl);
      }
      const challenge = authz.object.challenges.find((c) => c.type === options.challengeType);
      if (!challenge) {
        const offered = authz.object.challenges.map((c) => c.type).join(', ') || 'none';
        throw new AcmeError(`The CA does not offer ${options.challengeType} for ${name}; it offers: ${offered}`, authzUrl);
      }
      await options.beforeRespond?.(authz, challenge);
      progress({ step: 'authorization', name, status: 'responding' });
      if (challenge.status === 'pending') await respondToChallenge(client, challenge);
      answered.push(name);
    }
    order = await waitForValidation(client, order.url);
    for (const name of answered) progress({ step: 'authorization', name, status: 'valid' });
  }
  if (order.object.status === 'ready') {
    progress({ step: 'finalizing' });
    order = await finalizeOrder(client, order, createCsr({ privateKey: options.certificateKey, names: options.names }));
  } else if (order.object.status === 'processing') {
    order = await waitForOrder(client, order.url, 'valid');
  }
  if (order.object.status !== 'valid' || !order.object.certificate) {
    throw new AcmeError(`The order is ${order.object.status} and has no certificate`, order.url);
  }
  progress({ step: 'downloading' });
  const cert = await downloadCertificate(client, order.object.certificate, { alternates: options.alternates ?? false });
  return { ...cert, orderUrl: order.url, order: order.object, replacesSent };
}

/**
 * RFC 9773 §5: alreadyReplaced (409), or a CA that rejects the `replaces` field itself. Pebble
 * answers serverInternal "could not find an order for the given certificate" when the serial's
 * DER content carries a 0x00 sign byte (RFC 9773 §4.1 requires it; Pebble indexes the bare
 * magnitude), so a lookup failure naming the certificate or its order counts as a rejection too.
 */
export function isReplacesRejection(err: unknown): boolean {
  if (!(err instanceof AcmeProblemError)) return false;
  if (err.is('alreadyReplaced')) return true;
  const detail = err.problem.detail ?? '';
  if ((err.is('malformed') || err.is('unauthorized')) && /replace/i.test(detail)) return true;
  return err.is('serverInternal') && /replace|order for the given certificate|certificate serial/i.test(detail);
}

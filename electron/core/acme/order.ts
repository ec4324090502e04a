import type { z } from 'zod';
import { AcmeError, AcmeProblemError, type AcmeProblem } from './errors.ts';
import type { AcmeClient } from './client.ts';
import { toProblem } from './client.ts';
import { linksWithRel, mediaType } from './http.ts';
import { AcmeResponseError } from './errors.ts';
import { pollUntil } from './poll.ts';
import {
  authorizationSchema,
  challengeSchema,
  orderSchema,
  type AuthorizationObject,
  type ChallengeObject,
  type OrderObject,
} from './schemas.ts';
import { splitPemChain } from '../crypto/certificate.ts';
import { csrToBase64Url } from '../crypto/csr.ts';

export interface Order {
  url: string;
  object: OrderObject;
}

export interface Authorization {
  url: string;
  object: AuthorizationObject;
}

export interface NewOrderOptions {
  /** DNS names, wildcards as `*.example.com` (RFC 8555 §7.1.3 identifiers of type dns). */
  names: string[];
  /** A profile the directory advertises (meta.profiles). */
  profile?: string | undefined;
  /** RFC 9773 §5 certificate identifier of the predecessor; only sent when the CA has ARI. */
  replaces?: string | undefined;
}

/** Places a new order (RFC 8555 §7.4). */
export async function createOrder(client: AcmeClient, options: NewOrderOptions): Promise<Order & { replacesSent: boolean }> {
  if (options.names.length === 0) throw new AcmeError('An order needs at least one name');
  const dir = await client.directory();
  const payload: Record<string, unknown> = {
    identifiers: options.names.map((value) => ({ type: 'dns', value: value.toLowerCase().replace(/\.$/, '') })),
  };
  if (options.profile !== undefined) {
    const offered = Object.keys(dir.meta?.profiles ?? {});
    if (!offered.includes(options.profile)) {
      throw new AcmeError(
        `This CA does not offer the profile "${options.profile}"` +
          (offered.length ? `; it offers: ${offered.join(', ')}` : '; it advertises no profiles'),
      );
    }
    payload.profile = options.profile;
  }
  // RFC 9773 §5: SHOULD NOT send `replaces` unless the server advertises renewalInfo.
  const replacesSent = options.replaces !== undefined && dir.renewalInfo !== undefined;
  if (replacesSent) payload.replaces = options.replaces;
  const res = await client.apart.run('new-order', () => client.post(dir.newOrder, payload, orderSchema, { what: 'order' }));
  if (!res.location) throw new AcmeError('The CA created an order but sent no Location header (RFC 8555 §7.4)');
  return { url: res.location, object: res.body, replacesSent };
}

export async function fetchOrder(client: AcmeClient, url: string): Promise<Order> {
  const res = await client.postAsGet(url, orderSchema, { what: 'order' });
  return { url, object: res.body };
}

/** Fetches an authorization; challenges whose envelope is malformed are dropped, unknown types kept. */
export async function fetchAuthorization(client: AcmeClient, url: string): Promise<Authorization> {
  const res = await client.apart.run('authorization', () => client.postAsGet(url, authorizationSchema, { what: 'authorization' }));
  return { url, object: withChallenges(res.body) };
}

function withChallenges(raw: z.infer<typeof authorizationSchema>): AuthorizationObject {
  const challenges: ChallengeObject[] = [];
  for (const c of raw.challenges) {
    const parsed = challengeSchema.safeParse(c);
    if (parsed.success) challenges.push(parsed.data);
  }
  return { ...raw, challenges };
}

/** Tells the CA to validate (RFC 8555 §7.5.1): the payload is an empty object. */
export async function respondToChallenge(client: AcmeClient, challenge: ChallengeObject): Promise<ChallengeObject> {
  const res = await client.post(challenge.url, {}, challengeSchema, { what: 'challenge' });
  return res.body;
}

/**
 * After the challenges are answered, waits for the order to leave pending (RFC 8555 §7.4: it is
 * "ready" once every authorization is valid) instead of polling each authorization (§7.5.1): one
 * poll per order whatever its names, and it keeps clear of a Pebble 2.10 deadlock — its Authz
 * handler holds the authorization's lock while it takes the store's, and a new order's search for
 * reusable authorizations holds the store's while it takes each authorization's. An invalid
 * order throws the failed challenge's problem, read from its authorizations once nothing moves.
 */
export async function waitForValidation(client: AcmeClient, orderUrl: string): Promise<Order> {
  const object = await pollUntil(
    client,
    async () => {
      const res = await client.postAsGet(orderUrl, orderSchema, { what: 'order' });
      return { body: res.body, retryAfter: res.retryAfter };
    },
    (o) => o.status !== 'pending',
    'order',
  );
  if (object.status === 'invalid') {
    for (const url of object.authorizations) {
      const authz = await fetchAuthorization(client, url);
      if (authz.object.status !== 'valid') throw authorizationFailure(authz);
    }
    if (object.error) {
      const problem = toProblem(object.error);
      throw new AcmeProblemError(problem, problem.status ?? 403, orderUrl);
    }
    throw new AcmeError('The CA marked the order invalid without saying why', orderUrl);
  }
  return { url: orderUrl, object };
}

/** The error for an authorization that did not become valid, with the CA's reason. */
export function authorizationFailure(authz: Authorization): AcmeError {
  const failed = authz.object.challenges.find((c) => c.status === 'invalid' && c.error);
  const name = (authz.object.wildcard ? '*.' : '') + authz.object.identifier.value;
  if (failed?.error) {
    const problem: AcmeProblem = toProblem(failed.error);
    problem.identifier ??= { type: authz.object.identifier.type, value: name };
    return new AcmeProblemError(problem, problem.status ?? 403, failed.url);
  }
  return new AcmeError(`The authorization for ${name} is ${authz.object.status}`, authz.url);
}

/** Waits for an order to reach `target` (ready after validation, valid after finalize). */
export async function waitForOrder(client: AcmeClient, url: string, target: 'ready' | 'valid'): Promise<Order> {
  const object = await pollUntil(
    client,
    async () => {
      const res = await client.postAsGet(url, orderSchema, { what: 'order' });
      return { body: res.body, retryAfter: res.retryAfter };
    },
    (o) => o.status === target || o.status === 'invalid' || (target === 'ready' && o.status === 'valid'),
    'order',
  );
  if (object.status === 'invalid') {
    if (object.error) {
      const problem = toProblem(object.error);
      throw new AcmeProblemError(problem, problem.status ?? 403, url);
    }
    throw new AcmeError('The CA marked the order invalid without saying why', url);
  }
  return { url, object };
}

/**
 * How long the first look at a "processing" order waits while the client has other orders under
 * way. A look that comes before the CA has issued costs the order a whole Retry-After; in batches
 * of 50 against Pebble (Retry-After up to 1 s), 3 of 1,000 certificates paid it when looking at
 * once and none of 1,000 after 10 ms, with the batches' times otherwise unchanged.
 */
export const FIRST_LOOK_WHILE_BUSY_MS = 10;

/**
 * Finalizes (RFC 8555 §7.4) and waits for the certificate. The order is polled only after the
 * finalize request has returned. A CA that issues asynchronously answers "processing" with a
 * Retry-After (Pebble always does). The first look comes early, since the certificate is usually
 * ready within milliseconds: at once when this is the client's only order, and after
 * FIRST_LOOK_WHILE_BUSY_MS when others are under way (a batch), where the process has other work
 * for that time and a busy CA needs a moment longer. From then on we wait as long as the CA asks
 * (§7.4).
 */
export async function finalizeOrder(client: AcmeClient, order: Order, csrDer: Buffer): Promise<Order> {
  const res = await client.post(order.object.finalize, { csr: csrToBase64Url(csrDer) }, orderSchema, { what: 'order' });
  if (res.body.status === 'valid') return { url: order.url, object: res.body };
  if (client.ordersUnderWay > 1) await client.sleep(FIRST_LOOK_WHILE_BUSY_MS);
  return waitForOrder(client, order.url, 'valid');
}

export interface DownloadedCertificate {
  /** Leaf first, then the chain, as the CA sent it (RFC 8555 §7.4.2). */
  pem: string;
  /** Alternate chains from `Link: rel="alternate"` (RFC 8555 §7.4.2), in the CA's order. */
  alternates: string[];
}

/** Downloads the certificate chain, and the alternate chains when asked. */
export async function downloadCertificate(
  client: AcmeClient,
  url: string,
  options: { alternates?: boolean } = {},
): Promise<DownloadedCertificate> {
  const fetchChain = async (chainUrl: string) => {
    const res = await client.postRaw(chainUrl, undefined, 'application/pem-certificate-chain');
    const type = mediaType(res.headers);
    const details = { url: chainUrl, status: res.status, body: res.body, contentType: type };
    if (type !== 'application/pem-certificate-chain') {
      throw new AcmeResponseError(
        `The CA sent the certificate as ${type ?? 'no content type'}, not application/pem-certificate-chain`,
        details,
      );
    }
    try {
      return { pem: splitPemChain(res.body.toString('utf8')).join(''), res };
    } catch (err) {
      throw new AcmeResponseError(`The CA sent a certificate chain that is not PEM: ${(err as Error).message}`, details);
    }
  };
  const main = await fetchChain(url);
  const alternates: string[] = [];
  if (options.alternates) {
    for (const alt of linksWithRel(main.res.headers, 'alternate', url)) alternates.push((await fetchChain(alt)).pem);
  }
  return { pem: main.pem, alternates };
}

import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { KindGate } from './kind-gate.ts';
import { AcmeError, AcmeProblemError, AcmeResponseError, AcmeRetryLaterError, type AcmeProblem } from './errors.ts';
import type { KnownServers } from './known-servers.ts';
import { HttpTransport, headerValue, mediaType, type HttpRequest, type HttpResponse } from './http.ts';
import { parseRetryAfter } from './retry-after.ts';
import { directorySchema, problemSchema, type Directory, type ProblemShape } from './schemas.ts';
import { signJws, type FlattenedJws } from './jws.ts';
import type { JWK } from 'jose';

export interface AcmeClientOptions {
  /** RFC 8555 §7.1.1 directory URL. */
  directoryUrl: string;
  /** PEM trust anchors for a private or test CA; the system roots are used otherwise. */
  caBundlePem?: string | undefined;
  /** CA server certificates OpenSSL verified in earlier processes (./known-servers.ts); off when absent. */
  knownServers?: KnownServers | undefined;
  /** Per request, headers and body together. */
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** badNonce is retried with the fresh nonce the error carries (RFC 8555 §6.5). */
  maxBadNonceRetries?: number;
  /** 503/429 (and 5xx on GET) with a Retry-After we are willing to wait for are retried this often. */
  maxServerRetries?: number;
  /** Longer Retry-After waits are not slept through: they surface as AcmeRetryLaterError. */
  maxRetryAfterMs?: number;
  /** Status polling (RFC 8555 §7.5.1): first delay, ceiling, and give-up time. */
  poll?: { initialMs?: number; maxMs?: number; timeoutMs?: number };
  userAgent?: string;
  /** Injectable clock and sleep, for tests and the renewal scheduler. */
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface AcmeResponse<T> {
  status: number;
  body: T;
  location: string | undefined;
  retryAfter: Date | undefined;
  http: HttpResponse;
}

/** The account a client signs with: its key and its URL (the JWS `kid`, RFC 8555 §6.2). */
export interface AccountBinding {
  key: KeyObject;
  url: string;
  /**
   * Turns the CA's refusal of this account's signature (a stale key after a rollover, say) into
   * an error that says what happened and how to fix it; undefined keeps the CA's own problem.
   */
  explainRejection?: (err: AcmeProblemError) => Error | undefined;
}

const NONCE_RE = /^[A-Za-z0-9_-]+$/;

/**
 * One ACME server: its directory, a nonce pool, and signed requests with the retries RFC 8555
 * asks for. Resource operations (accounts, orders, ARI) live in their own modules and call
 * `post`/`postAsGet`/`get` here.
 */
export class AcmeClient {
  readonly directoryUrl: string;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  readonly pollOptions: { initialMs: number; maxMs: number; timeoutMs: number };
  private readonly http: HttpTransport;
  private readonly maxBadNonceRetries: number;
  private readonly maxServerRetries: number;
  private readonly maxRetryAfterMs: number;
  private directoryPromise: Promise<Directory> | undefined;
  private readonly nonces: string[] = [];
  /** warmUp()'s nonce fetch while it is under way. */
  private warming: Promise<void> | undefined;
  private account: AccountBinding | undefined;
  /**
   * Keeps new-order requests and authorization fetches from overlapping. Pebble 2.10 deadlocks
   * when they meet under load: its Authz handler holds the authorization's lock while it takes
   * the store's (wfe.go Authz), and a new order's search for reusable authorizations holds the
   * store's while it takes each authorization's (memorystore.go FindValidAuthorization); a third
   * request waiting to write closes the cycle. A batch of thousands hit it every time; one
   * certificate at a time never waits here.
   */
  readonly apart = new KindGate();
  /** Counters for diagnostics and tests: how often the retry paths were taken. */
  readonly stats = { requests: 0, badNonceRetries: 0, serverRetries: 0 };
  private orders = 0;

  /** Orders this client is taking through issuance now (./issue.ts): more than one is a batch. */
  get ordersUnderWay(): number {
    return this.orders;
  }

  /** Counts an order as under way until the returned function is called (once). */
  beginOrder(): () => void {
    this.orders++;
    let ended = false;
    return () => {
      if (!ended) this.orders--;
      ended = true;
    };
  }

  /** How new TLS connections were trusted, when known servers are on (undefined otherwise). */
  get tlsCounts(): { verifiedByOpenSsl: number; acceptedAsKnown: number } | undefined {
    return this.http.tlsCounts;
  }

  /** TLS connections opened so far (a kept-alive connection serves many requests). */
  get connectionsOpened(): number {
    return this.http.connectionsOpened;
  }

  constructor(options: AcmeClientOptions) {
    this.directoryUrl = options.directoryUrl;
    this.http = new HttpTransport(
      { timeoutMs: options.timeoutMs ?? 30_000, maxResponseBytes: options.maxResponseBytes ?? 1024 * 1024 },
      {
        caBundlePem: options.caBundlePem,
        userAgent: options.userAgent ?? 'PersistCert/0.1 (+dns-persist-01)',
        knownServers: options.knownServers,
      },
    );
    this.maxBadNonceRetries = options.maxBadNonceRetries ?? 20;
    this.maxServerRetries = options.maxServerRetries ?? 2;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
    this.pollOptions = {
      initialMs: options.poll?.initialMs ?? 100,
      maxMs: options.poll?.maxMs ?? 5_000,
      timeoutMs: options.poll?.timeoutMs ?? 180_000,
    };
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The directory, fetched once (RFC 8555 §7.1.1). A failed fetch is not cached. */
  directory(): Promise<Directory> {
    this.directoryPromise ??= this.get(this.directoryUrl, directorySchema, { what: 'ACME directory' }).then(
      (r) => r.body,
      (err) => {
        this.directoryPromise = undefined;
        throw err;
      },
    );
    return this.directoryPromise;
  }

  /**
   * Starts fetching the directory and a nonce (RFC 8555 §7.1.1, §7.2) without waiting, so a caller
   * still loading the account key does both at once. A failure here is not kept: the first request
   * that needs either fetches it again and reports it.
   */
  warmUp(): void {
    if (this.warming) return;
    this.warming = this.takeNonce()
      .then(
        (nonce) => void this.nonces.push(nonce),
        () => undefined,
      )
      .finally(() => (this.warming = undefined));
  }

  /** Signs later requests with this account (`kid`). */
  useAccount(account: AccountBinding | undefined): void {
    this.account = account;
  }

  get accountBinding(): AccountBinding | undefined {
    return this.account;
  }

  requireAccount(): AccountBinding {
    if (!this.account) throw new AcmeError('No ACME account is selected: create or load an account first');
    return this.account;
  }

  /** Unauthenticated GET, used for the directory and ARI (RFC 9773 §4.1). */
  async get<S extends z.ZodType>(url: string, schema: S, opts: { what: string }): Promise<AcmeResponse<z.infer<S>>> {
    const res = await this.send(async () => ({ method: 'GET', url, headers: { accept: 'application/json' } }), false);
    return this.parseJson(res, schema, opts.what);
  }

  /**
   * Signed POST with a JSON payload. `signer` defaults to the current account (`kid`); pass
   * `{ key, jwk: true }` to sign with an embedded JWK (newAccount, revocation by certificate key).
   */
  async post<S extends z.ZodType>(
    url: string,
    payload: unknown,
    schema: S,
    opts: { what: string; signer?: { key: KeyObject; jwk?: JWK | true } },
  ): Promise<AcmeResponse<z.infer<S>>> {
    const res = await this.signedRequest(url, payload, opts.signer, 'application/json');
    return this.parseJson(res, schema, opts.what);
  }

  /** POST-as-GET (RFC 8555 §6.3). */
  postAsGet<S extends z.ZodType>(url: string, schema: S, opts: { what: string }): Promise<AcmeResponse<z.infer<S>>> {
    return this.post(url, undefined, schema, opts);
  }

  /** A signed POST whose answer is not JSON (certificate download, RFC 8555 §7.4.2). */
  async postRaw(url: string, payload: unknown, accept: string, signer?: { key: KeyObject; jwk?: JWK | true }): Promise<HttpResponse> {
    return this.signedRequest(url, payload, signer, accept);
  }

  /** Closes idle connections; the client stays usable. */
  close(): void {
    this.http.close();
  }

  private async signedRequest(
    url: string,
    payload: unknown,
    signer: { key: KeyObject; jwk?: JWK | true } | undefined,
    accept: string,
  ): Promise<HttpResponse> {
    const account = signer ? undefined : this.requireAccount();
    return this.send(async () => {
      const nonce = await this.takeNonce();
      let jws: FlattenedJws;
      if (signer) {
        const jwk = signer.jwk === true || signer.jwk === undefined ? undefined : signer.jwk;
        jws = await signJws(signer.key, payload, { url, nonce, ...(jwk ? { jwk } : {}) });
      } else {
        jws = await signJws(account!.key, payload, { url, nonce, kid: account!.url });
      }
      return {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/jose+json', accept },
        body: JSON.stringify(jws),
      } satisfies HttpRequest;
    }, true);
  }

  /**
   * A fresh nonce: from the pool, else GET newNonce, which RFC 8555 §7.2 has the server answer
   * with 204 and the nonce. Not HEAD: an answer to HEAD without a Content-Length ends Node's
   * keep-alive (Pebble's does), so each fetch would cost its connection and the next request a
   * new TLS handshake; 16 of them at the start of every batch.
   */
  private async takeNonce(): Promise<string> {
    const pooled = this.nonces.pop();
    if (pooled) return pooled;
    if (this.warming) {
      // The warm-up's fetch is under way: a second one beside it would open a second connection.
      await this.warming;
      const warmed = this.nonces.pop();
      if (warmed) return warmed;
    }
    const dir = await this.directory();
    const res = await this.send(async () => ({ method: 'GET', url: dir.newNonce }), false);
    const nonce = this.nonces.pop();
    if (!nonce) {
      throw new AcmeResponseError('The CA answered newNonce without a usable Replay-Nonce header', {
        url: dir.newNonce,
        status: res.status,
        body: res.body,
        contentType: mediaType(res.headers),
      });
    }
    return nonce;
  }

  /**
   * Sends a request (rebuilt on every attempt, so each signed retry gets a fresh nonce) and
   * handles the retries the protocol defines: badNonce (§6.5) and Retry-After on 503/429 (§6.6).
   */
  private async send(build: () => Promise<HttpRequest>, signed: boolean): Promise<HttpResponse> {
    let badNonces = 0;
    let serverRetries = 0;
    for (;;) {
      const req = await build();
      this.stats.requests++;
      const res = await this.http.request(req);
      const nonce = headerValue(res.headers, 'replay-nonce');
      if (nonce && NONCE_RE.test(nonce)) this.nonces.push(nonce);
      if (res.status < 400) return res;

      const problem = tryParseProblem(res);
      if (signed && problem?.type === 'urn:ietf:params:acme:error:badNonce' && badNonces < this.maxBadNonceRetries) {
        badNonces++;
        this.stats.badNonceRetries++;
        continue;
      }
      const retryable = res.status === 503 || res.status === 429 || (req.method !== 'POST' && res.status >= 500);
      if (retryable) {
        const now = this.now();
        const retryAfter = parseRetryAfter(headerValue(res.headers, 'retry-after'), now);
        const wait = retryAfter ? retryAfter.getTime() - now.getTime() : undefined;
        if (wait !== undefined && wait > this.maxRetryAfterMs) {
          throw new AcmeRetryLaterError(res.status, retryAfter!, req.url, problem);
        }
        if (serverRetries < this.maxServerRetries) {
          serverRetries++;
          this.stats.serverRetries++;
          await this.sleep(Math.max(wait ?? 1000 * 2 ** serverRetries, 250));
          continue;
        }
        if (retryAfter) throw new AcmeRetryLaterError(res.status, retryAfter, req.url, problem);
      }
      if (problem) {
        const err = new AcmeProblemError(
          problem,
          res.status,
          req.url,
          parseRetryAfter(headerValue(res.headers, 'retry-after'), this.now()),
        );
        throw (signed && this.account?.explainRejection?.(err)) || err;
      }
      throw new AcmeResponseError(`The CA answered HTTP ${res.status} without a problem document`, {
        url: req.url,
        status: res.status,
        body: res.body,
        contentType: mediaType(res.headers),
      });
    }
  }

  private parseJson<S extends z.ZodType>(res: HttpResponse, schema: S, what: string): AcmeResponse<z.infer<S>> {
    const type = mediaType(res.headers);
    const details = { url: res.url, status: res.status, body: res.body, contentType: type };
    if (type !== 'application/json') {
      throw new AcmeResponseError(`The CA sent the ${what} as ${type ?? 'no content type'}, not application/json`, details);
    }
    let json: unknown;
    try {
      json = JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new AcmeResponseError(`The CA sent a ${what} that is not valid JSON`, details);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'the object';
      throw new AcmeResponseError(`The CA sent a malformed ${what}: ${where} ${issue?.message ?? 'is invalid'}`, details);
    }
    return {
      status: res.status,
      body: parsed.data,
      location: resolveLocation(res),
      retryAfter: parseRetryAfter(headerValue(res.headers, 'retry-after'), this.now()),
      http: res,
    };
  }
}

function resolveLocation(res: HttpResponse): string | undefined {
  const loc = headerValue(res.headers, 'location');
  if (!loc) return undefined;
  try {
    return new URL(loc, res.url).toString();
  } catch {
    return undefined;
  }
}

/** A problem document, if the body is one (RFC 7807 media type, or JSON that has `type`). */
export function tryParseProblem(res: HttpResponse): AcmeProblem | undefined {
  const type = mediaType(res.headers);
  if (type !== 'application/problem+json' && type !== 'application/json') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = problemSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return toProblem(parsed.data);
}

/** Turns a parsed problem JSON (RFC 7807, RFC 8555 §6.7) into our AcmeProblem, keeping every field in `raw`. */
export function toProblem(p: ProblemShape): AcmeProblem {
  return {
    type: p.type,
    ...(p.detail !== undefined ? { detail: p.detail } : {}),
    ...(p.title !== undefined ? { title: p.title } : {}),
    ...(p.status !== undefined ? { status: p.status } : {}),
    ...(p.instance !== undefined ? { instance: p.instance } : {}),
    ...(p.identifier !== undefined ? { identifier: p.identifier } : {}),
    ...(p.subproblems ? { subproblems: p.subproblems.map(toProblem) } : {}),
    raw: p,
  };
}

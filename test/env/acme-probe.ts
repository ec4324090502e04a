// A deliberately tiny ACME client for the test environment itself: Pebble's readiness check and the
// env tests. It is not PersistCert's client and must not be used to test it.
import { FlattenedSign, exportJWK, generateKeyPair, type JWK, type CryptoKey } from 'jose';
import { httpsRequest, type HttpsResponse } from './https.ts';

export interface AcmeDirectory {
  newNonce: string;
  newAccount: string;
  newOrder: string;
  renewalInfo?: string;
  meta?: { caaIdentities?: string[]; profiles?: Record<string, string>; externalAccountRequired?: boolean };
  [k: string]: unknown;
}

export class AcmeProblem extends Error {
  constructor(
    readonly response: HttpsResponse,
    readonly problem: { type?: string; detail?: string } | undefined,
  ) {
    super(`ACME ${response.status}: ${problem?.type ?? ''} ${problem?.detail ?? response.text().slice(0, 300)}`);
  }
}

export class AcmeProbe {
  private nonce: string | undefined;
  accountUrl: string | undefined;

  private constructor(
    readonly directory: AcmeDirectory,
    private readonly ca: string,
    private readonly key: CryptoKey,
    readonly jwk: JWK,
  ) {}

  static async create(directoryUrl: string, ca: string): Promise<AcmeProbe> {
    const res = await httpsRequest(directoryUrl, { ca });
    if (res.status !== 200) throw new Error(`GET ${directoryUrl}: ${res.status} ${res.text()}`);
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    return new AcmeProbe(res.json<AcmeDirectory>(), ca, privateKey, await exportJWK(publicKey));
  }

  /** newAccount with a fresh key; with `eab` it carries an HS256 external account binding. */
  async register(eab?: { kid: string; key: string }): Promise<string> {
    const payload: Record<string, unknown> = { termsOfServiceAgreed: true };
    if (eab) {
      const url = this.directory.newAccount;
      payload.externalAccountBinding = await new FlattenedSign(new TextEncoder().encode(JSON.stringify(this.jwk)))
        .setProtectedHeader({ alg: 'HS256', kid: eab.kid, url })
        .sign(Buffer.from(eab.key, 'base64url'));
    }
    const res = await this.post(this.directory.newAccount, payload);
    const location = res.headers.location;
    if (typeof location !== 'string') throw new Error(`newAccount: no Location (${res.status})`);
    this.accountUrl = location;
    return location;
  }

  /**
   * Signed POST (payload undefined = POST-as-GET). Uses `jwk` until registered, `kid` after.
   * Retries badNonce as RFC 8555 asks; Pebble rejects 5% of good nonces by default.
   */
  async post(url: string, payload?: unknown, timeoutMs = 10_000): Promise<HttpsResponse> {
    for (let attempt = 0; ; attempt++) {
      const nonce = this.nonce ?? (await this.freshNonce());
      this.nonce = undefined;
      const header = this.accountUrl ? { alg: 'ES256', kid: this.accountUrl, nonce, url } : { alg: 'ES256', jwk: this.jwk, nonce, url };
      const body = payload === undefined ? '' : JSON.stringify(payload);
      const jws = await new FlattenedSign(new TextEncoder().encode(body)).setProtectedHeader(header).sign(this.key);
      const res = await httpsRequest(url, {
        method: 'POST',
        ca: this.ca,
        headers: { 'content-type': 'application/jose+json' },
        body: JSON.stringify(jws),
        timeoutMs,
      });
      const next = res.headers['replay-nonce'];
      if (typeof next === 'string') this.nonce = next;
      if (res.status < 400) return res;
      const problem = parseProblem(res);
      if (problem?.type === 'urn:ietf:params:acme:error:badNonce' && attempt < 20) continue;
      throw new AcmeProblem(res, problem);
    }
  }

  private async freshNonce(): Promise<string> {
    const res = await httpsRequest(this.directory.newNonce, { method: 'HEAD', ca: this.ca });
    const nonce = res.headers['replay-nonce'];
    if (typeof nonce !== 'string' || nonce === '') throw new Error(`HEAD newNonce: no Replay-Nonce (${res.status})`);
    return nonce;
  }
}

function parseProblem(res: HttpsResponse): { type?: string; detail?: string } | undefined {
  try {
    return res.json<{ type?: string; detail?: string }>();
  } catch {
    return undefined;
  }
}

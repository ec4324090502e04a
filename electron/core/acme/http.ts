import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { AcmeTransportError } from './errors.ts';
import { KnownServerAgent, verifyingContext } from './known-server-agent.ts';
import type { KnownServers } from './known-servers.ts';

/** What every request to a CA is bounded by (RFC 8555 leaves this to the client; we never hang). */
export interface HttpLimits {
  /** Whole request, headers and body, in milliseconds. */
  timeoutMs: number;
  /** Response bodies larger than this are refused while streaming. */
  maxResponseBytes: number;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  url: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * HTTPS to the CA. ACME is HTTPS-only (RFC 8555 §6.1), so plain http is refused. TLS is always
 * verified: an explicit CA bundle replaces the system roots for private or test CAs.
 */
export class HttpTransport {
  private readonly agent: https.Agent;
  constructor(
    private readonly limits: HttpLimits,
    options: { caBundlePem?: string | undefined; userAgent: string; knownServers?: KnownServers | undefined },
  ) {
    const pool = { keepAlive: true, maxSockets: 16 };
    // One TLS context for every connection: given only `ca`, each new socket would build its own
    // (parsing the bundle again), ~0.8 ms each in a batch's 16 connections.
    this.agent = options.knownServers
      ? new KnownServerAgent(pool, options.caBundlePem, options.knownServers)
      : new https.Agent({ ...pool, ...verifyingContext(options.caBundlePem) });
    this.userAgent = options.userAgent;
  }
  private readonly userAgent: string;
  /** Requests that opened a connection instead of reusing a kept-alive one. */
  connectionsOpened = 0;

  /** How new connections were trusted: verified by OpenSSL, or the certificate it verified before. */
  get tlsCounts(): { verifiedByOpenSsl: number; acceptedAsKnown: number } | undefined {
    return this.agent instanceof KnownServerAgent ? { ...this.agent.counts } : undefined;
  }

  request(req: HttpRequest): Promise<HttpResponse> {
    let target: URL;
    try {
      target = new URL(req.url);
    } catch {
      return Promise.reject(new AcmeTransportError('network', `Not a valid URL: ${req.url}`, req.url));
    }
    // RFC 8555 §6.1: ACME is served over HTTPS only.
    if (target.protocol !== 'https:') {
      return Promise.reject(
        new AcmeTransportError(
          'network',
          `The CA must be reached over https://, but the address is ${target.protocol}//…: ${req.url}`,
          req.url,
        ),
      );
    }
    const { timeoutMs, maxResponseBytes } = this.limits;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: AcmeTransportError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.destroy();
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new AcmeTransportError('timeout', `The CA did not answer within ${timeoutMs} ms (${req.method} ${req.url})`, req.url)),
        timeoutMs,
      );
      const headers: Record<string, string> = { 'user-agent': this.userAgent, 'accept-language': 'en', ...req.headers };
      if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
      const request = https.request(target, { method: req.method, headers, agent: this.agent }, (res) => {
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxResponseBytes) {
          fail(tooLarge(req.url, maxResponseBytes));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxResponseBytes) fail(tooLarge(req.url, maxResponseBytes));
          else chunks.push(chunk);
        });
        res.on('error', (err) => fail(new AcmeTransportError('network', `Connection to the CA broke: ${err.message}`, req.url, err)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: req.url });
        });
      });
      request.once('socket', () => {
        if (!request.reusedSocket) this.connectionsOpened++;
      });
      request.on('error', (err: NodeJS.ErrnoException) => {
        const tls = typeof err.code === 'string' && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(err.code);
        const why = tls
          ? `The CA's TLS certificate is not trusted (${err.code}). For a private or test CA, pass its CA bundle`
          : `Cannot reach the CA (${err.code ?? err.message})`;
        fail(new AcmeTransportError(tls ? 'tls' : 'network', `${why}: ${req.url}`, req.url, err));
      });
      request.end(req.body);
    });
  }

  /** Closes idle keep-alive sockets so a CLI process can exit promptly. */
  close(): void {
    this.agent.destroy();
  }
}

function tooLarge(url: string, max: number): AcmeTransportError {
  return new AcmeTransportError('too-large', `The CA's answer is larger than ${max} bytes; refusing it`, url);
}

/** Reads one header as a single string (Node gives arrays for repeated headers). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Every value of a header that may repeat, such as Link (RFC 8288). */
export function headerValues(headers: IncomingHttpHeaders, name: string): string[] {
  const v = headers[name.toLowerCase()];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The media type of a response without parameters, lowercased. */
export function mediaType(headers: IncomingHttpHeaders): string | undefined {
  return headerValue(headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
}

/**
 * Parses RFC 8288 Link headers, returning the targets with the given relation, resolved
 * against the request URL (RFC 8555 §7.1 uses rel="index", "up", "alternate").
 */
export function linksWithRel(headers: IncomingHttpHeaders, rel: string, base: string): string[] {
  const out: string[] = [];
  for (const header of headerValues(headers, 'link')) {
    // A header may hold several comma-separated links; URLs are inside <…>.
    for (const m of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
      const params = m[2] ?? '';
      const relMatch = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(params);
      if (relMatch && relMatch[1]!.split(/\s+/).includes(rel)) {
        try {
          out.push(new URL(m[1]!, base).toString());
        } catch {
          /* a malformed link is ignored, as RFC 8288 §3 allows */
        }
      }
    }
  }
  return out;
}

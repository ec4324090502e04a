import type { IncomingHttpHeaders } from 'node:http';
import { ConnectionPool, type PooledConnection } from './connection-pool.ts';
import { AcmeTransportError } from './errors.ts';
import { Http1ClosedError, Http1ParseError, Http1ResponseReader, Http1TooLargeError, type Http1Response } from './http1-response.ts';
import type { KnownServers } from './known-servers.ts';
import { TlsConnector } from './tls-connector.ts';

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

/** Connections kept alive per CA server: a batch's 16 parallel orders each keep one. */
const MAX_CONNECTIONS = 16;
/** A CA's header section is a few hundred bytes; Node's own HTTP client allows 16 KiB. */
const MAX_HEADER_BYTES = 16 * 1024;
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FIELD_VALUE = /^[^\r\n\0]*$/;

/**
 * HTTPS to the CA, HTTP/1.1 over kept-alive TLS connections. ACME is HTTPS-only (RFC 8555 §6.1),
 * so plain http is refused. TLS is always verified: an explicit CA bundle replaces the system
 * roots for private or test CAs. Requests are written and answers read here (RFC 9112) rather
 * than by node:https, whose request and response objects cost ~0.3 ms of CPU per request, most
 * of a batch's HTTP time (docs/decisions/0021).
 */
export class HttpTransport {
  private readonly connector: TlsConnector;
  private readonly pool: ConnectionPool;
  private readonly userAgent: string;
  /** Requests that opened a connection instead of reusing a kept-alive one. */
  connectionsOpened = 0;

  constructor(
    private readonly limits: HttpLimits,
    options: { caBundlePem?: string | undefined; userAgent: string; knownServers?: KnownServers | undefined },
  ) {
    this.connector = new TlsConnector(options.caBundlePem, options.knownServers);
    this.pool = new ConnectionPool((host, port) => this.connector.connect(host, port), MAX_CONNECTIONS);
    this.userAgent = options.userAgent;
  }

  /** How new connections were trusted: verified by OpenSSL, or the certificate it verified before. */
  get tlsCounts(): { verifiedByOpenSsl: number; acceptedAsKnown: number } {
    return { ...this.connector.counts };
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
    let head: string;
    try {
      head = requestHead(req, target, this.userAgent);
    } catch (err) {
      return Promise.reject(err);
    }
    const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
    const port = Number(target.port || 443);
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      let connection: PooledConnection | undefined;
      const fail = (err: AcmeTransportError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (connection) this.pool.release(connection, false);
        reject(err);
      };
      const timer = setTimeout(
        () =>
          fail(
            new AcmeTransportError(
              'timeout',
              `The CA did not answer within ${this.limits.timeoutMs} ms (${req.method} ${req.url})`,
              req.url,
            ),
          ),
        this.limits.timeoutMs,
      );
      const answered = (res: Http1Response) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pool.release(connection!, res.reusable);
        resolve({ status: res.status, headers: res.headers, body: res.body, url: req.url });
      };
      this.pool.acquire(host, port).then(
        (acquired) => {
          if (settled) return this.pool.release(acquired, true);
          connection = acquired;
          if (!acquired.reused) this.connectionsOpened++;
          this.exchange(acquired, req, head, answered, fail);
        },
        (err: NodeJS.ErrnoException) => fail(connectError(err, req.url)),
      );
    });
  }

  /** Closes every connection (a request still under way fails); the transport stays usable. */
  close(): void {
    this.connector.destroy();
    this.pool.destroy();
  }

  /** Writes the request on `connection` and reads its answer. */
  private exchange(
    connection: PooledConnection,
    req: HttpRequest,
    head: string,
    answered: (res: Http1Response) => void,
    fail: (err: AcmeTransportError) => void,
  ): void {
    const reader = new Http1ResponseReader({ maxHeaderBytes: MAX_HEADER_BYTES, maxBodyBytes: this.limits.maxResponseBytes }, req.method);
    const broken = (err: unknown) => {
      if (err instanceof Http1TooLargeError) fail(tooLarge(req.url, this.limits.maxResponseBytes));
      else if (err instanceof Http1ClosedError)
        fail(new AcmeTransportError('network', `The CA closed the connection ${err.message}: ${req.url}`, req.url, err));
      else if (err instanceof Http1ParseError)
        fail(new AcmeTransportError('network', `The CA's answer is not HTTP/1.1 we can read (${err.message}): ${req.url}`, req.url, err));
      else fail(new AcmeTransportError('network', `Connection to the CA broke: ${(err as Error).message}`, req.url, err));
    };
    connection.holder = {
      data: (chunk) => {
        try {
          const res = reader.push(chunk);
          if (res) answered(res);
        } catch (err) {
          broken(err);
        }
      },
      end: () => {
        try {
          answered(reader.end());
        } catch (err) {
          broken(err);
        }
      },
      error: broken,
    };
    // Closed while it waited to be handed over: no event is coming for it.
    if (connection.socket.destroyed) return broken(new Http1ClosedError('before answering'));
    connection.socket.write(req.body === undefined ? head : head + req.body);
  }
}

/** The request line and header section (RFC 9112 §3, §5); the body follows as UTF-8. */
function requestHead(req: HttpRequest, target: URL, userAgent: string): string {
  const fields: Record<string, string> = { host: target.host, 'user-agent': userAgent, 'accept-language': 'en', ...req.headers };
  if (req.body !== undefined) fields['content-length'] = String(Buffer.byteLength(req.body));
  // The URL parser has already dropped any CR, LF or tab from the path (WHATWG URL §4.4).
  let head = `${req.method} ${target.pathname}${target.search} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(fields)) {
    if (!FIELD_NAME.test(name) || !FIELD_VALUE.test(value))
      throw new Error(`Refusing to send the header field ${JSON.stringify(name)}: not a valid HTTP field`);
    head += `${name}: ${value}\r\n`;
  }
  return head + '\r\n';
}

/** A connection that could not be made: TLS trust (with the CA bundle hint) or the network. */
function connectError(err: NodeJS.ErrnoException, url: string): AcmeTransportError {
  const tls = typeof err.code === 'string' && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(err.code);
  const why = tls
    ? `The CA's TLS certificate is not trusted (${err.code}). For a private or test CA, pass its CA bundle`
    : `Cannot reach the CA (${err.code ?? err.message})`;
  return new AcmeTransportError(tls ? 'tls' : 'network', `${why}: ${url}`, url, err);
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

/**
 * Typed errors for everything an ACME server (or the road to it) can do wrong. Each keeps the
 * CA's own words so a UI can show them: the whole RFC 7807 problem document, or a snippet of
 * a body that was not what RFC 8555 promises.
 */

/** RFC 8555 §6.7 problem document (RFC 7807), with §6.7.1 subproblems. */
export interface AcmeProblem {
  type: string;
  detail?: string;
  title?: string;
  status?: number;
  instance?: string;
  identifier?: { type: string; value: string };
  subproblems?: AcmeProblem[];
  /** Every field the CA sent, including ones this client does not know. */
  raw: Record<string, unknown>;
}

const ACME_ERROR_PREFIX = 'urn:ietf:params:acme:error:';

/** Base class: anything that went wrong while talking ACME. */
export class AcmeError extends Error {
  override name = 'AcmeError';
  /** The URL of the request that failed, when there was one. */
  readonly url: string | undefined;
  constructor(message: string, url?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.url = url;
  }
}

/** The CA answered with a problem document (RFC 8555 §6.7). */
export class AcmeProblemError extends AcmeError {
  override name = 'AcmeProblemError';
  readonly problem: AcmeProblem;
  readonly status: number;
  /** When the CA asked us to come back (Retry-After), if it did. */
  readonly retryAfter: Date | undefined;
  constructor(problem: AcmeProblem, status: number, url?: string, retryAfter?: Date) {
    super(describeProblem(problem), url);
    this.problem = problem;
    this.status = status;
    this.retryAfter = retryAfter;
  }
  /** The short ACME error type, e.g. `badNonce` for `urn:ietf:params:acme:error:badNonce`. */
  get acmeType(): string | undefined {
    return this.problem.type.startsWith(ACME_ERROR_PREFIX) ? this.problem.type.slice(ACME_ERROR_PREFIX.length) : undefined;
  }
  is(type: string): boolean {
    return this.acmeType === type;
  }
}

/** The CA answered, but not with what the protocol promises (wrong type, not JSON, bad shape). */
export class AcmeResponseError extends AcmeError {
  override name = 'AcmeResponseError';
  readonly status: number;
  /** The start of what the CA actually sent, as text, for the user to read. */
  readonly bodySnippet: string;
  readonly contentType: string | undefined;
  constructor(message: string, details: { url: string; status: number; body?: Buffer; contentType?: string | undefined }) {
    super(message, details.url);
    this.status = details.status;
    this.contentType = details.contentType;
    this.bodySnippet = snippet(details.body);
  }
}

/** The CA could not be reached, did not answer in time, or sent too much. */
export class AcmeTransportError extends AcmeError {
  override name = 'AcmeTransportError';
  readonly reason: 'timeout' | 'too-large' | 'network' | 'tls';
  constructor(reason: AcmeTransportError['reason'], message: string, url: string, cause?: unknown) {
    super(message, url, { cause });
    this.reason = reason;
  }
}

/** The CA asked us to wait longer than we are willing to (5xx or 429 with Retry-After). */
export class AcmeRetryLaterError extends AcmeError {
  override name = 'AcmeRetryLaterError';
  readonly retryAfter: Date;
  readonly status: number;
  readonly problem: AcmeProblem | undefined;
  constructor(status: number, retryAfter: Date, url: string, problem?: AcmeProblem) {
    super(
      `The CA is unavailable (HTTP ${status}) and asks to retry after ${retryAfter.toISOString()}` +
        (problem ? `: ${describeProblem(problem)}` : ''),
      url,
    );
    this.status = status;
    this.retryAfter = retryAfter;
    this.problem = problem;
  }
}

/** One line for humans: "detail (type)", plus subproblems per identifier. */
export function describeProblem(problem: AcmeProblem): string {
  const short = problem.type.startsWith(ACME_ERROR_PREFIX) ? problem.type.slice(ACME_ERROR_PREFIX.length) : problem.type;
  let text = problem.detail ? `${problem.detail} (${short})` : `The CA reported ${short}`;
  for (const sub of problem.subproblems ?? []) {
    const who = sub.identifier ? `${sub.identifier.value}: ` : '';
    text += `; ${who}${sub.detail ?? sub.type}`;
  }
  return text;
}

function snippet(body: Buffer | undefined): string {
  if (!body || body.length === 0) return '';
  const text = body
    .subarray(0, 512)
    .toString('utf8')
    .replace(/[^\x20-\x7e\n\t]/g, '?');
  return body.length > 512 ? `${text}…` : text;
}

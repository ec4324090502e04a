import type { IncomingHttpHeaders } from 'node:http';

/**
 * One HTTP/1.1 response read from a connection's bytes (RFC 9112), for the CA transport
 * (./http.ts; docs/decisions/0021): the status line (§4), header fields (§5), the body's length
 * (§6.3) and the chunked coding (§7.1). Interim 1xx answers are skipped (RFC 9110 §15.2).
 */
export interface Http1Response {
  status: number;
  /** Lowercased names; repeats joined with ", " as Node does (set-cookie kept as a list). */
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Whether the connection may carry another request (§9.3): HTTP/1.1, no `close`, nothing left over. */
  reusable: boolean;
}

/** The bytes are not an HTTP/1.1 response we can read; the connection is useless after this. */
export class Http1ParseError extends Error {
  override name = 'Http1ParseError';
}

/** The server closed the connection before the response was complete. */
export class Http1ClosedError extends Error {
  override name = 'Http1ClosedError';
}

/** The body passed the size cap (declared or while arriving). */
export class Http1TooLargeError extends Error {
  override name = 'Http1TooLargeError';
}

export interface Http1Limits {
  /** Status line and header fields together. */
  maxHeaderBytes: number;
  maxBodyBytes: number;
}

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: [^\r\n]*)?$/;
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Fields whose repeats Node drops, keeping the first (lib/_http_incoming.js matchKnownFields). */
const SINGLE_VALUED = new Set(['content-type', 'location', 'retry-after', 'server', 'date', 'etag', 'last-modified', 'expires', 'age']);
/** A chunk-size line, its extensions included, is never this long from a sane server. */
const MAX_CHUNK_LINE = 1024;

type Framing = { kind: 'none' } | { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'close' };
type ChunkState = 'size' | 'data' | 'data-end' | 'trailers';

/**
 * Feed it the connection's bytes in order (`push`), and `end()` when the server closes. A
 * response is returned once complete; nothing is buffered past the size caps.
 */
export class Http1ResponseReader {
  private pending: Buffer = Buffer.alloc(0);
  private head: { status: number; headers: IncomingHttpHeaders; reusable: boolean } | undefined;
  private framing: Framing = { kind: 'none' };
  private chunkState: ChunkState = 'size';
  private chunkLeft = 0;
  private readonly body: Buffer[] = [];
  private bodyBytes = 0;
  private done = false;
  /** Whether any byte of the answer arrived. */
  started = false;

  constructor(
    private readonly limits: Http1Limits,
    private readonly method: string,
  ) {}

  push(chunk: Buffer): Http1Response | undefined {
    if (this.done) throw new Http1ParseError('bytes after the end of the response');
    if (chunk.length === 0) return undefined;
    this.started = true;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (!this.head) {
      const end = this.pending.indexOf(HEAD_END);
      if (end < 0) {
        if (this.pending.length > this.limits.maxHeaderBytes)
          throw new Http1ParseError(`header section longer than ${this.limits.maxHeaderBytes} bytes`);
        return undefined;
      }
      if (end > this.limits.maxHeaderBytes) throw new Http1ParseError(`header section longer than ${this.limits.maxHeaderBytes} bytes`);
      const text = this.pending.toString('latin1', 0, end);
      this.pending = this.pending.subarray(end + HEAD_END.length);
      this.readHead(text);
    }
    return this.readBody();
  }

  /** The server closed the connection: the response, when its body ran to the close. */
  end(): Http1Response {
    if (this.done) throw new Http1ParseError('bytes after the end of the response');
    if (this.head && this.framing.kind === 'close') return this.finish(false);
    throw new Http1ClosedError(
      this.head ? 'before the body was complete' : this.started ? 'in the middle of the header section' : 'before answering',
    );
  }

  private readHead(text: string): void {
    const lines = text.split('\r\n');
    const match = STATUS_LINE.exec(lines[0]!);
    if (!match) throw new Http1ParseError(`not an HTTP/1.x status line: ${JSON.stringify(lines[0]!.slice(0, 60))}`);
    const status = Number(match[2]);
    const values = new Map<string, string[]>();
    let last: string[] | undefined;
    for (const line of lines.slice(1)) {
      if (line[0] === ' ' || line[0] === '\t') {
        // obs-fold: RFC 9112 §5.2 has a user agent replace it with a space.
        if (!last) throw new Http1ParseError('a folded line before any header field');
        last[last.length - 1] += ' ' + line.trim();
        continue;
      }
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      if (!FIELD_NAME.test(name)) throw new Http1ParseError(`not a header field: ${JSON.stringify(line.slice(0, 60))}`);
      const key = name.toLowerCase();
      last = values.get(key);
      if (!last) values.set(key, (last = []));
      last.push(line.slice(colon + 1).trim());
    }
    // 1xx answers are interim (RFC 9110 §15.2); 101 would switch protocols, which we never ask for.
    if (status < 200) {
      if (status === 101) throw new Http1ParseError('the server switched protocols (101), which was not asked for');
      return;
    }
    const headers: IncomingHttpHeaders = {};
    for (const [key, list] of values) {
      if (key === 'set-cookie') headers[key] = list;
      else headers[key] = SINGLE_VALUED.has(key) ? list[0]! : list.join(', ');
    }
    const connection = (headers.connection ?? '').toLowerCase().split(/\s*,\s*/);
    const reusable = match[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
    this.head = { status, headers, reusable };
    this.framing = this.framingOf(status, values);
  }

  /** RFC 9112 §6.3, in its order. */
  private framingOf(status: number, values: Map<string, string[]>): Framing {
    if (this.method === 'HEAD' || status === 204 || status === 304) return { kind: 'none' };
    const codings = values.get('transfer-encoding');
    if (codings) {
      // With a Content-Length beside it the message may be an attempt at smuggling (§6.3 item 3):
      // read it by its coding, and use the connection for nothing else.
      if (values.has('content-length')) this.head!.reusable = false;
      const last = codings.join(',').split(',').at(-1)!.trim().toLowerCase();
      if (last === 'chunked') return { kind: 'chunked' };
      this.head!.reusable = false;
      return { kind: 'close' };
    }
    const lengths = values.get('content-length');
    if (lengths) {
      const distinct = new Set(
        lengths
          .join(',')
          .split(',')
          .map((v) => v.trim()),
      );
      const [only] = distinct;
      if (distinct.size !== 1 || !/^\d{1,15}$/.test(only!)) throw new Http1ParseError(`an invalid Content-Length: ${lengths.join(', ')}`);
      const length = Number(only);
      if (length > this.limits.maxBodyBytes) throw new Http1TooLargeError(`the body is ${length} bytes, over ${this.limits.maxBodyBytes}`);
      return length === 0 ? { kind: 'none' } : { kind: 'length', left: length };
    }
    this.head!.reusable = false;
    return { kind: 'close' };
  }

  private readBody(): Http1Response | undefined {
    const framing = this.framing;
    switch (framing.kind) {
      case 'none':
        return this.finish(this.pending.length === 0);
      case 'close':
        this.take(this.pending.length);
        return undefined;
      case 'length': {
        const n = Math.min(framing.left, this.pending.length);
        this.take(n);
        framing.left -= n;
        return framing.left === 0 ? this.finish(this.pending.length === 0) : undefined;
      }
      case 'chunked':
        return this.readChunks();
    }
  }

  private readChunks(): Http1Response | undefined {
    for (;;) {
      if (this.chunkState === 'data') {
        const n = Math.min(this.chunkLeft, this.pending.length);
        this.take(n);
        this.chunkLeft -= n;
        if (this.chunkLeft > 0) return undefined;
        this.chunkState = 'data-end';
        continue;
      }
      const eol = this.pending.indexOf(CRLF);
      if (eol < 0) {
        if (this.pending.length > MAX_CHUNK_LINE) throw new Http1ParseError('a chunk line longer than 1024 bytes');
        return undefined;
      }
      const line = this.pending.toString('latin1', 0, eol);
      this.pending = this.pending.subarray(eol + CRLF.length);
      if (this.chunkState === 'data-end') {
        if (line !== '') throw new Http1ParseError('a chunk longer than its size');
        this.chunkState = 'size';
      } else if (this.chunkState === 'size') {
        const size = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?$/.exec(line);
        if (!size) throw new Http1ParseError(`not a chunk size: ${JSON.stringify(line.slice(0, 40))}`);
        this.chunkLeft = parseInt(size[1]!, 16);
        if (this.bodyBytes + this.chunkLeft > this.limits.maxBodyBytes)
          throw new Http1TooLargeError(`the body is over ${this.limits.maxBodyBytes} bytes`);
        this.chunkState = this.chunkLeft === 0 ? 'trailers' : 'data';
      } else if (line === '') {
        // The trailer section (§7.1.2) ends with an empty line; its fields are not needed.
        return this.finish(this.pending.length === 0);
      }
    }
  }

  private take(n: number): void {
    if (n === 0) return;
    this.bodyBytes += n;
    if (this.bodyBytes > this.limits.maxBodyBytes) throw new Http1TooLargeError(`the body is over ${this.limits.maxBodyBytes} bytes`);
    this.body.push(this.pending.subarray(0, n));
    this.pending = this.pending.subarray(n);
  }

  private finish(nothingLeft: boolean): Http1Response {
    this.done = true;
    const head = this.head!;
    // Bytes past the response would be a second answer nobody asked for: the connection is not reused.
    return { status: head.status, headers: head.headers, body: Buffer.concat(this.body), reusable: head.reusable && nothingLeft };
  }
}

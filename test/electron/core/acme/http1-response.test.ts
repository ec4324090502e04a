import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Http1ClosedError,
  Http1ParseError,
  Http1ResponseReader,
  Http1TooLargeError,
  type Http1Response,
} from '../../../../electron/core/acme/http1-response.ts';

// Every case is read three ways: in one piece, one byte at a time, and split at every point in
// two, so an answer that arrives in any pieces reads the same (RFC 9112 framing, not packets).

const LIMITS = { maxHeaderBytes: 512, maxBodyBytes: 64 };

interface Case {
  name: string;
  bytes: string;
  method?: string;
  /** The server closes after the bytes. */
  closes?: boolean;
  expect:
    | { status: number; body: string; reusable: boolean; headers?: Record<string, string | string[]> }
    | { error: typeof Http1ParseError | typeof Http1TooLargeError | typeof Http1ClosedError; message?: RegExp };
}

const ok = (status: number, body: string, reusable = true, headers?: Record<string, string | string[]>) => ({
  status,
  body,
  reusable,
  headers,
});

const cases: Case[] = [
  { name: 'Content-Length body', bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', expect: ok(200, 'hello') },
  { name: 'status line without a reason phrase', bytes: 'HTTP/1.1 201\r\ncontent-length: 0\r\n\r\n', expect: ok(201, '') },
  {
    name: 'chunked, with extensions and a trailer',
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n',
    expect: ok(200, 'abc0123456789'),
  },
  {
    name: 'an interim 100 and 103 are skipped',
    bytes: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n',
    expect: ok(204, ''),
  },
  { name: '304 has no body', bytes: 'HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n', expect: ok(304, '') },
  { name: 'HEAD has no body', method: 'HEAD', bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n', expect: ok(200, '') },
  {
    name: 'repeated fields: Link joined, Content-Type kept first, Set-Cookie a list',
    bytes:
      'HTTP/1.1 200 OK\r\nLink: <a>;rel="up"\r\nlink: <b>;rel="index"\r\nContent-Type: a/b\r\nContent-Type: c/d\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n',
    expect: ok(200, '', true, { link: '<a>;rel="up", <b>;rel="index"', 'content-type': 'a/b', 'set-cookie': ['a=1', 'b=2'] }),
  },
  {
    name: 'a folded field is one value',
    bytes: 'HTTP/1.1 200 OK\r\nX-Long: one\r\n  two\r\nContent-Length: 0\r\n\r\n',
    expect: ok(200, '', true, { 'x-long': 'one two' }),
  },
  {
    name: 'Connection: close ends the connection',
    bytes: 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok',
    expect: ok(200, 'ok', false),
  },
  { name: 'HTTP/1.0 is not kept alive', bytes: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok', expect: ok(200, 'ok', false) },
  {
    name: 'HTTP/1.0 with keep-alive is',
    bytes: 'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok',
    expect: ok(200, 'ok', true),
  },
  {
    name: 'no length: the body runs to the close',
    bytes: 'HTTP/1.1 200 OK\r\n\r\nuntil the end',
    closes: true,
    expect: ok(200, 'until the end', false),
  },
  {
    name: 'Transfer-Encoding beside Content-Length: read as chunked, never reused',
    bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
    expect: ok(200, 'ok', false),
  },
  {
    name: 'a coding other than chunked last: runs to the close',
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz',
    closes: true,
    expect: ok(200, 'zz', false),
  },
  {
    name: 'equal repeated Content-Length',
    bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok',
    expect: ok(200, 'ok'),
  },
  {
    name: 'conflicting Content-Length',
    bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!',
    expect: { error: Http1ParseError, message: /Content-Length/ },
  },
  {
    name: 'a Content-Length that is not a number',
    bytes: 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
    expect: { error: Http1ParseError, message: /Content-Length/ },
  },
  { name: 'not HTTP at all', bytes: 'SSH-2.0-OpenSSH_9.2\r\n\r\n', expect: { error: Http1ParseError, message: /status line/ } },
  { name: 'HTTP/2 preface', bytes: 'HTTP/2 200\r\n\r\n', expect: { error: Http1ParseError, message: /status line/ } },
  {
    name: 'a header line without a colon',
    bytes: 'HTTP/1.1 200 OK\r\nnonsense\r\n\r\n',
    expect: { error: Http1ParseError, message: /header field/ },
  },
  {
    name: 'a space before the colon',
    bytes: 'HTTP/1.1 200 OK\r\nX-A : b\r\n\r\n',
    expect: { error: Http1ParseError, message: /header field/ },
  },
  { name: 'a fold before any field', bytes: 'HTTP/1.1 200 OK\r\n folded\r\n\r\n', expect: { error: Http1ParseError, message: /folded/ } },
  {
    name: 'a header section past the cap',
    bytes: `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(600)}\r\n\r\n`,
    expect: { error: Http1ParseError, message: /longer than 512/ },
  },
  {
    name: 'an unasked protocol switch',
    bytes: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n',
    expect: { error: Http1ParseError, message: /101/ },
  },
  {
    name: 'a chunk size that is not hex',
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    expect: { error: Http1ParseError, message: /chunk size/ },
  },
  {
    name: 'a chunk longer than its size',
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n',
    expect: { error: Http1ParseError, message: /longer than its size/ },
  },
  { name: 'a declared body past the cap', bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 65\r\n\r\n', expect: { error: Http1TooLargeError } },
  {
    name: 'chunks past the cap',
    bytes: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n${'a'.repeat(64)}\r\n1\r\n`,
    expect: { error: Http1TooLargeError },
  },
  { name: 'a body to the close past the cap', bytes: `HTTP/1.1 200 OK\r\n\r\n${'a'.repeat(65)}`, expect: { error: Http1TooLargeError } },
  { name: 'closed before answering', bytes: '', closes: true, expect: { error: Http1ClosedError, message: /before answering/ } },
  {
    name: 'closed in the header section',
    bytes: 'HTTP/1.1 200 OK\r\nContent-',
    closes: true,
    expect: { error: Http1ClosedError, message: /header section/ },
  },
  {
    name: 'closed before the body ended',
    bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc',
    closes: true,
    expect: { error: Http1ClosedError, message: /body/ },
  },
  {
    name: 'closed inside the chunks',
    bytes: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab',
    closes: true,
    expect: { error: Http1ClosedError },
  },
];

function read(bytes: Buffer, pieces: Buffer[], c: Case): Http1Response | Error {
  const reader = new Http1ResponseReader(LIMITS, c.method ?? 'GET');
  try {
    for (const piece of pieces) {
      const res = reader.push(piece);
      if (res) return res;
    }
    if (c.closes) return reader.end();
    return new Error(`no response from ${bytes.length} bytes`);
  } catch (err) {
    return err as Error;
  }
}

function splits(bytes: Buffer): { how: string; pieces: Buffer[] }[] {
  const out = [
    { how: 'whole', pieces: [bytes] },
    { how: 'byte by byte', pieces: [...bytes].map((b) => Buffer.from([b])) },
  ];
  for (let at = 1; at < bytes.length; at++) out.push({ how: `split at ${at}`, pieces: [bytes.subarray(0, at), bytes.subarray(at)] });
  return out;
}

for (const c of cases) {
  test(`HTTP/1.1 response: ${c.name}`, () => {
    const bytes = Buffer.from(c.bytes, 'latin1');
    for (const { how, pieces } of splits(bytes)) {
      const got = read(bytes, pieces, c);
      if ('error' in c.expect) {
        assert.ok(
          got instanceof c.expect.error,
          `${how}: expected ${c.expect.error.name}, got ${got instanceof Error ? got.message : 'a response'}`,
        );
        if (c.expect.message) assert.match((got as Error).message, c.expect.message, how);
      } else {
        assert.ok(!(got instanceof Error), `${how}: ${got instanceof Error ? got.message : ''}`);
        const res = got as Http1Response;
        assert.equal(res.status, c.expect.status, how);
        assert.equal(res.body.toString('latin1'), c.expect.body, how);
        assert.equal(res.reusable, c.expect.reusable, how);
        for (const [name, value] of Object.entries(c.expect.headers ?? {})) assert.deepEqual(res.headers[name], value, `${how}: ${name}`);
      }
    }
  });
}

test('bytes that come with the answer, past its end, keep the connection from being reused', () => {
  const reader = new Http1ResponseReader(LIMITS, 'GET');
  const res = reader.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA'));
  assert.equal(res?.body.toString(), 'ok');
  assert.equal(res?.reusable, false);
});

test('bytes after a complete response are refused, not taken as a second one', () => {
  const reader = new Http1ResponseReader(LIMITS, 'GET');
  assert.ok(reader.push(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n')));
  assert.throws(() => reader.push(Buffer.from('HTTP/1.1 200 OK\r\n')), Http1ParseError);
});

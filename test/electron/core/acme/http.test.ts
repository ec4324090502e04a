import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { AcmeTransportError } from '../../../../electron/core/acme/errors.ts';
import { HttpTransport, linksWithRel, mediaType, type HttpLimits, type HttpResponse } from '../../../../electron/core/acme/http.ts';
import { makeTestTls } from '../../../env/tls.ts';

const base = 'https://ca.test/acme/cert/1';

test('Link headers: alternates in one header, several headers, relative URLs', () => {
  const headers = {
    link: [
      '<https://ca.test/acme/directory>;rel="index", <https://ca.test/acme/cert/1/1>; rel="alternate"',
      '</acme/cert/1/2>; rel=alternate',
      '<https://ca.test/up>; rel="up"',
    ],
  };
  assert.deepEqual(linksWithRel(headers, 'alternate', base), ['https://ca.test/acme/cert/1/1', 'https://ca.test/acme/cert/1/2']);
  assert.deepEqual(linksWithRel(headers, 'index', base), ['https://ca.test/acme/directory']);
  assert.deepEqual(linksWithRel({}, 'alternate', base), []);
});

test('media types ignore parameters and case', () => {
  assert.equal(mediaType({ 'content-type': 'Application/JSON; charset=utf-8' }), 'application/json');
  assert.equal(mediaType({}), undefined);
});

// The transport against a real TLS server on loopback that answers with exactly the bytes a
// case gives, and counts connections: framing, keep-alive and failures end to end.

interface RawServer {
  url: string;
  connections: () => number;
  requests: string[];
  close: () => Promise<void>;
}

/** Answers the nth request on any connection with `answer(n, socket)`; records each request's head. */
async function rawServer(answer: (n: number, socket: tls.TLSSocket) => void): Promise<RawServer> {
  const t = await makeTestTls();
  let connections = 0;
  const requests: string[] = [];
  const sockets = new Set<tls.TLSSocket>();
  const server = tls.createServer({ cert: readFileSync(t.certPath), key: readFileSync(t.keyPath) }, (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let pending = '';
    socket.on('data', (d: Buffer) => {
      pending += d.toString('utf8');
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.slice(0, end);
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (Buffer.byteLength(pending.slice(end + 4)) < length) return;
        requests.push(pending.slice(0, end + 4 + length));
        pending = pending.slice(end + 4 + length);
        answer(requests.length, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/acme/x`,
    connections: () => connections,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Runs `use` with a server answering by `answer` and a transport that trusts it, and closes both. */
async function withServer(
  answer: (n: number, socket: tls.TLSSocket) => void,
  use: (server: RawServer, http: HttpTransport) => Promise<void>,
) {
  const server = await rawServer(answer);
  const http = await transportFor();
  try {
    await use(server, http);
  } finally {
    http.close();
    await server.close();
  }
}

async function transportFor(limits: Partial<HttpLimits> = {}): Promise<HttpTransport> {
  const t = await makeTestTls();
  return new HttpTransport(
    { timeoutMs: 3_000, maxResponseBytes: 1024, ...limits },
    { caBundlePem: t.caCertPem, userAgent: 'persistcert-test' },
  );
}

const answers: {
  name: string;
  bytes: string | string[];
  status?: number;
  body?: string;
  reason?: AcmeTransportError['reason'];
  message?: RegExp;
}[] = [
  { name: 'a Content-Length answer', bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', status: 200, body: 'ok' },
  {
    name: 'a chunked answer in three writes',
    bytes: ['HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nchai', 'n\r\n5\r\n-pem.', '\r\n0\r\n\r\n'],
    status: 201,
    body: 'chain-pem.',
  },
  { name: 'a 100 Continue first', bytes: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n', status: 204, body: '' },
  { name: 'not HTTP', bytes: 'hello there\r\n\r\n', reason: 'network', message: /not HTTP\/1\.1 we can read/ },
  { name: 'a body over the cap', bytes: `HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n${'a'.repeat(2000)}`, reason: 'too-large' },
  {
    name: 'a chunked body over the cap',
    bytes: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n${'a'.repeat(2048)}\r\n0\r\n\r\n`,
    reason: 'too-large',
  },
  {
    name: 'a header section over 16 KiB',
    bytes: `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`,
    reason: 'network',
    message: /header section longer/,
  },
  { name: 'a close before answering', bytes: '', reason: 'network', message: /closed the connection before answering/ },
  {
    name: 'a close in the middle of the body',
    bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc',
    reason: 'network',
    message: /before the body was complete/,
  },
];

for (const a of answers) {
  test(`transport: ${a.name}`, async () => {
    await withServer(
      (_n, socket) => {
        for (const piece of [a.bytes].flat()) socket.write(piece);
        if (a.status === undefined) socket.end();
      },
      async (server, http) => {
        const outcome = await http.request({ method: 'GET', url: server.url }).then(
          (res) => res,
          (err: unknown) => err,
        );
        if (a.status !== undefined) {
          assert.ok(!(outcome instanceof Error), String(outcome));
          const res = outcome as HttpResponse;
          assert.equal(res.status, a.status);
          assert.equal(res.body.toString(), a.body);
        } else {
          assert.ok(outcome instanceof AcmeTransportError, String(outcome));
          assert.equal(outcome.reason, a.reason);
          if (a.message) assert.match(outcome.message, a.message);
        }
      },
    );
  });
}

test('transport: the request line, Host with its port, and a UTF-8 body counted in bytes', async () => {
  await withServer(
    (_n, socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'),
    async (server, http) => {
      const body = '{"name":"bücher.example"}';
      await http.request({ method: 'POST', url: `${server.url}?q=1`, headers: { 'content-type': 'application/jose+json' }, body });
      const [head, sent] = server.requests[0]!.split('\r\n\r\n');
      const lines = head!.split('\r\n');
      assert.equal(lines[0], 'POST /acme/x?q=1 HTTP/1.1');
      assert.ok(lines.includes(`host: ${new URL(server.url).host}`), head);
      assert.ok(lines.includes(`content-length: ${Buffer.byteLength(body)}`), head);
      assert.ok(lines.includes('content-type: application/jose+json'), head);
      assert.equal(sent, body);
    },
  );
});

test('transport: a header value with a line break is refused before anything is sent', async () => {
  await withServer(
    () => {},
    async (server, http) => {
      await assert.rejects(
        http.request({ method: 'GET', url: server.url, headers: { accept: 'a\r\nx-evil: 1' } }),
        /not a valid HTTP field/,
      );
      assert.equal(server.connections(), 0);
    },
  );
});

const keepAlive: { name: string; answer: string; closeAfterEach?: boolean; connections: number }[] = [
  { name: 'kept alive: five requests share one connection', answer: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', connections: 1 },
  {
    name: 'Connection: close: each request opens its own',
    answer: 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok',
    connections: 5,
  },
  { name: 'HTTP/1.0: each request opens its own', answer: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok', connections: 5 },
  {
    name: 'a server that closes each idle connection: the next request opens a new one, no error',
    answer: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    closeAfterEach: true,
    connections: 5,
  },
];

for (const k of keepAlive) {
  test(`transport: ${k.name}`, async () => {
    await withServer(
      (_n, socket) => {
        socket.write(k.answer);
        if (k.closeAfterEach) setTimeout(() => socket.end(), 5);
      },
      async (server, http) => {
        for (let i = 0; i < 5; i++) {
          assert.equal((await http.request({ method: 'GET', url: server.url })).body.toString(), 'ok');
          // Lets the server's close of an idle connection arrive before the next request.
          if (k.closeAfterEach) await new Promise((r) => setTimeout(r, 50));
        }
        assert.equal(server.connections(), k.connections);
        assert.equal(http.connectionsOpened, k.connections);
      },
    );
  });
}

test('transport: 40 requests at once use at most 16 connections, and every one is answered', async () => {
  await withServer(
    (n, socket) => {
      setTimeout(() => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${String(n).length}\r\n\r\n${n}`), 10);
    },
    async (server, http) => {
      const results = await Promise.all(
        Array.from({ length: 40 }, async () => Number((await http.request({ method: 'GET', url: server.url })).body.toString())),
      );
      assert.deepEqual(
        [...results].sort((a, b) => a - b),
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      assert.equal(server.connections(), 16);
    },
  );
});

test('transport: an idle kept-alive connection does not keep a process from exiting', async () => {
  const server = await rawServer((_n, socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
  const t = await makeTestTls();
  // A process that makes one request and never closes its transport; the server keeps the connection.
  const script = [
    `import { HttpTransport } from ${JSON.stringify(new URL('../../../../electron/core/acme/http.ts', import.meta.url).href)};`,
    `const http = new HttpTransport({ timeoutMs: 3000, maxResponseBytes: 1024 }, { caBundlePem: process.env.CA, userAgent: 't' });`,
    `await http.request({ method: 'GET', url: process.env.URL });`,
  ].join('\n');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, CA: t.caCertPem, URL: server.url },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const killer = setTimeout(() => child.kill(), 10_000);
    const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(signal ?? c)));
    clearTimeout(killer);
    assert.equal(code, 0, `the process did not end by itself: ${stderr}`);
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});

test('transport: with nothing listening, 20 requests at once all fail at once as unreachable, none waits out its timeout', async () => {
  const t = await makeTestTls();
  // A port that was just free: connections to it are refused.
  const probe = tls.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const http = new HttpTransport({ timeoutMs: 5_000, maxResponseBytes: 1024 }, { caBundlePem: t.caCertPem, userAgent: 'test' });
  try {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        http.request({ method: 'GET', url: `https://127.0.0.1:${port}/dir` }).then(
          () => 'answered',
          (err: unknown) => (err instanceof AcmeTransportError ? err.reason : String(err)),
        ),
      ),
    );
    assert.deepEqual(outcomes, Array(20).fill('network'));
  } finally {
    http.close();
  }
});

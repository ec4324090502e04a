// A loopback HTTPS reverse proxy in front of an ACME server (Pebble) that serves injected faults,
// to prove a client copes with bad CA answers. Unmatched requests are forwarded unchanged.
import { createServer, request, type Server } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { makeTestTls } from './tls.ts';

export type Fault =
  | { kind: 'respond'; status: number; headers?: Record<string, string>; body?: string | Buffer }
  | { kind: 'huge-body'; bytes: number; contentType?: string }
  | { kind: 'hang' }
  | { kind: 'slow-headers'; ms: number }
  /** The CA gets the request and answers; the client gets a reset instead of the answer. */
  | { kind: 'drop-reply' }
  /** The CA gets the request and answers; the client waits forever (for a kill -9 in flight). */
  | { kind: 'forward-then-hang' };

export interface FaultRule {
  method?: string;
  pathIncludes?: string;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  fault: Fault;
}

export interface ProxyLogEntry {
  method: string;
  path: string;
  /** The fault kind served, or undefined when forwarded. */
  fault?: Fault['kind'];
  /** Status sent to the client (undefined for 'hang' or a client that went away). */
  status?: number;
  /** Status the CA answered, for faults that forward and then withhold the answer. */
  upstreamStatus?: number;
}

export interface FaultProxy {
  /** https://127.0.0.1:<port>, trusted through the same test CA as Pebble (tls.ts). */
  url: string;
  inject(rule: FaultRule): void;
  clear(): void;
  /** Number of faults served so far. */
  hits(): number;
  /** Every request seen, in order. */
  log(): ProxyLogEntry[];
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
]);

export interface FaultProxyOptions {
  /** Plain-text substitutions applied to every forwarded JSON body, e.g. to hide a challenge type. */
  bodyRewrites?: [from: string, to: string][];
}

export async function startFaultProxy(upstream: string, upstreamCaPem: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const upstreamOrigin = new URL(upstream).origin;
  const tls = await makeTestTls();
  const [cert, key] = await Promise.all([readFile(tls.certPath), readFile(tls.keyPath)]);

  const rules: Array<FaultRule & { left: number }> = [];
  const entries: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let faultsServed = 0;
  let proxyOrigin = '';

  const rewrite = (s: string): string => s.split(upstreamOrigin).join(proxyOrigin);
  const rewriteBody = (s: string): string => (options.bodyRewrites ?? []).reduce((acc, [from, to]) => acc.split(from).join(to), rewrite(s));

  const take = (req: IncomingMessage): Fault | undefined => {
    const idx = rules.findIndex(
      (r) =>
        (r.method === undefined || r.method.toUpperCase() === req.method) &&
        (r.pathIncludes === undefined || (req.url ?? '').includes(r.pathIncludes)),
    );
    const rule = rules[idx];
    if (!rule) return undefined;
    if (--rule.left <= 0) rules.splice(idx, 1);
    return rule.fault;
  };

  const forward = async (req: IncomingMessage, res: ServerResponse, entry: ProxyLogEntry, withhold?: 'reset' | 'hang'): Promise<void> => {
    const body = await readAll(req);
    const headers: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
    // The Host the client used is kept: Pebble checks each JWS `url` against https://<Host><path>,
    // and the client signed the proxy's URL. Pebble then builds its URLs from that Host as well.
    if (body.length > 0) headers['content-length'] = String(body.length);
    const up = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const r = request(
        `${upstreamOrigin}${req.url ?? '/'}`,
        { method: req.method, headers, ca: upstreamCaPem, agent: false, timeout: 30_000 },
        (resp) => {
          readAll(resp).then((b) => resolve({ status: resp.statusCode ?? 502, headers: resp.headers, body: b }), reject);
        },
      );
      r.on('timeout', () => r.destroy(new Error('upstream timed out')));
      r.on('error', reject);
      r.end(body);
    });
    if (withhold) {
      entry.upstreamStatus = up.status;
      if (withhold === 'reset') res.destroy();
      return;
    }
    const out: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(up.headers)) {
      if (HOP_BY_HOP.has(k) || v === undefined) continue;
      out[k] = Array.isArray(v) ? v.map(rewrite) : rewrite(v);
    }
    const type = String(up.headers['content-type'] ?? '');
    // Directory, orders and authorizations carry absolute URLs; certificates and others pass as bytes.
    const payload = /json/i.test(type) ? Buffer.from(rewriteBody(up.body.toString('utf8'))) : up.body;
    out['content-length'] = String(payload.length);
    entry.status = up.status;
    res.writeHead(up.status, out);
    res.end(req.method === 'HEAD' ? undefined : payload);
  };

  const serveFault = async (fault: Fault, req: IncomingMessage, res: ServerResponse, entry: ProxyLogEntry): Promise<void> => {
    switch (fault.kind) {
      case 'respond': {
        await readAll(req);
        const body = fault.body === undefined ? undefined : Buffer.from(fault.body);
        entry.status = fault.status;
        res.writeHead(fault.status, {
          ...(body ? { 'content-length': String(body.length) } : {}),
          ...fault.headers,
        });
        res.end(body);
        return;
      }
      case 'huge-body': {
        await readAll(req);
        entry.status = 200;
        res.writeHead(200, { 'content-type': fault.contentType ?? 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let left = fault.bytes;
        while (left > 0 && !res.destroyed) {
          const n = Math.min(left, chunk.length);
          left -= n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
            // Backpressure: wait for drain, or stop when the client hangs up.
            await new Promise<void>((resolve) => {
              const done = (): void => {
                res.off('drain', done);
                res.off('close', done);
                resolve();
              };
              res.on('drain', done);
              res.on('close', done);
            });
          }
        }
        res.end();
        return;
      }
      case 'drop-reply':
        await forward(req, res, entry, 'reset');
        return;
      case 'forward-then-hang':
        await forward(req, res, entry, 'hang');
        return;
      case 'hang':
        // Never answer; the socket is destroyed when the client gives up or the proxy stops.
        return;
      case 'slow-headers':
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            timers.delete(t);
            resolve();
          }, fault.ms);
          timers.add(t);
        });
        if (!res.destroyed) await forward(req, res, entry);
        return;
    }
  };

  const server: Server = createServer({ cert, key }, (req, res) => {
    const entry: ProxyLogEntry = { method: req.method ?? '', path: req.url ?? '' };
    entries.push(entry);
    const fault = take(req);
    if (fault) {
      faultsServed++;
      entry.fault = fault.kind;
    }
    const work = fault ? serveFault(fault, req, res, entry) : forward(req, res, entry);
    work.catch((e: Error) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      entry.status = 502;
      const msg = `fault-proxy: upstream error: ${e.message}`;
      res.writeHead(502, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(msg)) });
      res.end(msg);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined); // a client rejecting our cert is its business

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('fault-proxy: no address');
  proxyOrigin = `https://127.0.0.1:${addr.port}`;

  return {
    url: proxyOrigin,
    inject(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    clear() {
      rules.length = 0;
    },
    hits: () => faultsServed,
    log: () => entries.map((e) => ({ ...e })),
    async stop() {
      rules.length = 0;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

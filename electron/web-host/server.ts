import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { isMethodName, type ApiErrorBody } from '../../shared/api/contract.ts';
import type { ApiHandler } from '../core/app/api-handler.ts';
import { RESUME_PAGE, RESUME_SCRIPT, RESUME_SCRIPT_PATH } from './resume-page.ts';
import { SECURITY_HEADERS, isAllowedHost, isAllowedOrigin, tokenMatches, type HostIdentity } from './security.ts';

export interface WebHostOptions {
  handler: ApiHandler;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; random otherwise. */
  token?: string;
  log?: (message: string) => void;
}

export interface WebHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 2 * 1024 * 1024;
class BodyTooLargeError extends Error {}
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/**
 * The same UI and the same contract as the desktop app, over HTTP on 127.0.0.1 only:
 * POST /api/call/<method> (JSON in, ApiResult out) and GET /api/events (server-sent events).
 */
export async function startWebHost(o: WebHostOptions): Promise<WebHost> {
  const token = o.token ?? randomBytes(24).toString('base64url');
  const id: HostIdentity = { port: 0, token };
  const streams = new Set<ServerResponse>();
  const unsubscribe = o.handler.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const s of streams) s.write(frame);
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      o.log?.(`web host: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The web host failed to answer' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host, id)) {
      return sendJson(res, 403, fail('bad-request', 'This address is only served as 127.0.0.1 or localhost (Host header refused)'));
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${id.port}`);
    const origin = header(req, 'origin');
    if (url.pathname.startsWith('/api/')) {
      if (!isAllowedOrigin(origin, id, req.method === 'POST'))
        return sendJson(res, 403, fail('bad-request', 'Requests from other sites are refused'));
      const presented = header(req, 'x-persistcert-token') ?? url.searchParams.get('token');
      if (!tokenMatches(presented, id))
        return sendJson(res, 401, fail('bad-request', 'Missing or wrong token: open the URL PersistCert printed'));
      if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(res);
      const m = /^\/api\/call\/([A-Za-z]+)$/.exec(url.pathname);
      if (!m || req.method !== 'POST') return sendJson(res, 404, fail('not-found', 'No such endpoint'));
      if (!/^application\/json\b/.test(header(req, 'content-type') ?? ''))
        return sendJson(res, 415, fail('bad-request', 'Send JSON (content-type: application/json)'));
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (err) {
        if (err instanceof BodyTooLargeError)
          return sendJson(res, 413, fail('bad-request', `The request is too large (at most ${MAX_BODY / 1024 / 1024} MiB)`));
        throw err;
      }
      let params: unknown;
      try {
        params = JSON.parse(body.toString('utf8') || '{}');
      } catch {
        return sendJson(res, 400, fail('bad-request', 'The request body is not JSON'));
      }
      const result = await o.handler.call(m[1]!, params);
      // API failures are values (200 with ok:false); only an unknown method is an HTTP 404.
      return sendJson(res, isMethodName(m[1]) ? 200 : 404, result);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, fail('bad-request', 'Method not allowed'));
    if (origin !== undefined && !isAllowedOrigin(origin, id, false))
      return sendJson(res, 403, fail('bad-request', 'Requests from other sites are refused'));
    return serveStatic(url.pathname, url.searchParams.get('token'), res);
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    res.on('close', () => {
      clearInterval(ping);
      streams.delete(res);
    });
  }

  async function serveStatic(pathname: string, pageToken: string | null, res: ServerResponse): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendText(res, 400, 'Bad request: the path is not valid percent-encoding');
    }
    const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const root = path.resolve(o.rendererDir);
    const file = path.resolve(root, rel);
    if (rel.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) return sendText(res, 404, 'Not found');
    // The page itself needs the token, so a page elsewhere cannot frame or fetch the UI shell. The
    // check runs on the resolved file, so /assets/..%2Findex.html is the page too.
    if (file === path.join(root, 'index.html') && !tokenMatches(pageToken, id))
      return send(res, 401, 'text/html; charset=utf-8', RESUME_PAGE);
    if (decoded === RESUME_SCRIPT_PATH) return send(res, 200, 'text/javascript; charset=utf-8', RESUME_SCRIPT);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return sendText(res, 404, 'Not found');
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
    });
    res.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  id.port = (server.address() as AddressInfo).port;
  const originUrl = `http://127.0.0.1:${id.port}`;
  return {
    url: `${originUrl}/?token=${token}`,
    origin: originUrl,
    port: id.port,
    token,
    async close() {
      unsubscribe();
      for (const s of streams) s.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function fail(code: ApiErrorBody['code'], message: string) {
  return { ok: false as const, error: { code, message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  send(res, status, 'text/plain; charset=utf-8', text);
}

function send(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Reads at most MAX_BODY bytes. A larger body is refused early by content-length, else when it
 * passes the limit; the rest is drained (not read into memory) so the client gets the 413 instead
 * of a reset.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
      req.resume();
      return reject(new BodyTooLargeError());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > MAX_BODY) {
        over = true;
        chunks.length = 0;
        reject(new BodyTooLargeError());
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

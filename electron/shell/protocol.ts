import path from 'node:path';
import { withCspHeader } from './csp.ts';
import { APP_HOST, APP_SCHEME } from './trusted-url.ts';

/**
 * The `app://persistcert/` protocol that serves the bundled UI (Electron security checklist
 * 18: a custom protocol instead of `file://`, whose pages get extra privileges). The scheme is
 * registered as privileged (standard, secure, fetch) in main.ts before `ready`; this is the
 * request handler for `protocol.handle`, a pure function of an injected `readFile`, so it is
 * tested in plain Node.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type for a file name; unknown kinds are opaque bytes (and `nosniff` below). */
export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `rendererDir` that an `app://persistcert/…` URL names, or null when it
 * names none we would serve. Chromium already folds `..` and `%2e%2e` out of a standard
 * scheme's path, but this does not rely on it: each segment is decoded on its own and refused
 * when it is `.`/`..`, empty (`//x`), or hides a separator, NUL or drive colon (`..%2f`,
 * `%5c`, `C:`); and the result must still resolve inside `rendererDir`.
 */
export function resolveAppPath(url: string, rendererDir: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (
    parsed.protocol !== `${APP_SCHEME}:` ||
    parsed.hostname !== APP_HOST ||
    parsed.port !== '' ||
    parsed.username !== '' ||
    parsed.password !== ''
  ) {
    return null;
  }
  const raw = parsed.pathname === '' || parsed.pathname === '/' ? '/index.html' : parsed.pathname;
  if (!raw.startsWith('/')) return null;
  const segments: string[] = [];
  for (const encoded of raw.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return null; // malformed %-escape
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) return null;
    segments.push(segment);
  }
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...segments);
  return file.startsWith(root + path.sep) ? file : null;
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

function respond(status: number, body: Uint8Array | string | null, contentType: string): Response {
  // Every response carries the CSP, including errors: an error page is a document too.
  const headers = withCspHeader({ 'Content-Type': contentType, 'X-Content-Type-Options': 'nosniff' });
  return new Response(body, { status, headers });
}

/**
 * The `protocol.handle('app', …)` handler: GET/HEAD of files under `rendererDir`, `/` meaning
 * `index.html`, 404 for anything missing or refused (the two are not told apart, so the
 * response reveals nothing about files outside the UI).
 */
export function createAppProtocolHandler(
  readFile: (filePath: string) => Promise<Uint8Array>,
  rendererDir: string,
): (request: { url: string; method?: string }) => Promise<Response> {
  return async (request) => {
    const method = (request.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return respond(405, null, 'text/plain; charset=utf-8');
    const file = resolveAppPath(request.url, rendererDir);
    if (file === null) return respond(404, 'Not found', 'text/plain; charset=utf-8');
    let content: Uint8Array;
    try {
      content = await readFile(file);
    } catch (error) {
      const code = errorCode(error);
      if (typeof code === 'string' && NOT_FOUND_CODES.has(code)) return respond(404, 'Not found', 'text/plain; charset=utf-8');
      return respond(500, 'Could not read the file', 'text/plain; charset=utf-8');
    }
    return respond(200, method === 'HEAD' ? null : content, contentTypeFor(file));
  };
}

/**
 * POSTs a JSON event to a user's webhook (chat, monitoring, a script of theirs). Used by the tray
 * app and the headless daemon alike, so it never throws and never hangs: every failure comes back
 * as a message the user can act on.
 *
 * Webhook URLs are secrets in practice: credentials in the userinfo, and tokens in the path or
 * query (Slack, Discord, Teams put theirs there). Messages therefore name only the origin.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Receivers answer with a line or two; more is read up to this much and then cut off. */
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;
export const WEBHOOK_USER_AGENT = 'PersistCert';

export type WebhookResult = { ok: true; status: number } | { ok: false; message: string };

export interface WebhookOptions {
  /** The whole request, connection to last byte. Default 10 s. */
  timeoutMs?: number;
  /** Extra CA certificates (PEM) to trust besides the system roots, for a receiver on a private CA. */
  caBundlePem?: string;
}

const EXAMPLE = 'https://hooks.example.com/persistcert';

function parse(url: string): URL | string {
  let target: URL;
  try {
    target = new URL(url.trim());
  } catch {
    // Not echoed: the text may hold a token.
    return `The webhook URL is not a valid URL. Enter a full address such as ${EXAMPLE}.`;
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    return `The webhook URL must start with https:// (or http://), not ${target.protocol}//. For example ${EXAMPLE}.`;
  }
  return target;
}

/** Null when `url` can be used as a webhook, otherwise what to fix. */
export function validateWebhookUrl(url: string): string | null {
  const result = parse(url);
  return typeof result === 'string' ? result : null;
}

/**
 * For text that did not come from us (Node's error messages): removes every part of `url` that
 * may be secret. Our own messages are safe by construction: they name only `target.origin`.
 */
function redact(text: string, target: URL): string {
  const secrets = [target.username, target.password, target.pathname, target.search, target.hash]
    .flatMap((s) => {
      let decoded = s;
      try {
        decoded = decodeURIComponent(s);
      } catch {
        // keep the raw form only
      }
      return [s, decoded];
    })
    .filter((s) => s.length > 1) // "/" and "" hide nothing and would mangle the text
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const s of secrets) out = out.split(s).join('…');
  return out;
}

function httpStatusHint(status: number): string {
  if (status >= 300 && status < 400) return ' Redirects are not followed: use the address it redirects to.';
  if (status === 401 || status === 403) return ' Check the credentials or token in the webhook URL.';
  if (status === 404 || status === 410) return ' Check the webhook URL: the receiver does not know it.';
  if (status >= 500) return ' The receiver has a problem; later notices will try again.';
  return '';
}

export async function postWebhook(url: string, payload: unknown, opts: WebhookOptions = {}): Promise<WebhookResult> {
  const target = parse(url);
  if (typeof target === 'string') return { ok: false, message: target };
  const where = `The webhook at ${target.origin}`;

  let body: string;
  try {
    body = JSON.stringify(payload) ?? 'null';
  } catch (err) {
    return { ok: false, message: `The webhook payload could not be encoded as JSON: ${redact((err as Error).message, target)}` };
  }

  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'user-agent': WEBHOOK_USER_AGENT,
  };
  // No keep-alive agent: a daemon or a quitting app should not be held open by an idle socket.
  // Userinfo in the URL becomes a Basic Authorization header (Node does that for URL objects).
  const tlsOptions = target.protocol === 'https:' && opts.caBundlePem ? { ca: [...tls.rootCertificates, opts.caBundlePem] } : {};
  const send = target.protocol === 'https:' ? https.request : http.request;

  return new Promise<WebhookResult>((resolve) => {
    let settled = false;
    /** Known once the status line is in: the rest of the body does not change the answer. */
    let answer: WebhookResult | undefined;
    const finish = (result: WebhookResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish(
          answer ?? {
            ok: false,
            message: `${where} did not answer within ${formatMs(timeoutMs)}. Check that the receiver is running and reachable.`,
          },
        ),
      timeoutMs,
    );

    let request: http.ClientRequest;
    try {
      request = send(target, { method: 'POST', headers, agent: false, ...tlsOptions }, (res) => {
        const status = res.statusCode ?? 0;
        answer =
          status >= 200 && status < 300
            ? { ok: true, status }
            : {
                ok: false,
                message: `${where} answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}.${httpStatusHint(status)}`,
              };
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size >= WEBHOOK_MAX_RESPONSE_BYTES) finish(answer!);
        });
        res.on('end', () => finish(answer!));
        res.on('error', () => finish(answer!));
      });
    } catch (err) {
      // http.request throws synchronously for some bad options (an invalid header, say).
      clearTimeout(timer);
      settled = true;
      resolve({ ok: false, message: `${where} could not be called: ${redact((err as Error).message, target)}` });
      return;
    }
    request.on('error', (err: NodeJS.ErrnoException) => {
      if (answer) return finish(answer);
      finish({ ok: false, message: describeError(where, err, target) });
    });
    request.end(body);
  });
}

function describeError(where: string, err: NodeJS.ErrnoException, target: URL): string {
  const code = err.code ?? '';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return `${where} has a TLS certificate that is not trusted (${code}). If it uses a private CA, add that CA's certificate.`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${where} cannot be found (${code}). Check the host name and the network.`;
  if (code === 'ECONNREFUSED')
    return `${where} refused the connection (${code}). Check that the receiver is running and the port is right.`;
  return `${where} could not be reached (${code || redact(err.message, target)}).`;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

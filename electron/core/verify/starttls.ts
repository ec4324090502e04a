/**
 * The plain-text opening of STARTTLS sessions, up to the point where TLS starts: SMTP
 * (RFC 3207 §4: EHLO, then STARTTLS answered by 220) and IMAP (RFC 9051 §6.2.1: the greeting,
 * then a tagged STARTTLS answered OK). Each step has the socket's timeout; any other answer is a
 * StartTlsError quoting what the server said, so the user sees why.
 */
import type { Socket } from 'node:net';
import type { StartTls } from '../../../shared/verify-endpoint.ts';

export class StartTlsError extends Error {
  override name = 'StartTlsError';
}

/** Reads CRLF-terminated lines until `done` accepts one; returns all lines read. */
function readReply(socket: Socket, done: (line: string) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const lines: string[] = [];
    const cleanup = (): void => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('latin1');
      if (buffer.length > 64 * 1024) {
        cleanup();
        reject(new StartTlsError('the server sent more than 64 KiB before TLS started'));
        return;
      }
      let at: number;
      while ((at = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, at).replace(/\r$/, '');
        buffer = buffer.slice(at + 1);
        lines.push(line);
        if (done(line)) {
          cleanup();
          resolve(lines);
          return;
        }
      }
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onClose = (): void => {
      cleanup();
      reject(new StartTlsError(`the server closed the connection${lines.length ? ` after "${lines.at(-1)}"` : ''}`));
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
  });
}

/** SMTP replies: "250-..." continues, "250 ..." ends (RFC 5321 §4.2.1). */
const smtpFinal = (line: string): boolean => /^\d{3}(?: |$)/.test(line);

async function smtp(socket: Socket): Promise<void> {
  const greeting = await readReply(socket, smtpFinal);
  if (!greeting.at(-1)!.startsWith('220')) throw new StartTlsError(`the SMTP greeting was "${greeting.at(-1)}", not 220`);
  socket.write('EHLO persistcert.invalid\r\n');
  const ehlo = await readReply(socket, smtpFinal);
  if (!ehlo.at(-1)!.startsWith('250')) throw new StartTlsError(`EHLO was answered "${ehlo.at(-1)}"`);
  if (!ehlo.some((l) => /^250[ -]STARTTLS\b/i.test(l))) throw new StartTlsError('the SMTP server does not offer STARTTLS');
  socket.write('STARTTLS\r\n');
  const ready = await readReply(socket, smtpFinal);
  if (!ready.at(-1)!.startsWith('220')) throw new StartTlsError(`STARTTLS was answered "${ready.at(-1)}"`);
}

async function imap(socket: Socket): Promise<void> {
  const [greeting] = await readReply(socket, () => true);
  if (!/^\* (OK|PREAUTH)\b/i.test(greeting!)) throw new StartTlsError(`the IMAP greeting was "${greeting}"`);
  socket.write('pc1 STARTTLS\r\n');
  const reply = await readReply(socket, (l) => l.startsWith('pc1 '));
  if (!/^pc1 OK\b/i.test(reply.at(-1)!)) throw new StartTlsError(`STARTTLS was answered "${reply.at(-1)}"`);
}

/** Runs the plain-text part of `protocol` on a connected socket; TLS may start when it resolves. */
export function negotiateStartTls(socket: Socket, protocol: StartTls): Promise<void> {
  return protocol === 'smtp' ? smtp(socket) : imap(socket);
}

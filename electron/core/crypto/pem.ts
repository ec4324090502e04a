import { UserError, type ApiErrorCode } from '../user-error.ts';
/**
 * PEM text (RFC 7468): finding labelled base64 blocks in whatever a user pastes (chains,
 * key + certificate bundles, CRLF line endings, stray text between blocks) and writing the
 * strict form back out.
 */

/** A PEM block that cannot be decoded. */
export class PemError extends UserError {
  override name = 'PemError';
  readonly apiCode: ApiErrorCode = 'bad-request';
}

export interface PemBlock {
  /** The label between `BEGIN ` and the dashes, e.g. `CERTIFICATE`. */
  label: string;
  /** RFC 1421 header lines (e.g. `Proc-Type: 4,ENCRYPTED`), as written; usually empty. */
  headers: string[];
  der: Buffer;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

/** Every PEM block in `text`, in order. Throws `PemError` for a block whose body is not base64. */
export function parsePemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const [, label = '', body = '', endLabel] = m;
    if (endLabel !== label) throw new PemError(`PEM block "BEGIN ${label}" ends with "END ${endLabel}"; the text is damaged`);
    const lines = body.split(/\r?\n|\r/).map((l) => l.trim());
    const headers: string[] = [];
    const base64: string[] = [];
    for (const line of lines) {
      if (line.includes(':')) headers.push(line);
      else base64.push(line);
    }
    const b64 = base64.join('').replace(/\s+/g, '');
    // RFC 7468 §3 strict base64: Buffer.from() would silently skip invalid characters.
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64) || b64.length === 0) {
      throw new PemError(`The ${label} PEM block is not valid base64; copy the whole block again`);
    }
    blocks.push({ label, headers, der: Buffer.from(b64, 'base64') });
  }
  return blocks;
}

/** Strict RFC 7468 §2 PEM: 64-column base64 and a trailing newline. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

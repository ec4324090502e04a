import { createHash } from 'node:crypto';
import { chownSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls';

/**
 * The CA servers' certificates that OpenSSL has verified before, under the same trust, so a later
 * process can accept the very same certificate without building Node's root store again
 * (docs/decisions/0019-known-ca-server-certificates.md). Node 20 builds that store, ~140 parsed
 * certificates and ~20 ms of the main thread, for the first TLS context of every process, even
 * when a CA bundle replaces it (nodejs/node#56301).
 *
 * What is kept is a verdict, not a trust decision of ours: the SHA-256 of a leaf certificate that
 * OpenSSL accepted for this host and port, with the validity window of the whole chain it
 * verified. A server that shows any other certificate, a changed CA bundle, another Node or
 * OpenSSL, or a moment outside the window, and the connection is verified by OpenSSL as before.
 * The TLS handshake itself still proves that the server holds the certificate's private key.
 */

export const KNOWN_SERVERS_FILE = 'known-ca-servers.json';
const FORMAT = 'persistcert-known-ca-servers';
/** Bounds on what the file keeps: servers (oldest dropped first) and certificates per server. */
const MAX_SERVERS = 64;
const MAX_CERTIFICATES_PER_SERVER = 4;

interface Verdict {
  /** SHA-256 of the leaf certificate's DER, hex. */
  leaf: string;
  /** The chain's common validity window (latest notBefore, earliest notAfter), ISO 8601. */
  notBefore: string;
  notAfter: string;
  verifiedAt: string;
}

/**
 * What the verdicts hold under: the CA bundle when one is given (it replaces the system roots),
 * Node's own roots and everything that changes them otherwise, and the TLS library either way.
 * `env` is the process's own: Node read those variables when it started.
 */
export function trustIdentity(caBundlePem: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const parts = [process.versions.node, process.versions.openssl];
  if (caBundlePem !== undefined) parts.push('bundle', caBundlePem);
  else
    parts.push(
      'node-roots',
      env.NODE_EXTRA_CA_CERTS ?? '',
      readOrEmpty(env.NODE_EXTRA_CA_CERTS),
      env.NODE_OPTIONS ?? '',
      process.execArgv.join(' '),
      env.SSL_CERT_FILE ?? '',
      env.SSL_CERT_DIR ?? '',
    );
  return sha256(parts.join('\0'));
}

export class KnownServers {
  private verdicts: Map<string, Verdict[]> | undefined;

  constructor(
    private readonly file: string,
    private readonly trust: string,
  ) {}

  static inDataDir(dataDir: string, trust: string): KnownServers {
    return new KnownServers(path.join(dataDir, KNOWN_SERVERS_FILE), trust);
  }

  /** Whether any certificate of this server is on record: else there is nothing to gain by trying. */
  mayKnow(host: string, port: number): boolean {
    return (this.load().get(this.key(host, port))?.length ?? 0) > 0;
  }

  /** True when OpenSSL verified exactly this leaf for this server under this trust, and the chain is valid at `now`. */
  accepts(host: string, port: number, leaf: PeerCertificate, now: Date): boolean {
    if (!leaf.raw) return false;
    const digest = sha256(leaf.raw);
    const t = now.getTime();
    return (this.load().get(this.key(host, port)) ?? []).some(
      (v) => v.leaf === digest && Date.parse(v.notBefore) <= t && t <= Date.parse(v.notAfter),
    );
  }

  /** Records a chain OpenSSL has just verified for this server (the connection's `authorized` was true). */
  remember(host: string, port: number, chain: DetailedPeerCertificate, now: Date): void {
    const window = validityWindow(chain);
    if (!chain.raw || !window) return;
    const key = this.key(host, port);
    const verdict: Verdict = { leaf: sha256(chain.raw), ...window, verifiedAt: now.toISOString() };
    const verdicts = this.load();
    const others = (verdicts.get(key) ?? []).filter((v) => v.leaf !== verdict.leaf);
    verdicts.delete(key);
    verdicts.set(key, [verdict, ...others].slice(0, MAX_CERTIFICATES_PER_SERVER));
    while (verdicts.size > MAX_SERVERS) verdicts.delete(verdicts.keys().next().value!);
    this.save();
  }

  /**
   * Replaces the file through a temporary one renamed into place, so a reader never sees half of
   * it. Synchronous and without fsync, as the CLI's code cache: a record lost in a crash only costs
   * the next process one verification, and a process that exits right after leaves no temp file.
   */
  private save(): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify({ format: FORMAT, version: 1, servers: Object.fromEntries(this.load()) }) + '\n', {
        mode: 0o600,
      });
      // As the store's files: run as root in someone else's data directory, the file stays theirs.
      if (process.getuid?.() === 0) {
        const folder = statSync(path.dirname(this.file));
        if (folder.uid !== 0) chownSync(temp, folder.uid, folder.gid);
      }
      renameSync(temp, this.file);
    } catch {
      rmSync(temp, { force: true });
    }
  }

  private key(host: string, port: number): string {
    return sha256(`${this.trust}\0${host.toLowerCase()}\0${port}`);
  }

  /** The file as last read; a missing, unreadable or malformed file is an empty record (it is only a shortcut). */
  private load(): Map<string, Verdict[]> {
    if (this.verdicts) return this.verdicts;
    this.verdicts = new Map();
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return this.verdicts;
    }
    const servers = isRecord(doc) && doc.format === FORMAT && doc.version === 1 && isRecord(doc.servers) ? doc.servers : {};
    for (const [key, list] of Object.entries(servers)) {
      if (!/^[0-9a-f]{64}$/.test(key) || !Array.isArray(list)) continue;
      const valid = list.filter(isVerdict).slice(0, MAX_CERTIFICATES_PER_SERVER);
      if (valid.length) this.verdicts.set(key, valid);
    }
    return this.verdicts;
  }
}

/** The window in which every certificate of the chain is valid; undefined if a date does not parse. */
function validityWindow(leaf: DetailedPeerCertificate): { notBefore: string; notAfter: string } | undefined {
  let from = -Infinity;
  let to = Infinity;
  const seen = new Set<DetailedPeerCertificate>();
  // Node links each certificate to its issuer; the root links to itself.
  for (let cert: DetailedPeerCertificate | undefined = leaf; cert && !seen.has(cert); cert = cert.issuerCertificate) {
    seen.add(cert);
    const a = Date.parse(cert.valid_from);
    const b = Date.parse(cert.valid_to);
    if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
    from = Math.max(from, a);
    to = Math.min(to, b);
  }
  if (!(from <= to)) return undefined;
  return { notBefore: new Date(from).toISOString(), notAfter: new Date(to).toISOString() };
}

function isVerdict(v: unknown): v is Verdict {
  return (
    isRecord(v) &&
    typeof v.leaf === 'string' &&
    /^[0-9a-f]{64}$/.test(v.leaf) &&
    typeof v.notBefore === 'string' &&
    !Number.isNaN(Date.parse(v.notBefore)) &&
    typeof v.notAfter === 'string' &&
    !Number.isNaN(Date.parse(v.notAfter)) &&
    typeof v.verifiedAt === 'string'
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readOrEmpty(file: string | undefined): string {
  if (!file) return '';
  try {
    return sha256(readFileSync(file));
  } catch {
    return '';
  }
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

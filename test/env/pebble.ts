// Pebble >= 2.10 (Let's Encrypt's test CA, with dns-persist-01 and ARI) as a loopback child process.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.ts';
import { hermeticEnv, pollUntil, spawnChild } from './process.ts';
import { AcmeProbe } from './acme-probe.ts';
import { httpsRequest } from './https.ts';
import { makeTestTls } from './tls.ts';

export interface PebbleOptions {
  /** externalAccountBindingRequired=true, with EAB keys configured. */
  eabRequired?: boolean;
  /** Default ['pebble.letsencrypt.org']; they become the challenge's issuer-domain-names. */
  caaIdentities?: string[];
  /** 'host:port' for Pebble's VA (-dnsserver); default: a dead loopback port so nothing leaves loopback. */
  dnsServer?: string;
  /** Extra env, e.g. { PEBBLE_WFE_NONCEREJECT: '50' } or { PEBBLE_VA_ALWAYS_VALID: '1' }. */
  env?: Record<string, string>;
  /** Seconds; Pebble sends a random Retry-After below this. Default 1 each (Pebble panics on 0). */
  retryAfter?: { authz?: number; order?: number };
  /** Default ONE profile named 'default' (with several and none requested, Pebble picks at random). */
  profiles?: Record<string, { description: string; validityPeriod: number }>;
}

export interface PebbleInstance {
  directoryUrl: string;
  managementUrl: string;
  /** Trust anchor for the ACME server's own TLS (not for the certificates it issues). */
  caBundlePath: string;
  caBundlePem: string;
  /** kid -> base64url HMAC key (only meaningful with eabRequired). */
  eabKeys: Record<string, string>;
  version: string;
  /** PID of the pebble child (for leak checks). */
  pid: number | undefined;
  /** Root /roots/0 followed by intermediate /intermediates/0: the chain issued certs chain to. */
  issuingRootsPem(): Promise<string>;
  /** POST management /set-renewal-info/ to control the ARI answer for one certificate. */
  setRenewalInfo(certPem: string, ariResponse: object): Promise<void>;
  logs(): string;
  stop(): Promise<void>;
}

export const MIN_PEBBLE_VERSION = [2, 10] as const;

const pebbleDir = fileURLToPath(new URL('../../.cache/pebble/', import.meta.url));
export const pebbleBinary = join(pebbleDir, 'usr/bin/pebble');

/** The fetched Pebble's version; throws a clear message if missing or too old. */
export function pebbleVersion(): string {
  const versionFile = join(pebbleDir, 'VERSION');
  if (!existsSync(pebbleBinary) || !existsSync(versionFile)) {
    throw new Error(`Pebble is not installed at ${pebbleBinary}: run test/env/fetch-pebble.sh`);
  }
  const version = readFileSync(versionFile, 'utf8').trim();
  const m = /^(\d+)\.(\d+)/.exec(version);
  const [minMajor, minMinor] = MIN_PEBBLE_VERSION;
  const ok = m !== null && (Number(m[1]) > minMajor || (Number(m[1]) === minMajor && Number(m[2]) >= minMinor));
  if (!ok) {
    throw new Error(
      `Pebble ${version} in ${pebbleDir} is too old: need >= ${minMajor}.${minMinor} (dns-persist-01, ARI); ` +
        'delete .cache/pebble and run test/env/fetch-pebble.sh',
    );
  }
  return version;
}

export async function startPebble(opts: PebbleOptions = {}): Promise<PebbleInstance> {
  const version = pebbleVersion();
  const tls = await makeTestTls();
  const workdir = await mkdtemp(join(tmpdir(), 'persistcert-pebble-'));

  const [port, mgmtPort, httpPort, tlsPort, dnsDead] = await distinctPorts(5);
  const eabKeys: Record<string, string> = opts.eabRequired
    ? { 'kid-1': randomBytes(32).toString('base64url'), 'kid-2': randomBytes(32).toString('base64url') }
    : {};
  const config = {
    pebble: {
      listenAddress: `127.0.0.1:${port}`,
      managementListenAddress: `127.0.0.1:${mgmtPort}`,
      certificate: tls.certPath,
      privateKey: tls.keyPath,
      // The VA's http-01/tls-alpn-01 ports: nothing listens there, and the DNS only ever
      // points at loopback, so a stray validation attempt stays on lo and fails fast.
      httpPort,
      tlsPort,
      ocspResponderURL: '',
      externalAccountBindingRequired: opts.eabRequired ?? false,
      externalAccountMACKeys: eabKeys,
      caaIdentities: opts.caaIdentities ?? ['pebble.letsencrypt.org'],
      retryAfter: { authz: opts.retryAfter?.authz ?? 1, order: opts.retryAfter?.order ?? 1 },
      keyAlgorithm: 'ecdsa',
      profiles: opts.profiles ?? { default: { description: 'The only profile', validityPeriod: 7776000 } },
    },
  };
  const configPath = join(workdir, 'pebble-config.json');
  await writeFile(configPath, JSON.stringify(config, null, 2));

  const dnsServer = opts.dnsServer ?? `127.0.0.1:${dnsDead}`;
  const child = spawnChild('pebble', pebbleBinary, ['-config', configPath, '-strict=false', '-dnsserver', dnsServer], {
    cwd: workdir,
    env: hermeticEnv({ PEBBLE_VA_NOSLEEP: '1', PEBBLE_AUTHZREUSE: '0', ...opts.env }),
  });

  const directoryUrl = `https://127.0.0.1:${port}/dir`;
  const managementUrl = `https://127.0.0.1:${mgmtPort}`;
  const ca = tls.caCertPem;

  const stop = async (): Promise<void> => {
    await child.stop();
    await rm(workdir, { recursive: true, force: true });
  };

  try {
    const probe = await pollUntil(`Pebble directory at ${directoryUrl}`, () => AcmeProbe.create(directoryUrl, ca), {
      child,
      timeoutMs: 15_000,
    });
    // /dir is served without touching the DB; prove the WFE really works with a nonce + newAccount.
    const firstKid = Object.keys(eabKeys)[0];
    await probe.register(firstKid === undefined ? undefined : { kid: firstKid, key: eabKeys[firstKid]! });
    await pollUntil(
      'Pebble management interface',
      async () => {
        const res = await httpsRequest(`${managementUrl}/roots/0`, { ca, timeoutMs: 2000 });
        if (res.status !== 200) throw new Error(`GET /roots/0: ${res.status} ${res.text()}`);
        return true;
      },
      { child },
    );
  } catch (e) {
    const logs = child.output();
    await stop();
    throw new Error(`Pebble failed to start: ${(e as Error).message}\n--- pebble output ---\n${logs}`);
  }

  const mgmtGet = async (path: string): Promise<string> => {
    const res = await httpsRequest(`${managementUrl}${path}`, { ca });
    if (res.status !== 200) throw new Error(`Pebble management GET ${path}: ${res.status} ${res.text()}`);
    return res.text();
  };

  return {
    directoryUrl,
    managementUrl,
    caBundlePath: tls.caCertPath,
    caBundlePem: tls.caCertPem,
    eabKeys,
    version,
    pid: child.pid,
    async issuingRootsPem() {
      const root = await mgmtGet('/roots/0');
      const intermediate = await mgmtGet('/intermediates/0');
      return ensureNl(root) + ensureNl(intermediate);
    },
    async setRenewalInfo(certPem, ariResponse) {
      const res = await httpsRequest(`${managementUrl}/set-renewal-info/`, {
        method: 'POST',
        ca,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Certificate: certPem, ARIResponse: JSON.stringify(ariResponse) }),
      });
      if (res.status !== 200) throw new Error(`Pebble set-renewal-info: ${res.status} ${res.text()}`);
    },
    logs: () => child.output(),
    stop,
  };
}

function ensureNl(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}

async function distinctPorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

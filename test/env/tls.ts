// A throwaway CA and a loopback server certificate, made with the real openssl CLI.
// Test clients trust the CA explicitly (https `ca` option); TLS verification is never turned off.
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './process.ts';

export interface TestTls {
  dir: string;
  caCertPath: string;
  caCertPem: string;
  certPath: string;
  keyPath: string;
}

const cache = new Map<string, Promise<TestTls>>();
let ownedDir: string | undefined;

process.on('exit', () => {
  if (ownedDir) rmSync(ownedDir, { recursive: true, force: true });
});

async function make(dir: string): Promise<TestTls> {
  await mkdir(dir, { recursive: true });
  const p = (f: string): string => join(dir, f);
  const ossl = (...args: string[]): Promise<string> => run('openssl', args, { cwd: dir });
  const days = '30';

  await ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p('ca.key'));
  await ossl(
    'req',
    '-x509',
    '-new',
    '-key',
    p('ca.key'),
    '-sha256',
    '-days',
    days,
    '-subj',
    `/CN=PersistCert test CA ${process.pid}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    p('ca.pem'),
  );
  const server = await issueServerCertificate(
    { dir, caCertPath: p('ca.pem') },
    { name: 'server', days, subjectAltName: 'IP:127.0.0.1,DNS:localhost' },
  );
  return {
    dir,
    caCertPath: p('ca.pem'),
    caCertPem: await readFile(p('ca.pem'), 'utf8'),
    ...server,
  };
}

/**
 * A new key and a server certificate for `subjectAltName`, signed by the CA in `ca.dir`
 * (`ca.key` beside `caCertPath`), written there as `<name>.key` and `<name>.pem`.
 */
export async function issueServerCertificate(
  ca: Pick<TestTls, 'dir' | 'caCertPath'>,
  o: { name: string; subjectAltName: string; days?: string },
): Promise<{ certPath: string; keyPath: string }> {
  const p = (f: string): string => join(ca.dir, f);
  const ossl = (...args: string[]): Promise<string> => run('openssl', args, { cwd: ca.dir });
  await ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p(`${o.name}.key`));
  await ossl('req', '-new', '-key', p(`${o.name}.key`), '-subj', '/CN=localhost', '-out', p(`${o.name}.csr`));
  await writeFile(
    p(`${o.name}.ext`),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${o.subjectAltName}`,
      '',
    ].join('\n'),
  );
  await ossl(
    'x509',
    '-req',
    '-in',
    p(`${o.name}.csr`),
    '-CA',
    ca.caCertPath,
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-sha256',
    '-days',
    o.days ?? '30',
    '-extfile',
    p(`${o.name}.ext`),
    '-out',
    p(`${o.name}.pem`),
  );
  return { certPath: p(`${o.name}.pem`), keyPath: p(`${o.name}.key`) };
}

/** One CA + server cert per process (per `dir` if given); the default dir is removed at exit. */
export function makeTestTls(dir?: string): Promise<TestTls> {
  const key = dir ?? '';
  let pending = cache.get(key);
  if (!pending) {
    let target = dir;
    if (target === undefined) {
      ownedDir = mkdtempSync(join(tmpdir(), 'persistcert-tls-'));
      target = ownedDir;
    }
    pending = make(target);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

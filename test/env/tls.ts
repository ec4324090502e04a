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
  await ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p('server.key'));
  await ossl('req', '-new', '-key', p('server.key'), '-subj', '/CN=localhost', '-out', p('server.csr'));
  await writeFile(
    p('server.ext'),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '',
    ].join('\n'),
  );
  await ossl(
    'x509',
    '-req',
    '-in',
    p('server.csr'),
    '-CA',
    p('ca.pem'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-sha256',
    '-days',
    days,
    '-extfile',
    p('server.ext'),
    '-out',
    p('server.pem'),
  );
  return {
    dir,
    caCertPath: p('ca.pem'),
    caCertPem: await readFile(p('ca.pem'), 'utf8'),
    certPath: p('server.pem'),
    keyPath: p('server.key'),
  };
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

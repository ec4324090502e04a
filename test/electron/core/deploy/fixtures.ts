// Shared by the deploy tests: a throwaway PKI made with openssl (root -> intermediate -> leaf for
// a key node:crypto generated), openssl as the oracle, and process checks. Everything async:
// the deploy code must never be tested from a blocked event loop.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPrivateKeyPem, generateKeyPair } from '../../../../electron/core/crypto/keys.ts';
import { parseCertificate } from '../../../../electron/core/crypto/certificate.ts';
import type { DeploySubject } from '../../../../electron/core/deploy/deploy.ts';

const execFileP = promisify(execFile);

/** Runs a tool; resolves with its status and output instead of throwing on a non-zero exit. */
export async function tool(cmd: string, args: readonly string[]): Promise<{ status: number; stdout: string; output: string }> {
  try {
    const { stdout, stderr } = await execFileP(cmd, args, { encoding: 'utf8', timeout: 30_000 });
    return { status: 0, stdout, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { status: e.code, stdout: e.stdout ?? '', output: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

async function toolOk(cmd: string, args: readonly string[]): Promise<string> {
  const r = await tool(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.output}`);
  return r.stdout;
}

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(prefix = 'persistcert-deploy-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestCert {
  leafPem: string;
  intermediatePem: string;
  leafPath: string;
  privateKey: KeyObject;
}

const serial = (): string => `0x${randomBytes(12).toString('hex')}`;

/** An EC P-256 leaf for `names`, signed by an intermediate signed by a root (all a day long). */
export async function makeTestCert(dir: string, names: readonly string[]): Promise<TestCert> {
  const p = (name: string): string => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await writeFile(p('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  await toolOk('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    p('root.key'),
    '-out',
    p('root.pem'),
    '-subj',
    '/CN=Deploy Test Root',
    '-days',
    '2',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await toolOk('openssl', ['req', '-new', ...ec, '-keyout', p('int.key'), '-out', p('int.csr'), '-subj', '/CN=Deploy Test Intermediate']);
  await toolOk('openssl', [
    'x509',
    '-req',
    '-in',
    p('int.csr'),
    '-CA',
    p('root.pem'),
    '-CAkey',
    p('root.key'),
    '-set_serial',
    serial(),
    '-days',
    '2',
    '-extfile',
    p('ca.ext'),
    '-out',
    p('int.pem'),
  ]);

  const { privateKey } = await generateKeyPair('ec-p256');
  await writeFile(p('leaf.key'), exportPrivateKeyPem(privateKey, 'pkcs8'), { mode: 0o600 });
  await writeFile(
    p('leaf.ext'),
    `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\n`,
  );
  await toolOk('openssl', ['req', '-new', '-key', p('leaf.key'), '-subj', `/CN=${names[0]}`, '-out', p('leaf.csr')]);
  await toolOk('openssl', [
    'x509',
    '-req',
    '-in',
    p('leaf.csr'),
    '-CA',
    p('int.pem'),
    '-CAkey',
    p('int.key'),
    '-set_serial',
    serial(),
    '-days',
    '1',
    '-extfile',
    p('leaf.ext'),
    '-out',
    p('leaf.pem'),
  ]);
  return {
    leafPem: readFileSync(p('leaf.pem'), 'utf8'),
    intermediatePem: readFileSync(p('int.pem'), 'utf8'),
    leafPath: p('leaf.pem'),
    privateKey,
  };
}

/** A DeploySubject for the test certificate, with the facts taken from the certificate itself. */
export function subjectFor(cert: TestCert, names: string[], overrides: Partial<DeploySubject> = {}): DeploySubject {
  const parsed = parseCertificate(cert.leafPem);
  return {
    certificateId: 'cert-2',
    names,
    chainPem: cert.leafPem + cert.intermediatePem,
    privateKey: cert.privateKey,
    serialHex: parsed.serialHex,
    notBefore: parsed.notBefore.toISOString(),
    notAfter: parsed.notAfter.toISOString(),
    renewed: true,
    previousCertificateId: 'cert-1',
    directoryUrl: 'https://acme.example.test/directory',
    ...overrides,
  };
}

/** The SPKI PEM of a private key file, or of a certificate file. */
export async function publicKeyOf(file: string, kind: 'key' | 'cert'): Promise<string> {
  return toolOk('openssl', kind === 'key' ? ['pkey', '-pubout', '-in', file] : ['x509', '-noout', '-pubkey', '-in', file]);
}

/**
 * Whether `pid` still runs. A zombie counts as gone: it has exited, and where PID 1 does not
 * reap orphans (some containers) it would stay in the process table for ever.
 */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/s.test(stat);
  } catch {
    return false;
  }
}

/** A test that needs a POSIX shell is skipped elsewhere. */
export const posixOnly = process.platform === 'win32' ? 'needs /bin/sh' : false;

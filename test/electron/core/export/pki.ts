// Real consumers (openssl, keytool) as oracles for the export tests, and a throwaway test PKI
// made with openssl: root CA -> intermediate CA -> leaf for a key node:crypto generated.
import { spawnSync } from 'node:child_process';
import { randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPrivateKeyPem, generateKeyPair, type KeyType } from '../../../../electron/core/crypto/keys.ts';

export interface ToolResult {
  status: number | null;
  stdout: string;
  /** stdout and stderr together: openssl prints `-info` details on stderr. */
  output: string;
}

/** Runs a command synchronously; never throws for a non-zero exit (tests assert on it). */
export function run(cmd: string, args: readonly string[], options: { cwd?: string; input?: string } = {}): ToolResult {
  const r = spawnSync(cmd, args, { cwd: options.cwd, input: options.input, timeout: 120_000, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, output: r.stdout + r.stderr };
}

/** Like `run`, but throws with the tool's own output if it fails (for setup steps). */
export function runOk(cmd: string, args: readonly string[], options: { cwd?: string; input?: string } = {}): ToolResult {
  const r = run(cmd, args, options);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.output}`);
  return r;
}

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(prefix = 'persistcert-export-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestCa {
  dir: string;
  rootPath: string;
  rootPem: string;
  intermediatePath: string;
  intermediatePem: string;
  intermediateKeyPath: string;
}

const serial = (): string => `0x${randomBytes(12).toString('hex')}`;

/** A root CA and an intermediate it signed (both EC P-256, a day long). */
export function makeTestCa(dir: string): TestCa {
  const ca = (name: string) => join(dir, name);
  writeFileSync(
    ca('ca.ext'),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  runOk('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    ca('root.key'),
    '-out',
    ca('root.pem'),
    '-subj',
    '/CN=PersistCert Test Root',
    '-days',
    '2',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  runOk('openssl', [
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    ca('int.key'),
    '-out',
    ca('int.csr'),
    '-subj',
    '/CN=PersistCert Test Intermediate',
  ]);
  runOk('openssl', [
    'x509',
    '-req',
    '-in',
    ca('int.csr'),
    '-CA',
    ca('root.pem'),
    '-CAkey',
    ca('root.key'),
    '-set_serial',
    serial(),
    '-days',
    '2',
    '-extfile',
    ca('ca.ext'),
    '-out',
    ca('int.pem'),
  ]);
  return {
    dir,
    rootPath: ca('root.pem'),
    rootPem: readFileSync(ca('root.pem'), 'utf8'),
    intermediatePath: ca('int.pem'),
    intermediatePem: readFileSync(ca('int.pem'), 'utf8'),
    intermediateKeyPath: ca('int.key'),
  };
}

/**
 * A leaf for `privateKey` signed by the intermediate: the key goes out as PKCS#8 PEM, openssl
 * makes the CSR from it (`req -new -key`) and signs it with a serverAuth profile.
 */
export function issueLeaf(ca: TestCa, privateKey: KeyObject, dnsName: string): { leafPem: string; leafPath: string; keyPath: string } {
  const base = join(ca.dir, `${dnsName}-${randomBytes(4).toString('hex')}`);
  writeFileSync(`${base}.key`, exportPrivateKeyPem(privateKey, 'pkcs8'), { mode: 0o600 });
  writeFileSync(
    `${base}.ext`,
    `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature${privateKey.asymmetricKeyType === 'rsa' ? ',keyEncipherment' : ''}\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${dnsName}\n`,
  );
  runOk('openssl', ['req', '-new', '-key', `${base}.key`, '-subj', `/CN=${dnsName}`, '-out', `${base}.csr`]);
  runOk('openssl', [
    'x509',
    '-req',
    '-in',
    `${base}.csr`,
    '-CA',
    ca.intermediatePath,
    '-CAkey',
    ca.intermediateKeyPath,
    '-set_serial',
    serial(),
    '-days',
    '1',
    '-extfile',
    `${base}.ext`,
    '-out',
    `${base}.pem`,
  ]);
  return { leafPem: readFileSync(`${base}.pem`, 'utf8'), leafPath: `${base}.pem`, keyPath: `${base}.key` };
}

/** The SPKI PEM of a key or certificate file, as `openssl pkey -pubout` / `x509 -pubkey` print it. */
export function publicKeyOf(file: string, kind: 'key' | 'cert', input?: string): string {
  const args = kind === 'key' ? ['pkey', '-pubout', ...(file === '-' ? [] : ['-in', file])] : ['x509', '-noout', '-pubkey', '-in', file];
  return runOk('openssl', args, input === undefined ? {} : { input }).stdout;
}

/** The PEM blocks in text with the given label, in order. */
export function pemBlocks(text: string, label: string): string[] {
  return [...text.matchAll(new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----\\n?`, 'g'))].map((m) => m[0]);
}

export interface Subject {
  privateKey: KeyObject;
  leafPem: string;
  leafPath: string;
  dnsName: string;
}

/** One key per type (generated concurrently: RSA takes a moment) and a leaf for each from `ca`. */
export async function makeSubjects<T extends KeyType>(ca: TestCa, types: readonly T[], domain: string): Promise<(type: T) => Subject> {
  const subjects = new Map<T, Subject>(
    await Promise.all(
      types.map(async (type) => {
        const { privateKey } = await generateKeyPair(type);
        const dnsName = `${type}.${domain}`;
        return [type, { privateKey, dnsName, ...issueLeaf(ca, privateKey, dnsName) }] as const;
      }),
    ),
  );
  return (type) => subjects.get(type)!;
}

// Run by no-bus.test.ts in a child process whose D-Bus environment the test controls:
//   node --import tsx keychain-child.ts <dataDir>
// Tries the OS keychain every way the app would, and prints one JSON object with what happened.
import { randomUUID } from 'node:crypto';
import { KeystoreError, type Keystore } from '../../../../electron/core/keystore/keystore.ts';
import { openKeystore } from '../../../../electron/core/keystore/open.ts';
import { OsKeychain, probeOsKeychain } from '../../../../electron/core/keystore/os-keychain.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: keychain-child.ts <dataDir>');
const service = `PersistCert-test-${randomUUID()}`;

type Outcome = { ok: true; kind?: string } | { ok: false; code: string; message: string };

async function attempt(fn: () => Promise<{ kind?: string } | void>): Promise<Outcome> {
  try {
    const result = await fn();
    return { ok: true, ...(result && result.kind ? { kind: result.kind } : {}) };
  } catch (err) {
    if (err instanceof KeystoreError) return { ok: false, code: err.code, message: err.message };
    return { ok: false, code: `not a KeystoreError: ${(err as Error).name}`, message: (err as Error).message };
  }
}

async function firstUse(opening: Promise<Keystore>): Promise<{ kind: string }> {
  const keystore = await opening;
  await keystore.get('account-key:never-stored');
  return { kind: keystore.kind };
}

const probe = await probeOsKeychain(service);
const result = {
  probe: probe.ok ? { ok: true } : { ok: false, code: probe.error.code, reason: probe.reason },
  // Opening costs nothing; what the user meets is the first use, so that is what is reported.
  auto: await attempt(() => firstUse(openKeystore({ kind: 'auto', dataDir, service }))),
  os: await attempt(() => firstUse(openKeystore({ kind: 'os', dataDir, service }))),
  get: await attempt(() => new OsKeychain({ service }).get('account-key:x').then(() => undefined)),
  set: await attempt(() => new OsKeychain({ service }).set('account-key:x', Buffer.from('child-secret-5f3a9c')).then(() => undefined)),
  file: await attempt(() => openKeystore({ kind: 'file', dataDir, passphrase: async () => 'child passphrase', scryptN: 2 ** 10 })),
};
process.stdout.write(JSON.stringify(result) + '\n');

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccountSelectionError } from '../../../../electron/core/accounts/account-service.ts';
import { AcmeTransportError } from '../../../../electron/core/acme/errors.ts';
import { toApiError } from '../../../../electron/core/app/api-errors.ts';
import { BackupFormatError } from '../../../../electron/core/backup/bundle-file.ts';
import { CertificateNotFoundError } from '../../../../electron/core/certificates/certificate-service.ts';
import { CertificateNotSavedError, RescueFileError } from '../../../../electron/core/certificates/rescue.ts';
import { CertificateError } from '../../../../electron/core/crypto/certificate.ts';
import { CsrError } from '../../../../electron/core/crypto/csr.ts';
import { KeyError, UnsupportedKeyError } from '../../../../electron/core/crypto/keys.ts';
import { PemError } from '../../../../electron/core/crypto/pem.ts';
import { AccountKeyMissingError } from '../../../../electron/core/custody/account-keys.ts';
import { ExistingFileError, ExportError, PfxError } from '../../../../electron/core/export/errors.ts';
import { DataDirTrustError } from '../../../../electron/core/fs/data-dir-trust.ts';
import { LockBusyError } from '../../../../electron/core/fs/lock-file.ts';
import { KeystoreError } from '../../../../electron/core/keystore/keystore.ts';
import { RenewalSettingsError } from '../../../../electron/core/renewal/renewal-settings.ts';
import { StoreError } from '../../../../electron/core/store/versioned-file.ts';
import { InputError } from '../../../../electron/core/user-error.ts';
import { DuplicateCertificateError } from '../../../../electron/core/usecases/issue.ts';
import { exitCodeFor } from '../../../../electron/cli/errors.ts';
import { EXIT } from '../../../../electron/cli/command.ts';

// One error shape for the UI and one exit code for the CLI, both read from the error's own API
// code (UserError): no adapter recognises an error by its class name.
class Renamed extends Error {
  override name = 'PemLookalikeError';
}

const cases: { what: string; err: unknown; code: string; exit: number | undefined; fix?: string }[] = [
  { what: 'InputError with its fix', err: new InputError('bad', 'do this'), code: 'bad-request', exit: EXIT.usage, fix: 'do this' },
  { what: 'ExportError', err: new ExportError('x'), code: 'bad-request', exit: EXIT.usage },
  { what: 'ExistingFileError', err: new ExistingFileError('x'), code: 'bad-request', exit: EXIT.usage },
  { what: 'PfxError', err: new PfxError('x'), code: 'bad-request', exit: EXIT.usage },
  { what: 'PemError', err: new PemError('x'), code: 'bad-request', exit: EXIT.usage },
  { what: 'KeyError', err: new KeyError('x'), code: 'bad-request', exit: EXIT.usage },
  { what: 'UnsupportedKeyError', err: new UnsupportedKeyError('x'), code: 'bad-request', exit: EXIT.usage },
  { what: 'CsrError', err: new CsrError('x'), code: 'bad-request', exit: EXIT.usage },
  { what: 'CertificateError', err: new CertificateError('x'), code: 'bad-request', exit: EXIT.usage },
  { what: 'BackupFormatError', err: new BackupFormatError('x'), code: 'bad-request', exit: EXIT.usage },
  { what: 'RescueFileError', err: new RescueFileError('x'), code: 'bad-request', exit: EXIT.usage },
  { what: 'CertificateNotFoundError', err: new CertificateNotFoundError('x'), code: 'not-found', exit: EXIT.usage },
  { what: 'AccountSelectionError', err: new AccountSelectionError('x'), code: 'not-found', exit: EXIT.usage },
  { what: 'a wrong keystore passphrase', err: new KeystoreError('wrong-passphrase', 'x'), code: 'bad-request', exit: EXIT.usage },
  {
    what: 'no keystore passphrase (on the command line: how it was run)',
    err: new KeystoreError('no-passphrase', 'x'),
    code: 'keystore',
    exit: EXIT.usage,
  },
  { what: 'an unavailable keychain', err: new KeystoreError('unavailable', 'x'), code: 'keystore', exit: EXIT.local },
  { what: 'AccountKeyMissingError', err: new AccountKeyMissingError('x'), code: 'keystore', exit: EXIT.local },
  { what: 'LockBusyError', err: new LockBusyError('/d/keys.lock', '1 host'), code: 'storage', exit: EXIT.local },
  { what: 'CertificateNotSavedError', err: new CertificateNotSavedError('x', undefined), code: 'storage', exit: EXIT.local },
  { what: 'StoreError (a damaged store.db)', err: new StoreError('x', '/d/store.db', 'corrupt'), code: 'storage', exit: EXIT.local },
  { what: 'RenewalSettingsError', err: new RenewalSettingsError('x'), code: 'bad-request', exit: EXIT.usage },
  { what: 'DataDirTrustError', err: new DataDirTrustError('x', '/d', 'writable-by-others'), code: 'storage', exit: EXIT.local },
  {
    what: 'a duplicate certificate',
    err: new DuplicateCertificateError(['a.example.test'], { notAfter: '2027-01-01T00:00:00Z' } as ConstructorParameters<
      typeof DuplicateCertificateError
    >[1]),
    code: 'bad-request',
    exit: EXIT.usage,
    fix: 'Renew that certificate, or choose to replace it: a second certificate for the same names would renew on its own',
  },
  {
    what: 'the CA unreachable',
    err: new AcmeTransportError('timeout', 'x', 'https://ca.example.test/dir'),
    code: 'ca-unreachable',
    exit: EXIT.failed,
  },
  { what: 'an error merely named like a user error', err: new Renamed('secret detail'), code: 'internal', exit: undefined },
  { what: 'a plain Error', err: new Error('secret detail'), code: 'internal', exit: undefined },
];

for (const c of cases) {
  test(`${c.what}: API code ${c.code}, exit code ${String(c.exit)}`, () => {
    const logged: string[] = [];
    const body = toApiError(c.err, (m) => logged.push(m));
    assert.equal(body.code, c.code);
    assert.equal(exitCodeFor(c.err), c.exit);
    if (c.code === 'internal') {
      assert.doesNotMatch(body.message, /secret detail/, 'internals go to the log, not to the UI');
      assert.match(logged.join(), /secret detail/);
    } else assert.equal(body.message, (c.err as Error).message);
    assert.equal(body.fix, c.fix ?? (c.code === 'ca-unreachable' ? body.fix : undefined));
  });
}

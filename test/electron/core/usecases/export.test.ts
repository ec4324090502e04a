import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { ExistingFileError, ExportError, PfxError } from '../../../../electron/core/export/errors.ts';
import type { CertificateRecord } from '../../../../electron/core/store/schema.ts';
import { exportPem, exportPfx, uiPath } from '../../../../electron/core/usecases/export.ts';
import { startUseCaseWorld, type UseCaseWorld } from './world.ts';

// The export use case: `persistcert export` and the app's Export form write the same files.
let world: UseCaseWorld;
let cert: CertificateRecord;
const out = mkdtempSync(path.join(tmpdir(), 'usecase-export-'));
before(async () => {
  world = await startUseCaseWorld('usecase-export');
  cert = await world.issue(['export.example.test']);
});
after(async () => world?.stop());

const openssl = (args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });

test('PEM: four files, the key private, the export noted in the history; a second export without overwrite is refused', async () => {
  const dir = path.join(out, 'pem');
  const r = await exportPem(world.core, { certificate: cert.id, dir, keyFormat: 'pkcs8', overwrite: false });
  assert.deepEqual(r.files.map((f) => f.role).sort(), ['cert', 'chain', 'fullchain', 'key']);
  const key = r.files.find((f) => f.role === 'key')!;
  assert.equal(statSync(key.path).mode & 0o777, 0o600);
  assert.match(
    openssl(['x509', '-in', r.files.find((f) => f.role === 'cert')!.path, '-noout', '-ext', 'subjectAltName']),
    /DNS:export\.example\.test/,
  );
  assert.equal(world.core.certificates.find(cert.id).history.at(-1)?.detail, `PEM to ${dir}`);
  await assert.rejects(exportPem(world.core, { certificate: cert.id, dir, keyFormat: 'pkcs8', overwrite: false }), ExistingFileError);
  await exportPem(world.core, { certificate: 'export.example.test', dir, keyFormat: 'pkcs8', overwrite: true });
});

const pfxCases: {
  what: string;
  password?: string;
  allowEmptyPassword: boolean;
  generated: boolean;
  opensWith?: string;
  refused?: typeof PfxError;
}[] = [
  { what: 'no password given: one is generated and returned once', allowEmptyPassword: false, generated: true },
  {
    what: 'a given password',
    password: 'correct horse battery',
    allowEmptyPassword: false,
    generated: false,
    opensWith: 'correct horse battery',
  },
  { what: 'an empty password, confirmed', allowEmptyPassword: true, generated: false, opensWith: '' },
  { what: 'an empty password, not confirmed', password: '', allowEmptyPassword: false, generated: false, refused: PfxError },
];
pfxCases.forEach((c, i) => {
  test(`PFX: ${c.what}`, async () => {
    const file = path.join(out, `p${i}.pfx`);
    const run = exportPfx(world.core, {
      certificate: cert.id,
      path: file,
      compatibility: 'modern',
      password: c.password,
      allowEmptyPassword: c.allowEmptyPassword,
      overwrite: false,
    });
    if (c.refused) {
      await assert.rejects(run, c.refused);
      return;
    }
    const r = await run;
    assert.equal(r.path, file);
    assert.equal(r.generated, c.generated);
    assert.equal(r.password === null, !c.generated);
    const password = c.generated ? r.password! : c.opensWith!;
    assert.match(openssl(['pkcs12', '-in', file, '-nokeys', '-passin', `pass:${password}`]), /BEGIN CERTIFICATE/);
    assert.equal(world.core.certificates.find(cert.id).history.at(-1)?.detail, `PFX (modern) to ${file}`);
  });
});

const paths: { typed: string; expect: string | typeof ExportError }[] = [
  { typed: '/srv/tls/site', expect: '/srv/tls/site' },
  { typed: '  /srv/tls/../tls/site  ', expect: '/srv/tls/site' },
  { typed: '~/exports', expect: path.join(os.homedir(), 'exports') },
  { typed: '~', expect: os.homedir() },
  { typed: 'exports/site', expect: ExportError },
  { typed: './site', expect: ExportError },
];
for (const p of paths) {
  test(`a path typed in the UI: ${JSON.stringify(p.typed)}`, () => {
    if (typeof p.expect === 'string') assert.equal(uiPath(p.typed), p.expect);
    else assert.throws(() => uiPath(p.typed), p.expect);
  });
}

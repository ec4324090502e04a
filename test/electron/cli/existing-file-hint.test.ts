import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliHintFor } from '../../../electron/cli/errors.ts';
import { ExistingFileError } from '../../../electron/core/export/errors.ts';
import { refuseExisting } from '../../../electron/core/export/export-target.ts';

// The core says what is wrong in words any interface can show (the app has a checkbox for it);
// only the command line adds its flag.
test('an existing file is refused without naming a command-line flag; the CLI adds --force', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'existing-'));
  const file = path.join(dir, 'cert.pem');
  writeFileSync(file, 'x');
  const err = await refuseExisting([file], false).then(
    () => assert.fail('an existing file must be refused'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ExistingFileError);
  assert.match(
    err.message,
    /Not overwriting existing file: .*cert\.pem\. Choose another location, remove it, or allow replacing existing files\./,
  );
  assert.doesNotMatch(err.message, /--/);
  assert.equal(cliHintFor(err), 'add --force to replace existing files');
  assert.equal(cliHintFor(new Error('other')), undefined);
  await refuseExisting([file], true);
});

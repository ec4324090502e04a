import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WizardDraft } from '../../../../shared/api/contract.ts';
import { loadWizardDraft, saveWizardDraft } from '../../../../electron/core/app/wizard-draft.ts';

const draft: WizardDraft = {
  step: 'record',
  reached: 3,
  presetId: 'letsencrypt-staging',
  staging: false,
  customUrl: '',
  agreed: true,
  accountId: 'acct-1',
  namesText: 'example.com\nwww.example.com',
  replacesId: null,
  persistUntil: 1_900_000_000,
  published: false,
  keyType: 'ec-p384',
  certificateId: null,
};

test('a saved draft reads back, owner-only, with no temp file left; null removes it', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'draft-'));
  const { savedAt } = await saveWizardDraft(dir, draft, new Date('2026-12-04T05:00:00Z'));
  assert.equal(savedAt, '2026-12-04T05:00:00.000Z');
  assert.deepEqual(await loadWizardDraft(dir), { draft, savedAt });
  assert.equal(statSync(path.join(dir, 'wizard-draft.json')).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), ['wizard-draft.json']);
  await saveWizardDraft(dir, null);
  assert.deepEqual(readdirSync(dir), []);
  assert.deepEqual(await loadWizardDraft(dir), { draft: null, savedAt: null });
  await saveWizardDraft(dir, null); // clearing twice is fine
});

for (const [what, content] of [
  ['not JSON', '{"format":'],
  ['another format', JSON.stringify({ format: 'persistcert-settings', version: 1, savedAt: 'x', draft })],
  ['a newer version', JSON.stringify({ format: 'persistcert-wizard-draft', version: 2, savedAt: 'x', draft })],
  [
    'a draft with a bad step',
    JSON.stringify({ format: 'persistcert-wizard-draft', version: 1, savedAt: 'x', draft: { ...draft, step: 'deploy' } }),
  ],
] as const) {
  test(`a draft file that is ${what} is ignored and said in the log (the wizard starts afresh)`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'draft-'));
    writeFileSync(path.join(dir, 'wizard-draft.json'), content);
    const logged: string[] = [];
    assert.deepEqual(await loadWizardDraft(dir, (m) => logged.push(m)), { draft: null, savedAt: null });
    assert.match(logged.join('\n'), /is not a draft this version reads/);
  });
}

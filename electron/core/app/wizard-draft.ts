import { mkdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from '../../../shared/zod.ts';
import { wizardDraftSchema, type WizardDraft } from '../../../shared/api/contract.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';

/**
 * The New certificate wizard's draft in `<dataDir>/wizard-draft.json`: a small file apart from the
 * store, written atomically and owner-only, so a reload, another window or a restart resumes
 * where the user was (an account made, a record published) instead of starting over.
 */
const FORMAT = 'persistcert-wizard-draft';
const fileSchema = z.object({ format: z.literal(FORMAT), version: z.literal(1), savedAt: z.string(), draft: wizardDraftSchema });

export interface SavedDraft {
  draft: WizardDraft | null;
  savedAt: string | null;
}

const fileOf = (dataDir: string): string => path.join(dataDir, 'wizard-draft.json');

/** The saved draft; none when there is no file, or when it does not read as one (it is only a convenience). */
export async function loadWizardDraft(dataDir: string, log: (m: string) => void = () => {}): Promise<SavedDraft> {
  let text: string;
  try {
    text = await readFile(fileOf(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { draft: null, savedAt: null };
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    log(`wizard draft: ${fileOf(dataDir)} is not a draft this version reads; starting the wizard afresh`);
    return { draft: null, savedAt: null };
  }
  return { draft: parsed.data.draft, savedAt: parsed.data.savedAt };
}

/** Saves the draft (atomically, 0600), or removes it when the wizard is finished or started over. */
export async function saveWizardDraft(dataDir: string, draft: WizardDraft | null, now: Date = new Date()): Promise<SavedDraft> {
  if (draft === null) {
    await unlink(fileOf(dataDir)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return { draft: null, savedAt: null };
  }
  const savedAt = now.toISOString();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(fileOf(dataDir), `${JSON.stringify({ format: FORMAT, version: 1, savedAt, draft }, null, 2)}\n`, { mode: 0o600 });
  return { draft, savedAt };
}

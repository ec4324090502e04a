import { create } from 'zustand';
import type { WizardDraft } from '../../../shared/api/contract.ts';
import { api, toErrorBody } from '../api/index.ts';
import { chosenDirectoryUrl, stepIndex, useWizard, type StepId, type WizardData } from './wizard-store.ts';

/**
 * The wizard's draft lives in the core (see electron/core/app/wizard-draft.ts), so a reload, a new
 * window or a restart resumes it. It is read once when the UI starts; from then on every change
 * is saved, one write at a time, the latest winning.
 */
export const useDraft = create<{ loaded: boolean }>(() => ({ loaded: false }));

/** What is worth keeping of the wizard: choices and ids, never a secret. Nothing for an untouched wizard. */
export function toDraft(w: WizardData): WizardDraft | null {
  if (w.reached === 0 && w.step === 'ca' && !w.account && !w.namesText.trim()) return null;
  return {
    step: w.step,
    reached: w.reached,
    presetId: w.presetId,
    staging: w.staging,
    customUrl: w.customUrl,
    agreed: w.agreed,
    accountId: w.account?.id ?? null,
    namesText: w.namesText,
    replacesId: w.replacesId,
    persistUntil: w.persistUntil ?? null,
    published: w.published,
    keyType: w.keyType,
    certificateId: w.certificate?.id ?? null,
  };
}

/** The wizard as the draft left it; a step whose groundwork is gone (an account removed) goes back to it. */
async function fromDraft(d: WizardDraft): Promise<Partial<WizardData>> {
  const [accounts, certificate, presets] = await Promise.all([
    d.accountId ? api.listAccounts({}) : Promise.resolve([]),
    // The one certificate, not the whole list (thousands of them on a fleet's machine).
    d.certificateId ? api.getCertificate({ certificateId: d.certificateId }).catch(goneIsNull) : Promise.resolve(null),
    api.caPresets({}),
  ]);
  const account = accounts.find((a) => a.id === d.accountId) ?? null;
  const directoryUrl = account?.directoryUrl ?? chosenDirectoryUrl(d, presets);
  const caInfo = d.step !== 'ca' && directoryUrl ? await api.inspectCa({ directoryUrl }).catch(() => null) : null;
  let step: StepId = d.step;
  if (!certificate && step === 'export') step = 'issue';
  if (!account && stepIndex(step) > stepIndex('account')) step = 'account';
  if (!caInfo && !account && step !== 'ca') step = 'ca';
  const { accountId: _a, certificateId: _c, persistUntil, ...choices } = d;
  return {
    ...choices,
    step,
    reached: step === d.step ? d.reached : stepIndex(step),
    persistUntil: persistUntil ?? undefined,
    account,
    accountSource: account ? 'existing' : null,
    caInfo,
    certificate,
  };
}

let saving = false;
let pending: { draft: WizardDraft | null } | null = null;
let lastSaved = '';

async function flush(): Promise<void> {
  if (saving) return;
  saving = true;
  try {
    while (pending) {
      const { draft } = pending;
      pending = null;
      try {
        await api.saveWizardDraft({ draft });
      } catch {
        // The draft is a convenience: a failed save is tried again with the next change.
        lastSaved = '';
      }
    }
  } finally {
    saving = false;
  }
}

function save(w: WizardData): void {
  const draft = toDraft(w);
  const key = JSON.stringify(draft);
  if (key === lastSaved) return;
  lastSaved = key;
  pending = { draft };
  void flush();
}

/** Reads the saved draft into the wizard, then keeps saving it. Called once at start. */
export async function resumeWizardDraft(): Promise<void> {
  try {
    const { draft } = await api.getWizardDraft({});
    if (draft) useWizard.setState(await fromDraft(draft));
    lastSaved = JSON.stringify(toDraft(useWizard.getState()));
  } catch {
    // Without its draft the wizard simply starts at the first step.
  }
  useDraft.setState({ loaded: true });
  useWizard.subscribe((w) => save(w));
}

/** A certificate removed since the draft was saved is no error: the wizard goes back to issuing. */
function goneIsNull(err: unknown): null {
  // toErrorBody: across Electron's contextBridge an ApiError arrives as a plain object.
  if (toErrorBody(err).code === 'not-found') return null;
  throw err;
}

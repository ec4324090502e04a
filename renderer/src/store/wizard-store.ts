import { create } from 'zustand';
import type { MethodParams } from '../../../shared/api/contract.ts';
import type { AccountView, CaInfo, CertificateView, RecordsView } from '../../../shared/api/views.ts';
import type { CaPreset } from '../../../shared/ca-presets.ts';

export const STEPS = [
  { id: 'ca', label: 'Certificate authority' },
  { id: 'account', label: 'Account' },
  { id: 'names', label: 'Names' },
  { id: 'record', label: 'DNS record' },
  { id: 'check', label: 'Check' },
  { id: 'issue', label: 'Issue' },
  { id: 'export', label: 'Export' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];
export type KeyType = MethodParams<'startIssue'>['keyType'];

export const stepIndex = (id: StepId): number => STEPS.findIndex((s) => s.id === id);

/** The wizard's choices so far. Main owns accounts and certificates; this is only what the user picked. */
export interface WizardData {
  step: StepId;
  /** The furthest step the user may jump to from the stepper. */
  reached: number;
  /** Bumped on every step change, so the new step's heading takes focus. */
  moves: number;
  presetId: string;
  staging: boolean;
  customUrl: string;
  caInfo: CaInfo | null;
  agreed: boolean;
  eabKid: string;
  eabHmac: string;
  account: AccountView | null;
  /** How the account came in: a restored account already has its backup. */
  accountSource: 'created' | 'restored' | 'existing' | null;
  namesText: string;
  /** The user chose to replace this valid certificate for the same names (rather than renew it). */
  replacesId: string | null;
  persistUntil: number | undefined;
  records: RecordsView | null;
  /** The record was published with "Publish it for me" (the demo). */
  published: boolean;
  keyType: KeyType;
  jobId: string | null;
  certificate: CertificateView | null;
}

interface WizardState extends WizardData {
  goTo(step: StepId): void;
  next(): void;
  back(): void;
  /** Changes choices; any change to a step's choices forgets what later steps built on them. */
  update(patch: Partial<Omit<WizardData, 'step' | 'reached' | 'moves'>>): void;
  reset(): void;
}

const initial: WizardData = {
  step: 'ca',
  reached: 0,
  moves: 0,
  presetId: '',
  staging: false,
  customUrl: '',
  caInfo: null,
  agreed: false,
  eabKid: '',
  eabHmac: '',
  account: null,
  accountSource: null,
  namesText: '',
  replacesId: null,
  persistUntil: undefined,
  records: null,
  published: false,
  keyType: 'ec-p256',
  jobId: null,
  certificate: null,
};

/** Which step's data each field belongs to (for forgetting what later steps built). */
const OWNER: Partial<Record<keyof WizardData, StepId>> = {
  presetId: 'ca',
  staging: 'ca',
  customUrl: 'ca',
  account: 'account',
  namesText: 'names',
  replacesId: 'names',
  persistUntil: 'record',
};

export const useWizard = create<WizardState>((set, get) => ({
  ...initial,
  goTo(step) {
    const i = stepIndex(step);
    if (i > get().reached || step === get().step) return;
    set((s) => ({ step, moves: s.moves + 1 }));
  },
  next() {
    const i = stepIndex(get().step);
    const to = STEPS[i + 1];
    if (!to) return;
    set((s) => ({ step: to.id, reached: Math.max(s.reached, i + 1), moves: s.moves + 1 }));
  },
  back() {
    const i = stepIndex(get().step);
    const to = STEPS[i - 1];
    if (!to) return;
    set((s) => ({ step: to.id, moves: s.moves + 1 }));
  },
  update(patch) {
    set((s) => {
      let reached = s.reached;
      const forget: Partial<WizardData> = {};
      for (const key of Object.keys(patch) as (keyof WizardData)[]) {
        const owner = OWNER[key];
        if (!owner || Object.is((patch as Partial<WizardData>)[key], s[key])) continue;
        const at = stepIndex(owner);
        reached = Math.min(reached, at);
        if (at <= stepIndex('ca')) Object.assign(forget, { caInfo: null, agreed: false, account: null, accountSource: null });
        if (at <= stepIndex('account')) Object.assign(forget, { records: null });
        if (at <= stepIndex('names')) Object.assign(forget, { records: null, jobId: null, certificate: null });
        if (key === 'namesText') Object.assign(forget, { replacesId: null });
        if (at <= stepIndex('record')) Object.assign(forget, { jobId: null, certificate: null, published: false });
      }
      return { ...forget, ...patch, reached };
    });
  },
  reset() {
    set((s) => ({ ...initial, moves: s.moves + 1 }));
  },
}));

/** The directory URL the CA step's choices point at ('' when none yet). */
export function chosenDirectoryUrl(data: Pick<WizardData, 'presetId' | 'staging' | 'customUrl'>, presets: readonly CaPreset[]): string {
  if (data.presetId === 'custom') return data.customUrl.trim();
  const preset = presets.find((p) => p.id === data.presetId);
  if (!preset) return '';
  if (data.staging && preset.twin) return presets.find((p) => p.id === preset.twin)?.directoryUrl ?? preset.directoryUrl;
  return preset.directoryUrl;
}

/** The preset the choices point at, after the staging toggle. */
export function chosenPreset(data: Pick<WizardData, 'presetId' | 'staging'>, presets: readonly CaPreset[]): CaPreset | undefined {
  const preset = presets.find((p) => p.id === data.presetId);
  if (preset && data.staging && preset.twin) return presets.find((p) => p.id === preset.twin) ?? preset;
  return preset;
}

import type { CaPreset, PersistSupport } from '../../../../shared/ca-presets.ts';

/** What a preset card says about dns-persist-01: a production CA whose staging twin has it is "staging only". */
export function supportOf(preset: CaPreset, presets: readonly CaPreset[]): PersistSupport {
  if (preset.dnsPersist === 'no' && !preset.staging && preset.twin) {
    const twin = presets.find((p) => p.id === preset.twin);
    if (twin?.dnsPersist === 'yes') return 'staging-only';
  }
  return preset.dnsPersist;
}

export const SUPPORT_TEXT: Record<PersistSupport, string> = {
  yes: 'Yes',
  'staging-only': 'Staging only',
  no: 'No',
  unknown: 'Unknown',
};

/** The presets shown as cards: staging twins are reached through the staging switch instead. */
export function cardPresets(presets: readonly CaPreset[]): CaPreset[] {
  return presets.filter((p) => !(p.staging && p.twin && presets.some((q) => q.id === p.twin)));
}

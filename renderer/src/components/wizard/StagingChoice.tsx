import { useId } from 'react';
import type { CaPreset } from '../../../../shared/ca-presets.ts';
import { chosenPreset, useWizard } from '../../store/wizard-store.ts';
import { CheckField } from '../common/Field.tsx';
import { supportOf } from './ca-support.ts';

/** The staging switch of a preset CA, and a warning when the choice cannot issue with dns-persist-01. */
export function StagingChoice({ presets }: { presets: CaPreset[] }) {
  const w = useWizard();
  const id = useId();
  const selected = presets.find((p) => p.id === w.presetId);
  const effective = chosenPreset(w, presets);
  const stagingTwin = selected?.twin ? presets.find((p) => p.id === selected.twin) : undefined;
  const stagingAvailable = w.presetId !== 'custom' && !!stagingTwin && !selected?.staging;
  const support = selected ? supportOf(selected, presets) : 'unknown';
  return (
    <>
      {w.presetId !== 'custom' && (
        <CheckField
          id={`${id}-staging`}
          asSwitch
          label="Use the staging (test) environment"
          checked={w.staging && stagingAvailable}
          disabled={!stagingAvailable}
          onChange={(staging) => w.update({ staging })}
          hint={
            stagingAvailable
              ? `Staging certificates are not trusted by browsers: use them to try things out.${effective && w.staging ? ` Directory: ${effective.directoryUrl}` : ''}`
              : 'This CA has no separate staging environment.'
          }
        />
      )}
      {support === 'staging-only' && !w.staging && (
        <p className="notice notice-warning">
          <strong>{selected?.name}</strong> offers dns-persist-01 on its staging environment only for now. Turn on staging to try it, or
          choose another CA.
        </p>
      )}
      {support === 'no' && w.presetId !== 'custom' && (
        <p className="notice notice-warning">{selected?.name} does not offer dns-persist-01 yet, so issuance will fail there.</p>
      )}
    </>
  );
}

import { useId } from 'react';
import type { CaPreset } from '../../../../shared/ca-presets.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { Field } from '../common/Field.tsx';
import { CaCard } from './CaCard.tsx';
import { cardPresets, supportOf } from './ca-support.ts';

/** The CA cards, "Another CA", and its directory URL when chosen. */
export function CaChoices({ presets, urlError, onUrlEdit }: { presets: CaPreset[]; urlError: string; onUrlEdit: () => void }) {
  const w = useWizard();
  const id = useId();
  return (
    <>
      <fieldset className="radio-cards">
        <legend>Certificate authority</legend>
        {cardPresets(presets).map((p) => {
          const shown = w.staging && p.twin && p.id === w.presetId ? (presets.find((q) => q.id === p.twin) ?? p) : p;
          return (
            <CaCard
              key={p.id}
              preset={shown}
              support={supportOf(shown, presets)}
              checked={w.presetId === p.id}
              onChoose={() => w.update({ presetId: p.id, staging: w.staging && !!p.twin })}
            />
          );
        })}
        <div className={`radio-card ${w.presetId === 'custom' ? 'is-checked' : ''}`}>
          <input
            id={`${id}-custom`}
            type="radio"
            name="ca"
            value="custom"
            checked={w.presetId === 'custom'}
            onChange={() => w.update({ presetId: 'custom', staging: false })}
          />
          <label htmlFor={`${id}-custom`} className="radio-card-label">
            <span className="radio-card-title">Another CA</span>
            <span className="radio-card-sub">Enter its ACME directory URL</span>
          </label>
        </div>
      </fieldset>
      {w.presetId === 'custom' && (
        <Field id={`${id}-url`} label="Directory URL" error={urlError} hint="The https:// address your CA gives for ACME clients.">
          {(control) => (
            <input
              type="url"
              inputMode="url"
              className="mono"
              placeholder="https://acme.example.com/directory"
              value={w.customUrl}
              onChange={(e) => {
                onUrlEdit();
                w.update({ customUrl: e.target.value });
              }}
              {...control}
            />
          )}
        </Field>
      )}
    </>
  );
}

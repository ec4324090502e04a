import type { CaPreset, PersistSupport } from '../../../../shared/ca-presets.ts';
import { hostOf } from '../../lib/format.ts';
import { StatusIcon, type IconKind } from '../common/StatusIcon.tsx';
import { SUPPORT_TEXT } from './ca-support.ts';

const ICON: Record<PersistSupport, IconKind> = { yes: 'ok', 'staging-only': 'warning', no: 'error', unknown: 'info' };

/** One CA as a radio card: name, directory host, dns-persist-01 support and whether it needs EAB. */
export function CaCard({
  preset,
  support,
  checked,
  onChoose,
}: {
  preset: CaPreset;
  support: PersistSupport;
  checked: boolean;
  onChoose: () => void;
}) {
  const id = `ca-${preset.id}`;
  return (
    <div className={`radio-card ${checked ? 'is-checked' : ''}`}>
      <input id={id} type="radio" name="ca" value={preset.id} checked={checked} onChange={onChoose} aria-describedby={`${id}-d`} />
      <label htmlFor={id} className="radio-card-label">
        <span className="radio-card-title">{preset.name}</span>
        <span className="radio-card-sub mono">{hostOf(preset.directoryUrl)}</span>
      </label>
      <div id={`${id}-d`} className="radio-card-meta">
        <span className={`badge badge-${support}`}>
          <StatusIcon kind={ICON[support]} />
          dns-persist-01: {SUPPORT_TEXT[support]}
        </span>
        {preset.externalAccountRequired && <span className="badge badge-neutral">Needs EAB</span>}
        {preset.staging && <span className="badge badge-neutral">Staging</span>}
      </div>
      {preset.note && <p className="radio-card-note">{preset.note}</p>}
    </div>
  );
}

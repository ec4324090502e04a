import type { ControlProps } from '../common/Field.tsx';

interface Props extends ControlProps {
  value: string;
  onChange: (value: string) => void;
  /** The desktop app can open the OS's own dialog; in a browser the path is typed. */
  pick?: { label: string; onPick: () => void } | undefined;
}

/** A file system path, typed (no spelling check), with the OS's chooser beside it when there is one. */
export function PathInput({ value, onChange, pick, ...control }: Props) {
  const input = <input className="mono" spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} {...control} />;
  if (!pick) return input;
  return (
    <div className="input-with-button">
      {input}
      <button type="button" className="btn" onClick={pick.onPick}>
        {pick.label}
      </button>
    </div>
  );
}

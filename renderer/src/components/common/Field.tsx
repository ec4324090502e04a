import type { ReactNode } from 'react';
import { StatusIcon } from './StatusIcon.tsx';

/** What a field's control gets so that assistive technology reads its hint and error with it. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

interface FieldProps {
  /** The control's id; the error and the hint get `${id}-err` and `${id}-hint`. */
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** Shown above the hint and marks the control invalid; nothing when empty. */
  error?: string | null | false;
  /** Extra class for the wrapper ('field-narrow'). */
  className?: string;
  /** Something said between the label and the control ("A password is stored"). */
  note?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled control with its hint and error, tied together by aria-describedby and aria-invalid. */
export function Field({ id, label, hint, error, className, note, children }: FieldProps) {
  const described = [error ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {note}
      {children({ id, ...(error ? { 'aria-invalid': true as const } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {error && (
        <p id={`${id}-err`} className="hint hint-error">
          <StatusIcon kind="error" /> {error}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

interface CheckFieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  /** An on/off setting reads as a switch; a choice about this one action as a checkbox. */
  asSwitch?: boolean;
}

/** A checkbox (or switch) with its label beside it and its hint below. */
export function CheckField({ id, label, hint, checked, onChange, disabled, asSwitch }: CheckFieldProps) {
  return (
    <div className="field field-inline">
      <input
        id={id}
        type="checkbox"
        {...(asSwitch ? { role: 'switch' } : {})}
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

interface RadioListProps<T extends string, O extends { id: T; label: string }> {
  /** Prefix of the radios' ids and their group name. */
  id: string;
  legend: ReactNode;
  options: readonly O[];
  value: T;
  onChange: (value: T) => void;
  /** The line under each option. */
  describe: (option: O) => ReactNode;
}

/** A group of radios, each with a line saying what it means. */
export function RadioList<T extends string, O extends { id: T; label: string }>({
  id,
  legend,
  options,
  value,
  onChange,
  describe,
}: RadioListProps<T, O>) {
  return (
    <fieldset className="radio-list">
      <legend>{legend}</legend>
      {options.map((o) => (
        <div className="radio-row" key={o.id}>
          <input
            id={`${id}-${o.id}`}
            type="radio"
            name={id}
            checked={value === o.id}
            onChange={() => onChange(o.id)}
            aria-describedby={`${id}-${o.id}-d`}
          />
          <label htmlFor={`${id}-${o.id}`}>{o.label}</label>
          <p id={`${id}-${o.id}-d`} className="hint">
            {describe(o)}
          </p>
        </div>
      ))}
    </fieldset>
  );
}

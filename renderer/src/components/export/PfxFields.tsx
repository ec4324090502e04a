import type { ReactNode } from 'react';
import { Field, RadioList } from '../common/Field.tsx';
import { COMPAT, type Compat } from './formats.ts';
import { PathInput } from './PathInput.tsx';

interface Props {
  /** The path input's id; the others use `${id}-compat` and `${id}-pw`. */
  id: string;
  path: string;
  onPath: (path: string) => void;
  compat: Compat;
  onCompat: (compat: Compat) => void;
  password: string;
  onPassword: (password: string) => void;
  pathLabel: string;
  pathHint?: ReactNode;
  pathError?: string | undefined;
  passwordHint: ReactNode;
  passwordError?: string | undefined;
  /** Said between the password's label and its input ("A password is stored"). */
  passwordNote?: ReactNode;
  passwordDisabled?: boolean;
  pick?: { label: string; onPick: () => void } | undefined;
}

/** One PFX file: where, for which software, and its password; the export form's and the renewal deploy's. */
export function PfxFields(p: Props) {
  return (
    <>
      <Field id={p.id} label={p.pathLabel} hint={p.pathHint} error={p.pathError}>
        {(control) => <PathInput {...control} value={p.path} onChange={p.onPath} pick={p.pick} />}
      </Field>
      <RadioList
        id={`${p.id}-compat`}
        legend="Compatibility"
        options={COMPAT}
        value={p.compat}
        onChange={p.onCompat}
        describe={(o) => `${o.label}: ${o.line}`}
      />
      <Field id={`${p.id}-pw`} label="PFX password (optional)" hint={p.passwordHint} error={p.passwordError} note={p.passwordNote}>
        {(control) => (
          <input
            type="password"
            autoComplete="new-password"
            value={p.password}
            disabled={p.passwordDisabled}
            onChange={(e) => p.onPassword(e.target.value)}
            {...control}
          />
        )}
      </Field>
    </>
  );
}

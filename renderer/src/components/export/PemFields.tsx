import type { ReactNode } from 'react';
import { Field, RadioList } from '../common/Field.tsx';
import { keyFormatsFor, type KeyFormat } from './formats.ts';
import { PathInput } from './PathInput.tsx';

interface Props {
  /** The folder input's id; the key format radios use `${id}-kf`. */
  id: string;
  keyType: string;
  dir: string;
  onDir: (dir: string) => void;
  keyFormat: KeyFormat;
  onKeyFormat: (format: KeyFormat) => void;
  dirLabel: string;
  dirHint: ReactNode;
  dirError?: string | undefined;
  pick?: { label: string; onPick: () => void } | undefined;
}

/** Where a PEM set goes and how its key is encoded: the export form's and the renewal deploy's. */
export function PemFields({ id, keyType, dir, onDir, keyFormat, onKeyFormat, dirLabel, dirHint, dirError, pick }: Props) {
  return (
    <>
      <Field id={id} label={dirLabel} hint={dirHint} error={dirError}>
        {(control) => <PathInput {...control} value={dir} onChange={onDir} pick={pick} />}
      </Field>
      <RadioList
        id={`${id}-kf`}
        legend="Private key format"
        options={keyFormatsFor(keyType, keyFormat)}
        value={keyFormat}
        onChange={onKeyFormat}
        describe={(f) => f.line}
      />
    </>
  );
}

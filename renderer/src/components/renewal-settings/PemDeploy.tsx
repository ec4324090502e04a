import { CheckField } from '../common/Field.tsx';
import { PemFields } from '../export/PemFields.tsx';
import type { SectionProps } from './section.ts';

/** The PEM set each renewal writes. */
export function PemDeploy({ id, d, update, errors, keyType, stem }: SectionProps & { keyType: string; stem: string }) {
  return (
    <fieldset className="group">
      <legend>PEM files</legend>
      <CheckField
        id={`${id}-pem-on`}
        label="Write PEM files after each renewal"
        checked={d.pemOn}
        onChange={(pemOn) => update({ pemOn })}
        hint="cert.pem, chain.pem, fullchain.pem and privkey.pem are replaced in the folder; the key file is readable only by you."
      />
      {d.pemOn && (
        <PemFields
          id={`${id}-pemDir`}
          keyType={keyType}
          dir={d.pemDir}
          onDir={(pemDir) => update({ pemDir })}
          keyFormat={d.keyFormat}
          onKeyFormat={(keyFormat) => update({ keyFormat })}
          dirLabel="PEM folder"
          dirHint={`A full path such as /etc/ssl/${stem} (~/ stands for your home folder): the background service uses it too.`}
          dirError={errors.pemDir}
        />
      )}
    </fieldset>
  );
}

import { CheckField } from '../common/Field.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { PfxFields } from '../export/PfxFields.tsx';
import type { SectionProps } from './section.ts';

/** The PFX file each renewal writes, and its password (kept in the keychain, never shown). */
export function PfxDeploy({ id, d, update, errors, hasPassword }: SectionProps & { hasPassword: boolean }) {
  return (
    <fieldset className="group">
      <legend>PFX file</legend>
      <CheckField
        id={`${id}-pfx-on`}
        label="Write a PFX file after each renewal"
        checked={d.pfxOn}
        onChange={(pfxOn) => update({ pfxOn })}
        hint="One PKCS#12 file with the certificate, chain and key, for Windows, IIS and Java."
      />
      {d.pfxOn && (
        <>
          <PfxFields
            id={`${id}-pfxPath`}
            path={d.pfxPath}
            onPath={(pfxPath) => update({ pfxPath })}
            compat={d.compat}
            onCompat={(compat) => update({ compat })}
            password={d.password}
            onPassword={(password) => update({ password })}
            pathLabel="PFX file path"
            pathHint="A full path to the file (~/ stands for your home folder), replaced after each renewal."
            pathError={errors.pfxPath}
            passwordError={errors.password}
            passwordDisabled={d.clearPassword}
            passwordNote={
              hasPassword && (
                <p className="ok-text small">
                  <StatusIcon kind="ok" /> A password is stored
                </p>
              )
            }
            passwordHint={
              hasPassword
                ? 'Leave this empty to keep the stored password; type a new one to replace it. It is kept in the keychain and never shown.'
                : 'No password is stored, so the file gets an empty one (some software, such as Exchange, refuses that). Type one to set it; it is kept in the keychain.'
            }
          />
          {hasPassword && (
            <CheckField
              id={`${id}-clear-pw`}
              label="Remove the stored password (the file gets an empty password)"
              checked={d.clearPassword}
              onChange={(clearPassword) => update({ clearPassword, password: '' })}
            />
          )}
        </>
      )}
    </fieldset>
  );
}

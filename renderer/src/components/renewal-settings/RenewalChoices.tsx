import { CheckField } from '../common/Field.tsx';
import type { SectionProps } from './section.ts';

/** Whether it renews by itself, and with which key. */
export function RenewalChoices({ id, d, update }: SectionProps) {
  return (
    <fieldset className="group">
      <legend>Renewal</legend>
      <CheckField
        id={`${id}-auto`}
        asSwitch
        label="Renew automatically"
        checked={d.autoRenew}
        onChange={(autoRenew) => update({ autoRenew })}
        hint={
          <>
            PersistCert renews this certificate by itself at the planned moment. When off, it renews only when you choose &ldquo;Renew
            now&rdquo; (or a script of yours asks for a renewal).
          </>
        }
      />
      <CheckField
        id={`${id}-reuse`}
        label="Keep the same private key when renewing"
        checked={d.reuseKey}
        onChange={(reuseKey) => update({ reuseKey })}
        hint="Only if something pins the key (a TLSA record, a key uploaded elsewhere). A new key each time is safer and is the default."
      />
    </fieldset>
  );
}

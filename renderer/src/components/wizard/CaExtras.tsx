import { useId, type RefObject } from 'react';
import type { CaInfo } from '../../../../shared/api/views.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { CheckField, Field } from '../common/Field.tsx';

/** What the CA's directory says: its issuer names, renewal timing, and what it asks for (EAB, terms). */
export function CaExtras({
  info,
  haveAccount,
  extrasRef,
}: {
  info: CaInfo;
  haveAccount: boolean;
  extrasRef: RefObject<HTMLDivElement | null>;
}) {
  const w = useWizard();
  const id = useId();
  return (
    <div className="extras stack" ref={extrasRef}>
      <p className="muted small">
        Records for this CA name the issuer <code>{info.issuerDomainNames.join(' or ')}</code>. Renewal timing:{' '}
        {info.ari ? 'the CA suggests it (ARI)' : 'at two thirds of the lifetime'}.
      </p>
      {info.externalAccountRequired && (
        <fieldset className="group">
          <legend>External account binding (EAB)</legend>
          <p className="hint">
            This CA links ACME accounts to an account on its website. Copy the key ID and HMAC key from the CA's dashboard.
            {haveAccount && ' You already have an account here, so these are only needed to create another one.'}
          </p>
          <Field id={`${id}-kid`} label="EAB key ID">
            {(control) => (
              <input
                className="mono"
                autoComplete="off"
                value={w.eabKid}
                onChange={(e) => w.update({ eabKid: e.target.value })}
                {...control}
              />
            )}
          </Field>
          <Field id={`${id}-hmac`} label="EAB HMAC key">
            {(control) => (
              <input
                type="password"
                className="mono"
                autoComplete="off"
                value={w.eabHmac}
                onChange={(e) => w.update({ eabHmac: e.target.value })}
                {...control}
              />
            )}
          </Field>
        </fieldset>
      )}
      {info.termsOfService && (
        <div className="stack-tight">
          <p>
            <a href={info.termsOfService} target="_blank" rel="noreferrer noopener">
              Read the CA's terms of service
            </a>{' '}
            <span className="muted small">(opens outside PersistCert)</span>
          </p>
          <CheckField
            id={`${id}-tos`}
            label="I agree to the CA's terms of service"
            checked={w.agreed}
            onChange={(agreed) => w.update({ agreed })}
          />
        </div>
      )}
    </div>
  );
}

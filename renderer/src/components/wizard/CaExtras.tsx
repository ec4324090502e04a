import { useId, type RefObject } from 'react';
import type { CaInfo } from '../../../../shared/api/views.ts';
import { useWizard } from '../../store/wizard-store.ts';

/** What the CA's directory says: its issuer names, renewal timing, and what it asks for (EAB, terms). */
export function CaExtras({ info, haveAccount, extrasRef }: { info: CaInfo; haveAccount: boolean; extrasRef: RefObject<HTMLDivElement | null> }) {
  const w = useWizard();
  const id = useId();
  return (
    <div className="extras stack" ref={extrasRef}>
      <p className="muted small">
        Records for this CA name the issuer <code>{info.issuerDomainNames.join(' or ')}</code>. Renewal timing: {info.ari ? 'the CA suggests it (ARI)' : 'at two thirds of the lifetime'}.
      </p>
      {info.externalAccountRequired && (
        <fieldset className="group">
          <legend>External account binding (EAB)</legend>
          <p className="hint">
            This CA links ACME accounts to an account on its website. Copy the key ID and HMAC key from the CA's dashboard.
            {haveAccount && ' You already have an account here, so these are only needed to create another one.'}
          </p>
          <div className="field">
            <label htmlFor={`${id}-kid`}>EAB key ID</label>
            <input id={`${id}-kid`} className="mono" autoComplete="off" value={w.eabKid} onChange={(e) => w.update({ eabKid: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-hmac`}>EAB HMAC key</label>
            <input id={`${id}-hmac`} type="password" className="mono" autoComplete="off" value={w.eabHmac} onChange={(e) => w.update({ eabHmac: e.target.value })} />
          </div>
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
          <div className="field field-inline">
            <input id={`${id}-tos`} type="checkbox" checked={w.agreed} onChange={(e) => w.update({ agreed: e.target.checked })} />
            <label htmlFor={`${id}-tos`}>I agree to the CA's terms of service</label>
          </div>
        </div>
      )}
    </div>
  );
}

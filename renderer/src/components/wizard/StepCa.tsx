import { useEffect, useId, useRef, useState } from 'react';
import type { ApiErrorBody } from '../../../../shared/api/contract.ts';
import { resolveCa } from '../../../../shared/ca-presets.ts';
import { api, toErrorBody } from '../../api/index.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { announce } from '../../store/announce-store.ts';
import { useApp } from '../../store/app-store.ts';
import { chosenDirectoryUrl, chosenPreset, useWizard } from '../../store/wizard-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Loading } from '../common/Loading.tsx';
import { CaCard } from './CaCard.tsx';
import { cardPresets, supportOf } from './ca-support.ts';
import { StepFrame } from './StepFrame.tsx';

/** Step 1: which CA. Inspecting its directory tells whether it needs EAB credentials or terms. */
export function StepCa() {
  const presets = useApp((s) => s.presets) ?? [];
  const w = useWizard();
  const accounts = useAccounts((s) => s.accounts);
  const [busy, setBusy] = useState(false);
  // Each error belongs to the CA it was about: choosing another CA leaves it behind.
  const [failure, setError] = useState<{ url: string; body: ApiErrorBody } | null>(null);
  const [urlError, setUrlError] = useState('');
  const extrasRef = useRef<HTMLDivElement>(null);
  const id = useId();

  const cards = cardPresets(presets);
  useEffect(() => {
    // The demo suggests its own CA: the first card (a production CA) cannot work there.
    const suggested = useApp.getState().info?.suggestedCa;
    if (!w.presetId && suggested) w.update({ presetId: 'custom', customUrl: suggested });
    else if (!w.presetId && cards[0]) w.update({ presetId: cards[0].id });
    if (!accounts) void useAccounts.getState().refresh();
  }, [!w.presetId]); // on arrival, and again after "Start over" emptied the choice

  const directoryUrl = chosenDirectoryUrl(w, presets);
  const selected = presets.find((p) => p.id === w.presetId);
  const effective = chosenPreset(w, presets);
  const error = failure && failure.url === directoryUrl ? failure.body : null;
  const info = w.caInfo && w.caInfo.directoryUrl === directoryUrl ? w.caInfo : null;
  const haveAccount = (accounts ?? []).some((a) => a.directoryUrl === directoryUrl && a.status === 'valid');
  const needEab = !!info?.externalAccountRequired && !haveAccount;
  const extrasOk = !info || ((!needEab || (w.eabKid.trim() !== '' && w.eabHmac.trim() !== '')) && (!info.termsOfService || w.agreed));

  async function next(): Promise<void> {
    setError(null);
    if (w.presetId === 'custom') {
      try {
        resolveCa(w.customUrl);
        setUrlError('');
      } catch (e) {
        setUrlError((e as Error).message);
        return;
      }
    }
    if (info) {
      if (extrasOk) w.next();
      return;
    }
    setBusy(true);
    try {
      const inspected = await api.inspectCa({ directoryUrl });
      w.update({ caInfo: inspected });
      const accountsNow = useAccounts.getState().accounts ?? [];
      const has = accountsNow.some((a) => a.directoryUrl === directoryUrl && a.status === 'valid');
      if ((!inspected.externalAccountRequired || has) && !inspected.termsOfService) {
        w.next();
      } else {
        announce('This CA needs a little more information before you go on');
        requestAnimationFrame(() => extrasRef.current?.querySelector<HTMLInputElement>('input')?.focus());
      }
    } catch (e) {
      setError({ url: directoryUrl, body: toErrorBody(e) });
    } finally {
      setBusy(false);
    }
  }

  if (!presets.length) return <Loading label="Loading certificate authorities…" />;

  const stagingTwin = selected?.twin ? presets.find((p) => p.id === selected.twin) : undefined;
  const stagingAvailable = w.presetId !== 'custom' && !!stagingTwin && !selected?.staging;
  const support = selected ? supportOf(selected, presets) : 'unknown';

  return (
    <StepFrame
      id="ca"
      title="Choose a certificate authority"
      intro={<p>The certificate authority (CA) checks your DNS record and signs your certificate. It must offer the dns-persist-01 method.</p>}
      onNext={() => void next()}
      busy={busy}
      nextDisabled={!directoryUrl || !extrasOk}
      nextHint={!directoryUrl ? 'Choose a CA or enter a directory URL' : 'Fill in what the CA asks for above'}
    >
      <fieldset className="radio-cards">
        <legend>Certificate authority</legend>
        {cards.map((p) => {
          const shown = w.staging && p.twin && p.id === w.presetId ? (presets.find((q) => q.id === p.twin) ?? p) : p;
          return (
            <CaCard
              key={p.id}
              preset={shown}
              support={supportOf(shown, presets)}
              checked={w.presetId === p.id}
              onChoose={() => w.update({ presetId: p.id, staging: w.staging && !!p.twin })}
            />
          );
        })}
        <div className={`radio-card ${w.presetId === 'custom' ? 'is-checked' : ''}`}>
          <input id={`${id}-custom`} type="radio" name="ca" value="custom" checked={w.presetId === 'custom'} onChange={() => w.update({ presetId: 'custom', staging: false })} />
          <label htmlFor={`${id}-custom`} className="radio-card-label">
            <span className="radio-card-title">Another CA</span>
            <span className="radio-card-sub">Enter its ACME directory URL</span>
          </label>
        </div>
      </fieldset>

      {w.presetId === 'custom' && (
        <div className="field">
          <label htmlFor={`${id}-url`}>Directory URL</label>
          <input
            id={`${id}-url`}
            type="url"
            inputMode="url"
            className="mono"
            placeholder="https://acme.example.com/directory"
            value={w.customUrl}
            onChange={(e) => {
              setUrlError('');
              w.update({ customUrl: e.target.value });
            }}
            aria-invalid={urlError !== ''}
            aria-describedby={`${id}-url-hint`}
          />
          <p id={`${id}-url-hint`} className={`hint ${urlError ? 'hint-error' : ''}`}>
            {urlError || 'The https:// address your CA gives for ACME clients.'}
          </p>
        </div>
      )}

      {w.presetId !== 'custom' && (
        <div className="field field-inline">
          <input
            id={`${id}-staging`}
            type="checkbox"
            role="switch"
            checked={w.staging && stagingAvailable}
            disabled={!stagingAvailable}
            onChange={(e) => w.update({ staging: e.target.checked })}
            aria-describedby={`${id}-staging-hint`}
          />
          <label htmlFor={`${id}-staging`}>Use the staging (test) environment</label>
          <p id={`${id}-staging-hint`} className="hint">
            {stagingAvailable
              ? `Staging certificates are not trusted by browsers: use them to try things out.${effective && w.staging ? ` Directory: ${effective.directoryUrl}` : ''}`
              : 'This CA has no separate staging environment.'}
          </p>
        </div>
      )}

      {support === 'staging-only' && !w.staging && (
        <p className="notice notice-warning">
          <strong>{selected?.name}</strong> offers dns-persist-01 on its staging environment only for now. Turn on staging to try it, or choose another CA.
        </p>
      )}
      {support === 'no' && w.presetId !== 'custom' && <p className="notice notice-warning">{selected?.name} does not offer dns-persist-01 yet, so issuance will fail there.</p>}

      {busy && <Loading label="Reading the CA's directory…" />}
      {error && <ErrorPanel error={error} title="The CA's directory could not be read" onRetry={() => void next()} />}

      {info && (
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
      )}
    </StepFrame>
  );
}

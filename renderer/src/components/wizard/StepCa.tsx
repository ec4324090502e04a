import { useEffect, useRef, useState } from 'react';
import type { ApiErrorBody } from '../../../../shared/api/contract.ts';
import { resolveCa } from '../../../../shared/ca-presets.ts';
import { api } from '../../api/index.ts';
import { useAction } from '../../lib/use-action.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { announce } from '../../store/announce-store.ts';
import { useApp } from '../../store/app-store.ts';
import { chosenDirectoryUrl, useWizard } from '../../store/wizard-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Loading } from '../common/Loading.tsx';
import { CaChoices } from './CaChoices.tsx';
import { CaExtras } from './CaExtras.tsx';
import { cardPresets } from './ca-support.ts';
import { StagingChoice } from './StagingChoice.tsx';
import { StepFrame } from './StepFrame.tsx';

const hasValidAccount = (directoryUrl: string): boolean =>
  (useAccounts.getState().accounts ?? []).some((a) => a.directoryUrl === directoryUrl && a.status === 'valid');

/** Step 1: which CA. Inspecting its directory tells whether it needs EAB credentials or terms. */
export function StepCa() {
  const presets = useApp((s) => s.presets) ?? [];
  const w = useWizard();
  const accounts = useAccounts((s) => s.accounts);
  const [urlError, setUrlError] = useState('');
  // Each error belongs to the CA it was about: choosing another CA leaves it behind.
  const [failedUrl, setFailedUrl] = useState('');
  const extrasRef = useRef<HTMLDivElement>(null);

  // On arrival, and again after "Start over" emptied the choice: preselect a CA. The demo suggests
  // its own CA, as the first card (a production CA) cannot work there.
  const nothingChosen = !w.presetId;
  useEffect(() => {
    if (!nothingChosen) return;
    const suggested = useApp.getState().info?.suggestedCa;
    const first = cardPresets(useApp.getState().presets ?? [])[0];
    const { update } = useWizard.getState();
    if (suggested) update({ presetId: 'custom', customUrl: suggested });
    else if (first) update({ presetId: first.id });
    if (!useAccounts.getState().accounts) void useAccounts.getState().refresh();
  }, [nothingChosen]);

  const directoryUrl = chosenDirectoryUrl(w, presets);
  const info = w.caInfo && w.caInfo.directoryUrl === directoryUrl ? w.caInfo : null;
  const haveAccount = (accounts ?? []).some((a) => a.directoryUrl === directoryUrl && a.status === 'valid');
  const needEab = !!info?.externalAccountRequired && !haveAccount;
  const extrasOk = !info || ((!needEab || (w.eabKid.trim() !== '' && w.eabHmac.trim() !== '')) && (!info.termsOfService || w.agreed));

  const inspecting = useAction(async (url: string) => {
    setFailedUrl(url);
    const inspected = await api.inspectCa({ directoryUrl: url });
    w.update({ caInfo: inspected });
    if ((!inspected.externalAccountRequired || hasValidAccount(url)) && !inspected.termsOfService) {
      w.next();
    } else {
      announce('This CA needs a little more information before you go on');
      requestAnimationFrame(() => extrasRef.current?.querySelector<HTMLInputElement>('input')?.focus());
    }
  });
  const error: ApiErrorBody | null = inspecting.error && failedUrl === directoryUrl ? inspecting.error : null;

  function next(): void {
    inspecting.setError(null);
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
    void inspecting.run(directoryUrl);
  }

  if (!presets.length) return <Loading label="Loading certificate authorities…" />;

  return (
    <StepFrame
      id="ca"
      title="Choose a certificate authority"
      intro={
        <p>The certificate authority (CA) checks your DNS record and signs your certificate. It must offer the dns-persist-01 method.</p>
      }
      onNext={next}
      busy={inspecting.pending}
      nextDisabled={!directoryUrl || !extrasOk}
      nextHint={!directoryUrl ? 'Choose a CA or enter a directory URL' : 'Fill in what the CA asks for above'}
    >
      <CaChoices presets={presets} urlError={urlError} onUrlEdit={() => setUrlError('')} />
      <StagingChoice presets={presets} />
      {inspecting.pending && <Loading label="Reading the CA's directory…" />}
      {error && <ErrorPanel error={error} title="The CA's directory could not be read" onRetry={next} />}
      {info && <CaExtras info={info} haveAccount={haveAccount} extrasRef={extrasRef} />}
    </StepFrame>
  );
}

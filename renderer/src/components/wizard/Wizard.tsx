import { useRef } from 'react';
import { useDraft } from '../../store/wizard-draft.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { Loading } from '../common/Loading.tsx';
import { PageHeading } from '../common/PageHeading.tsx';
import { StepAccount } from './StepAccount.tsx';
import { StepCa } from './StepCa.tsx';
import { StepCheck } from './StepCheck.tsx';
import { StepExport } from './StepExport.tsx';
import { StepFocusContext } from './StepFrame.tsx';
import { StepIssue } from './StepIssue.tsx';
import { StepNames } from './StepNames.tsx';
import { StepRecord } from './StepRecord.tsx';
import { Stepper } from './Stepper.tsx';

/** "New certificate": the seven-step dns-persist-01 wizard. */
export function Wizard() {
  const step = useWizard((s) => s.step);
  const moves = useWizard((s) => s.moves);
  const movesAtMount = useRef(moves);
  const loaded = useDraft((s) => s.loaded);
  const started = useWizard((s) => s.reached > 0 || s.step !== 'ca');
  const heading = (
    <div className="page-head-row">
      <PageHeading lead="Publish one DNS record once; PersistCert gets and renews the certificate with no further DNS changes.">
        New certificate
      </PageHeading>
      {/* The wizard resumes where it was left; this is the way to a blank one (accounts and records stay). */}
      {loaded && started && (
        <button type="button" className="btn btn-quiet" onClick={() => useWizard.getState().reset()}>
          Start over
        </button>
      )}
    </div>
  );
  if (!loaded) {
    return (
      <>
        {heading}
        <Loading label="Picking up where you left off…" />
      </>
    );
  }
  return (
    <>
      {heading}
      <Stepper />
      <StepFocusContext.Provider value={moves !== movesAtMount.current}>
        {step === 'ca' && <StepCa key="ca" />}
        {step === 'account' && <StepAccount key="account" />}
        {step === 'names' && <StepNames key="names" />}
        {step === 'record' && <StepRecord key="record" />}
        {step === 'check' && <StepCheck key="check" />}
        {step === 'issue' && <StepIssue key="issue" />}
        {step === 'export' && <StepExport key="export" />}
      </StepFocusContext.Provider>
    </>
  );
}

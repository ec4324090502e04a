import { useRef } from 'react';
import { useWizard } from '../../store/wizard-store.ts';
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
  return (
    <>
      <PageHeading lead="Publish one DNS record once; PersistCert gets and renews the certificate with no further DNS changes.">New certificate</PageHeading>
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

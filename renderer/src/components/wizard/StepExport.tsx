import { useNav } from '../../store/nav-store.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { EmptyState } from '../common/EmptyState.tsx';
import { ExportForm } from '../export/ExportForm.tsx';
import { StepFrame } from './StepFrame.tsx';

/** Step 7: write the certificate and key where the server needs them. */
export function StepExport() {
  const certificate = useWizard((s) => s.certificate);
  const reset = useWizard((s) => s.reset);
  const go = useNav((s) => s.go);
  return (
    <StepFrame
      id="export"
      title="Export the certificate"
      intro={
        <p>
          Choose the format your server or device wants. You can export again at any time from Certificates; renewals are written by the
          same rules.
        </p>
      }
    >
      {certificate ? (
        <ExportForm certificate={certificate} forRenewals />
      ) : (
        <EmptyState title="No certificate yet">Go back one step and issue the certificate first.</EmptyState>
      )}
      <div className="row-actions">
        <button type="button" className="btn" onClick={() => go('certificates')}>
          Go to Certificates
        </button>
        <button type="button" className="btn btn-quiet" onClick={reset}>
          Start another certificate
        </button>
      </div>
    </StepFrame>
  );
}

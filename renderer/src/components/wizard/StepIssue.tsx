import { useEffect, useId, useState } from 'react';
import type { ApiErrorBody } from '../../../../shared/api/contract.ts';
import type { IssueStepView } from '../../../../shared/api/views.ts';
import { api, toErrorBody } from '../../api/index.ts';
import { daysLeftText, formatDate } from '../../lib/format.ts';
import { useFocusResult } from '../../lib/use-focus-result.ts';
import { announce } from '../../store/announce-store.ts';
import { useIssue } from '../../store/issue-store.ts';
import { useWizard, type KeyType } from '../../store/wizard-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { IssueProgress } from './IssueProgress.tsx';
import { progressItems } from './issue-progress.ts';
import { showName, unicodeNames, validNames } from './names.ts';
import { StepFrame } from './StepFrame.tsx';

export const KEY_TYPES: { id: KeyType; label: string }[] = [
  { id: 'ec-p256', label: 'ECDSA P-256 (recommended: small, fast, works with current software)' },
  { id: 'ec-p384', label: 'ECDSA P-384' },
  { id: 'rsa-2048', label: 'RSA 2048 (for older systems and appliances)' },
  { id: 'rsa-3072', label: 'RSA 3072' },
  { id: 'rsa-4096', label: 'RSA 4096' },
];

/** Step 6: order, validation and download, followed live from main's events. */
export function StepIssue() {
  const w = useWizard();
  const job = useIssue((s) => (w.jobId ? s.jobs[w.jobId] : undefined));
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const id = useId();
  const names = validNames(w.namesText) ?? [];
  const running = !!w.jobId && !job?.finished;
  const unicode = unicodeNames(w.namesText);
  const items = progressItems(names, job, running || starting, (n) => showName(n, unicode));
  const certificate = job?.certificate ?? w.certificate;
  const failure = error ?? job?.error ?? null;
  const result = useFocusResult<HTMLDivElement>();
  const showResult = result.done;

  useEffect(() => {
    if (job?.finished && job.certificate && w.certificate?.id !== job.certificate.id) {
      useWizard.getState().update({ certificate: job.certificate });
      announce('Certificate issued');
      showResult();
    } else if (job?.finished && job.error) {
      announce('The certificate was not issued');
      showResult();
    }
  }, [job?.finished, job?.certificate, job?.error, w.certificate?.id, showResult]);

  async function start(): Promise<void> {
    if (!w.account || !names.length) return;
    setStarting(true);
    setError(null);
    try {
      const { jobId } = await api.startIssue({
        accountId: w.account.id,
        names,
        keyType: w.keyType,
        ...(w.replacesId ? { replacesCertificateId: w.replacesId } : {}),
      });
      useWizard.getState().update({ jobId, certificate: null });
      announce('Issuing the certificate');
    } catch (e) {
      setError(toErrorBody(e));
      result.done();
    } finally {
      setStarting(false);
    }
  }

  const last = job?.steps[job.steps.length - 1];
  const started = !!w.jobId || starting;

  return (
    <StepFrame
      id="issue"
      title="Issue the certificate"
      intro={
        <p>PersistCert now asks the CA for the certificate. The CA reads your DNS record, then signs. This usually takes under a minute.</p>
      }
      onNext={w.next}
      nextDisabled={!certificate}
      nextHint="Issue the certificate first"
    >
      {!certificate && (
        <div className="issue-start">
          <div className="field field-narrow">
            <label htmlFor={`${id}-key`}>Certificate key</label>
            <select
              id={`${id}-key`}
              value={w.keyType}
              disabled={running || starting}
              onChange={(e) => w.update({ keyType: e.target.value as KeyType })}
            >
              {KEY_TYPES.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="button" className="btn btn-primary" onClick={() => void start()} disabled={running || starting}>
              {running || starting ? 'Issuing…' : failure ? 'Try again' : 'Issue certificate'}
            </button>
          </div>
        </div>
      )}

      {started || job ? <IssueProgress items={items} /> : null}
      <p className="sr-only" role="status">
        {last && !job?.finished ? describe(last) : ''}
      </p>
      {job?.steps.some((s) => s.step === 'replaces-dropped') && (
        <p className="notice notice-info">
          The CA did not accept the "replaces" hint for the old certificate, so PersistCert asked again without it. Nothing to do.
        </p>
      )}

      <div ref={result.ref} tabIndex={-1} className="focus-target">
        {failure && !certificate && <ErrorPanel error={failure} title="The certificate was not issued" />}

        {certificate && (
          <div className="notice notice-ok">
            <p className="notice-title">
              <StatusIcon kind="ok" /> Certificate issued
            </p>
            <p>
              For {certificate.names.join(', ')}, valid until {formatDate(certificate.notAfter)} ({daysLeftText(certificate.notAfter)}).
              PersistCert renews it before then, with no DNS changes.
            </p>
          </div>
        )}
      </div>
    </StepFrame>
  );
}

function describe(s: IssueStepView): string {
  switch (s.step) {
    case 'precheck':
      return `${s.name}: ${s.ready ? 'record visible' : 'record not visible yet'}`;
    case 'order-created':
      return 'Order created';
    case 'authorization':
      return `${s.name}: ${s.status}`;
    case 'finalizing':
      return 'Sending the certificate request';
    case 'downloading':
      return 'Downloading the certificate';
    case 'replaces-dropped':
      return 'Retried without the replaces hint';
  }
}

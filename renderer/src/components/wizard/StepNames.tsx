import { useEffect, useId, useState } from 'react';
import type { CertificateView } from '../../../../shared/api/views.ts';
import { formatDate } from '../../lib/format.ts';
import { useCertificates } from '../../store/certificates-store.ts';
import { useNav } from '../../store/nav-store.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { NameCheckList } from './NameCheckList.tsx';
import { checkLines, MAX_NAMES } from './names.ts';
import { StepFrame } from './StepFrame.tsx';

/** Step 3: the names on the certificate, checked as you type. */
export function StepNames() {
  const namesText = useWizard((s) => s.namesText);
  const update = useWizard((s) => s.update);
  const next = useWizard((s) => s.next);
  const id = useId();
  const lines = checkLines(namesText);
  const bad = lines.filter((l) => !l.check.ok).length;
  const tooMany = lines.length > MAX_NAMES;
  const certificates = useCertificates((s) => s.certificates);
  const go = useNav((s) => s.go);
  const [anotherAnyway, setAnotherAnyway] = useState(false);
  useEffect(() => {
    if (!useCertificates.getState().certificates) void useCertificates.getState().refresh();
  }, []);
  const names = lines.flatMap((l) => (l.check.ok ? [l.check.ascii] : []));
  const existing = names.length ? coveringCertificate(certificates ?? [], names) : undefined;
  const ok = lines.length > 0 && bad === 0 && !tooMany && (!existing || anotherAnyway);
  const summary =
    lines.length === 0
      ? 'No names yet.'
      : tooMany
        ? `${lines.length} names: at most ${MAX_NAMES} fit on one certificate.`
        : bad
          ? `${bad} of ${lines.length} ${lines.length === 1 ? 'name needs' : 'names need'} fixing.`
          : `${lines.length} ${lines.length === 1 ? 'name' : 'names'}, all valid.`;

  return (
    <StepFrame
      id="names"
      title="Which names should the certificate cover?"
      intro={
        <p>
          One name per line, for example <code>example.com</code> and <code>www.example.com</code>. A wildcard such as <code>*.example.com</code> covers every name one level below it. International names are fine.
        </p>
      }
      onNext={next}
      nextDisabled={!ok}
      nextHint={existing && !anotherAnyway ? 'These names already have a certificate: choose below' : 'Every name must be valid'}
    >
      <div className="field">
        <label htmlFor={`${id}-names`}>Domain names, one per line</label>
        <textarea
          id={`${id}-names`}
          rows={5}
          className="mono"
          spellCheck={false}
          autoCapitalize="none"
          autoCorrect="off"
          value={namesText}
          onChange={(e) => update({ namesText: e.target.value })}
          aria-describedby={`${id}-sum`}
          aria-invalid={bad > 0 || tooMany}
        />
        <p id={`${id}-sum`} className={`hint ${bad || tooMany ? 'hint-error' : ''}`} aria-live="polite">
          {summary}
        </p>
      </div>
      <NameCheckList lines={lines} />
      {existing && (
        <section className="notice notice-warning" aria-labelledby={`${id}-dup`}>
          <p id={`${id}-dup`} className="notice-title">
            {existing.names.join(', ')} already {existing.names.length > 1 ? 'have' : 'has'} a valid certificate, until {formatDate(existing.notAfter)}.
          </p>
          <p>PersistCert renews it on its own. A second certificate for the same names would be renewed separately, and both would be yours to deploy.</p>
          <div className="row-actions">
            <button type="button" className="btn btn-primary" onClick={() => go('certificates')}>
              Open the existing certificate
            </button>
            <label className="check">
              <input type="checkbox" checked={anotherAnyway} onChange={(e) => setAnotherAnyway(e.target.checked)} /> Issue another one anyway (for example, with a new key)
            </label>
          </div>
        </section>
      )}
    </StepFrame>
  );
}

/** A valid, unexpired certificate whose names include every name asked for: issuing again would duplicate it. */
function coveringCertificate(certificates: readonly CertificateView[], names: readonly string[], now = Date.now()): CertificateView | undefined {
  return certificates.find((c) => c.status === 'valid' && Date.parse(c.notAfter) > now && names.every((n) => c.names.includes(n)));
}

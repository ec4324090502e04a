import { useEffect, useId } from 'react';
import { liveFor } from '../../../../shared/sites.ts';
import { useCertificates } from '../../store/certificates-store.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { ExistingCertificate } from './ExistingCertificate.tsx';
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
  const replacesId = useWizard((s) => s.replacesId);
  useEffect(() => {
    if (!useCertificates.getState().certificates) void useCertificates.getState().refresh();
  }, []);
  const names = lines.flatMap((l) => (l.check.ok ? [l.check.ascii] : []));
  const existing = names.length ? liveFor(names, certificates ?? [], Date.now())[0] : undefined;
  const ok = lines.length > 0 && bad === 0 && !tooMany && (!existing || replacesId === existing.id);
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
          One name per line, for example <code>example.com</code> and <code>www.example.com</code>. A wildcard such as{' '}
          <code>*.example.com</code> covers every name one level below it. International names are fine.
        </p>
      }
      onNext={next}
      nextDisabled={!ok}
      nextHint={
        existing && replacesId !== existing.id
          ? 'These names already have a certificate: renew it or replace it'
          : 'Every name must be valid'
      }
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
      {existing && <ExistingCertificate existing={existing} />}
    </StepFrame>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { formatDateTime } from '../../lib/format.ts';
import { useCheck } from '../../store/check-store.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Loading } from '../common/Loading.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { CheckTable } from './CheckTable.tsx';
import { Findings } from './Findings.tsx';
import { OtherAccountConflict, otherAccountsNamed } from './OtherAccountConflict.tsx';
import { showName, unicodeNames, validNames } from './names.ts';
import { StepFrame } from './StepFrame.tsx';

export const RECHECK_SECONDS = 10;

/** Step 5: ask every authoritative server and public resolvers whether they see the record. */
export function StepCheck() {
  const accountId = useWizard((s) => s.account?.id ?? '');
  const namesText = useWizard((s) => s.namesText);
  const next = useWizard((s) => s.next);
  const { results, checking, error, run } = useCheck();
  const [left, setLeft] = useState(RECHECK_SECONDS);
  const names = validNames(namesText) ?? [];
  const unicode = unicodeNames(namesText);
  const namesKey = names.join('\n');
  const ready = !!results && results.length > 0 && results.every((r) => r.ready);
  const accountUrl = useWizard((s) => s.account?.accountUrl ?? '');
  const conflict = results ? otherAccountsNamed(results, accountUrl) : [];

  const check = useCallback((): void => {
    if (accountId && namesKey) void run(accountId, namesKey.split('\n'));
  }, [accountId, namesKey, run]);

  // Check on arrival.
  useEffect(check, [check]);

  // Count down to the next automatic check while not ready and not checking; each new result
  // starts the count again.
  const blocked = conflict.length > 0;
  useEffect(() => {
    if (ready || checking || blocked) return;
    setLeft(RECHECK_SECONDS);
    const timer = setInterval(() => {
      setLeft((n) => {
        if (n <= 1) {
          clearInterval(timer);
          check();
          return 0;
        }
        return n - 1;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [ready, checking, blocked, results, check]);

  const waiting = results?.filter((r) => !r.ready).length ?? 0;
  const summary = !results
    ? ''
    : conflict.length
      ? 'A record already there names another account.'
      : ready
        ? 'Every server sees the record for every name. You can issue the certificate.'
        : `${waiting} of ${results.length} ${results.length === 1 ? 'name is' : 'names are'} not ready yet.`;
  const findings = results?.flatMap((r) => r.findings) ?? [];

  return (
    <StepFrame
      id="check"
      title="Check that the record is visible"
      intro={
        <p>
          PersistCert asks each of your domain's own DNS servers and public resolvers. The CA only looks once every server agrees, so a slow
          provider can't fail the order.
        </p>
      }
      onNext={next}
      nextDisabled={!ready}
      nextHint="Waiting until every name is ready"
    >
      <div className="check-bar">
        <p className="check-summary" role="status">
          {results && <StatusIcon kind={ready ? 'ok' : 'pending'} />}
          {checking ? 'Checking…' : summary}
        </p>
        <div className="check-actions">
          {!ready && results && !checking && !conflict.length && <span className="muted small countdown">Checking again in {left} s</span>}
          <button type="button" className="btn" onClick={check} disabled={checking}>
            Check now
          </button>
        </div>
      </div>

      {!results && checking && <Loading label="Asking the DNS servers…" />}
      {error && <ErrorPanel error={error} title="The check could not run" onRetry={check} />}
      {conflict.length > 0 && <OtherAccountConflict named={conflict} />}
      {results && (
        <>
          {results.map((r) => (
            <CheckTable key={r.name} result={r} label={showName(r.name, unicode)} />
          ))}
          <Findings findings={findings} />
          <p className="muted small">Last checked {formatDateTime(results[0]?.checkedAt ?? Date.now())}.</p>
        </>
      )}
    </StepFrame>
  );
}

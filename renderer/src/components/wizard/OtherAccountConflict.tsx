import { useEffect, useId, useRef } from 'react';
import type { AccountView, PreflightView } from '../../../../shared/api/views.ts';
import { parseRecordValue } from '../../../../shared/dns-persist/record.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { StatusIcon } from '../common/StatusIcon.tsx';

/** The accounts named by the records the servers returned, other than the wizard's own. */
export function otherAccountsNamed(results: readonly PreflightView[], own: string): string[] {
  const named = new Set<string>();
  for (const r of results) {
    for (const s of r.servers) {
      if (s.status !== 'other-account') continue;
      for (const v of s.seen) {
        const parsed = parseRecordValue(v);
        if (parsed.ok && parsed.record.accountUri !== own) named.add(parsed.record.accountUri);
      }
    }
  }
  return [...named];
}

/**
 * A record already names another account. That is no "wait a little": waiting never fixes it,
 * and editing that record would break the other account. Two ways out, as buttons.
 */
export function OtherAccountConflict({ named }: { named: readonly string[] }) {
  const id = useId();
  const accounts = useAccounts((s) => s.accounts);
  const heading = useRef<HTMLHeadingElement>(null);
  // Once, when the conflict appears: load the accounts if nobody has, and move focus here.
  useEffect(() => {
    if (!useAccounts.getState().accounts) void useAccounts.getState().refresh();
    heading.current?.focus();
  }, []);
  const local: AccountView | undefined = accounts?.find((a) => named.includes(a.accountUrl) && a.status === 'valid');
  return (
    <section className="notice notice-error" aria-labelledby={id}>
      <h3 id={id} ref={heading} tabIndex={-1} className="notice-title">
        <StatusIcon kind="error" /> The record names another account
      </h3>
      <p>
        It names <code className="break">{named.join(', ')}</code>, not the account this wizard uses. Waiting will not change that, and
        editing that record would stop the other account from getting certificates.
      </p>
      <div className="row-actions">
        <button type="button" className="btn btn-primary" onClick={() => useWizard.getState().goTo('record')}>
          Add a second record for this account
        </button>
        {local ? (
          <button type="button" className="btn" onClick={() => useWizard.getState().update({ account: local, accountSource: 'existing' })}>
            Use the account the record names
          </button>
        ) : (
          <p className="hint">
            To use the account the record names instead, restore its backup on the Accounts page, then choose it in the Account step.
          </p>
        )}
      </div>
    </section>
  );
}

import { useEffect, useId, useRef, useState } from 'react';
import type { AccountView } from '../../../../shared/api/views.ts';
import { api } from '../../api/index.ts';
import { useAction } from '../../lib/use-action.ts';
import { formatDate } from '../../lib/format.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { announce } from '../../store/announce-store.ts';
import { BackupForm } from '../accounts/BackupForm.tsx';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';

/** Before going on: save an encrypted backup, or say explicitly that you understand the risk. */
export function BackupGate({ account, onChange }: { account: AccountView; onChange: (a: AccountView) => void }) {
  const [savedAs, setSavedAs] = useState('');
  const [understood, setUnderstood] = useState(false);
  const id = useId();
  // Saving or declining replaces the form (and the focused button) with its outcome: focus follows.
  const outcome = useRef<HTMLDivElement>(null);
  const settled = !!account.backedUpAt || !!account.backupDeclinedAt;
  const settledAtMount = useRef(settled);
  useEffect(() => {
    if (settled && !settledAtMount.current) outcome.current?.focus();
  }, [settled]);

  const declining = useAction(async () => {
    const updated = await api.declineBackup({ accountId: account.id });
    useAccounts.getState().upsert(updated);
    onChange(updated);
    announce('Going on without a backup');
  });

  if (account.backedUpAt) {
    return (
      <div ref={outcome} tabIndex={-1} className="notice notice-ok" role="status">
        <p className="notice-title">
          <StatusIcon kind="ok" /> Backup saved{savedAs ? ` as ${savedAs}` : ` on ${formatDate(account.backedUpAt)}`}
        </p>
        <p>Keep the file and its passphrase apart, somewhere safe (a password manager, a USB stick).</p>
      </div>
    );
  }
  if (account.backupDeclinedAt) {
    return (
      <div ref={outcome} tabIndex={-1} className="notice notice-warning" role="status">
        <p className="notice-title">
          <StatusIcon kind="warning" /> No backup
        </p>
        <p>You can still make one at any time on the Accounts page.</p>
      </div>
    );
  }
  return (
    <section className="backup-gate stack" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Save an encrypted backup of the account key</h3>
      <p>
        Your DNS record will name this account for as long as it is published. If this computer dies and there is no backup, the record
        becomes useless and you must publish a new one for a new account.
      </p>
      <BackupForm
        account={account}
        onSaved={(fileName, fresh) => {
          setSavedAs(fileName);
          onChange(fresh.backedUpAt ? fresh : { ...fresh, backedUpAt: new Date().toISOString() });
        }}
      />
      <div className="skip-backup stack-tight">
        <div className="field field-inline">
          <input id={`${id}-skip`} type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
          <label htmlFor={`${id}-skip`}>I understand that if this key is lost, every record naming it stops working</label>
        </div>
        <div>
          <button type="button" className="btn" disabled={!understood || declining.pending} onClick={() => void declining.run()}>
            Continue without a backup
          </button>
        </div>
      </div>
      {declining.error && <ErrorPanel error={declining.error} title="That did not work" />}
    </section>
  );
}

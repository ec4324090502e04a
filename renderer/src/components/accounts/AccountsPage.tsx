import { useEffect, useState } from 'react';
import type { AccountView } from '../../../../shared/api/views.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { startWizard } from '../../store/start-wizard.ts';
import { EmptyState } from '../common/EmptyState.tsx';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Loading } from '../common/Loading.tsx';
import { Modal } from '../common/Modal.tsx';
import { PageHeading } from '../common/PageHeading.tsx';
import { AccountCard } from './AccountCard.tsx';
import { BackupForm } from './BackupForm.tsx';
import { RestoreForm } from './RestoreForm.tsx';
import { RolloverForm } from './RolloverForm.tsx';

type Dialog = { kind: 'backup' | 'rollover'; account: AccountView } | { kind: 'restore' } | null;

/** "Accounts": the key that every record names, and how to keep it safe. */
export function AccountsPage() {
  const { accounts, loading, error, refresh } = useAccounts();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [rolled, setRolled] = useState<Set<string>>(new Set());
  const [savedMsg, setSavedMsg] = useState('');

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const restoreButton = (
    <button type="button" className="btn" onClick={() => setDialog({ kind: 'restore' })}>
      Restore an account
    </button>
  );

  return (
    <>
      <div className="page-head-row">
        <PageHeading lead="Your DNS records name these ACME accounts. Keep an encrypted backup of each.">Accounts</PageHeading>
        {accounts && accounts.length > 0 && restoreButton}
      </div>
      <p className="sr-only" role="status">
        {savedMsg}
      </p>
      {!accounts && loading && <Loading label="Loading accounts…" />}
      {error && <ErrorPanel error={error} title="Accounts could not be loaded" onRetry={() => void refresh()} />}
      {accounts && accounts.length === 0 && (
        <EmptyState
          title="No accounts yet"
          action={
            <div className="row-actions">
              <button type="button" className="btn btn-primary" onClick={() => startWizard()}>
                Create one in the wizard
              </button>
              {restoreButton}
            </div>
          }
        >
          <p>An account is made in the first steps of a new certificate. If you have a backup from another computer, restore it here.</p>
        </EmptyState>
      )}
      <div className="stack">
        {accounts?.map((a) => (
          <AccountCard
            key={a.id}
            account={a}
            rolledOver={rolled.has(a.id)}
            onBackup={() => setDialog({ kind: 'backup', account: a })}
            onRollover={() => setDialog({ kind: 'rollover', account: a })}
          />
        ))}
      </div>

      <Modal open={dialog?.kind === 'backup'} title="Save an encrypted backup" onClose={() => setDialog(null)}>
        {dialog?.kind === 'backup' && (
          <>
            <p className="muted">
              Account <code className="break">{dialog.account.accountUrl}</code>
            </p>
            <BackupForm
              account={dialog.account}
              onSaved={(fileName) => {
                setSavedMsg(`Backup saved as ${fileName}`);
                setRolled((s) => {
                  const n = new Set(s);
                  n.delete(dialog.account.id);
                  return n;
                });
                setDialog(null);
              }}
            />
          </>
        )}
      </Modal>
      <Modal open={dialog?.kind === 'rollover'} title="Roll over the account key" onClose={() => setDialog(null)}>
        {dialog?.kind === 'rollover' && (
          <RolloverForm
            account={dialog.account}
            onDone={(a) => {
              setRolled((s) => new Set(s).add(a.id));
              setDialog({ kind: 'backup', account: a });
            }}
          />
        )}
      </Modal>
      <Modal open={dialog?.kind === 'restore'} title="Restore an account" onClose={() => setDialog(null)}>
        {dialog?.kind === 'restore' && (
          <RestoreForm
            onRestored={() => {
              setSavedMsg('Account restored');
              setDialog(null);
              void refresh();
            }}
          />
        )}
      </Modal>
    </>
  );
}

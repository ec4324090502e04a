import { useEffect, useId, useState } from 'react';
import type { AccountView } from '../../../../shared/api/views.ts';
import { useFocusResult } from '../../lib/use-focus-result.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { RestoreForm } from '../accounts/RestoreForm.tsx';
import { AccountReady } from './AccountReady.tsx';
import { BackupGate } from './BackupGate.tsx';
import { CreateAccountForm } from './CreateAccountForm.tsx';
import { ExistingAccountPicker } from './ExistingAccountPicker.tsx';
import { StepFrame } from './StepFrame.tsx';

type Mode = 'existing' | 'create' | 'restore';

/** Step 2: an ACME account (created, restored or reused), then an encrypted backup of its key. */
export function StepAccount() {
  const w = useWizard();
  const accounts = useAccounts((s) => s.accounts);
  const directoryUrl = w.caInfo?.directoryUrl ?? '';
  const here = (accounts ?? []).filter((a) => a.directoryUrl === directoryUrl && a.status === 'valid');
  const [mode, setMode] = useState<Mode>(here.length ? 'existing' : 'create');
  const [touched, setTouched] = useState(false);
  const id = useId();

  useEffect(() => {
    if (!accounts) void useAccounts.getState().refresh();
  }, [accounts]);
  // Accounts may arrive after this step shows: offer the existing ones first, unless the user chose.
  useEffect(() => {
    if (!touched && here.length > 0 && mode === 'create') setMode('existing');
  }, [touched, here.length, mode]);
  const pick = (m: Mode): void => {
    setTouched(true);
    setMode(m);
  };

  const account = w.account;
  const backedUp = !!account && (!!account.backedUpAt || w.accountSource === 'restored');
  const declined = !!account?.backupDeclinedAt;
  const ready = !!account && (backedUp || declined);

  const readyResult = useFocusResult<HTMLDivElement>();
  function use(acc: AccountView, source: 'created' | 'restored' | 'existing'): void {
    w.update({ account: acc, accountSource: source });
    // The form with the button goes away: focus goes to the account now in use.
    readyResult.done();
  }

  return (
    <StepFrame
      id="account"
      title="Your ACME account"
      intro={
        <p>
          The DNS record names an ACME account, not a password or key. Whoever holds this account's key can get certificates for your names,
          and if the key is lost every record naming it stops working.
        </p>
      }
      onNext={w.next}
      nextDisabled={!ready}
      nextHint={!account ? 'Create, restore or choose an account first' : 'Save a backup, or confirm you want to go on without one'}
    >
      {!account && (
        <>
          <fieldset className="segmented">
            <legend>How do you want to get an account?</legend>
            {here.length > 0 && (
              <ModeRadio id={`${id}-m-existing`} mode="existing" current={mode} onPick={pick} label="Use an existing account" />
            )}
            <ModeRadio id={`${id}-m-create`} mode="create" current={mode} onPick={pick} label="Create a new account" />
            <ModeRadio id={`${id}-m-restore`} mode="restore" current={mode} onPick={pick} label="Restore from a backup" />
          </fieldset>
          {mode === 'existing' && <ExistingAccountPicker accounts={here} onPick={(a) => use(a, 'existing')} />}
          {mode === 'create' && <CreateAccountForm onCreated={(a) => use(a, 'created')} />}
          {mode === 'restore' && <RestoreForm onRestored={(a) => use(a, 'restored')} />}
        </>
      )}

      {account && (
        <div className="stack">
          <AccountReady account={account} focusRef={readyResult.ref} onChange={() => w.update({ account: null, accountSource: null })} />

          {w.accountSource === 'restored' && (
            <p className="muted">You restored this account from a backup file. Keep that file and its passphrase somewhere safe.</p>
          )}
          {w.accountSource !== 'restored' && <BackupGate account={account} onChange={(a) => w.update({ account: a })} />}
        </div>
      )}
    </StepFrame>
  );
}

function ModeRadio({
  id,
  mode,
  current,
  onPick,
  label,
}: {
  id: string;
  mode: Mode;
  current: Mode;
  onPick: (m: Mode) => void;
  label: string;
}) {
  return (
    <div className="segment">
      <input id={id} type="radio" name="account-mode" checked={current === mode} onChange={() => onPick(mode)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

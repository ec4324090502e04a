import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { emailProblem } from '../../../../shared/email.ts';
import type { ApiErrorBody } from '../../../../shared/api/contract.ts';
import type { AccountView } from '../../../../shared/api/views.ts';
import { api, toErrorBody } from '../../api/index.ts';
import { formatDate } from '../../lib/format.ts';
import { useFocusResult } from '../../lib/use-focus-result.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { announce } from '../../store/announce-store.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { BackupGate } from './BackupGate.tsx';
import { RestoreForm } from '../accounts/RestoreForm.tsx';
import { CopyButton } from '../common/CopyButton.tsx';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';
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
          The DNS record names an ACME account, not a password or key. Whoever holds this account's key can get certificates for your names, and if the key is lost every record naming it stops working.
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
            {here.length > 0 && <ModeRadio id={`${id}-m-existing`} mode="existing" current={mode} onPick={pick} label="Use an existing account" />}
            <ModeRadio id={`${id}-m-create`} mode="create" current={mode} onPick={pick} label="Create a new account" />
            <ModeRadio id={`${id}-m-restore`} mode="restore" current={mode} onPick={pick} label="Restore from a backup" />
          </fieldset>
          {mode === 'existing' && <ExistingPicker accounts={here} onPick={(a) => use(a, 'existing')} />}
          {mode === 'create' && <CreateForm onCreated={(a) => use(a, 'created')} />}
          {mode === 'restore' && <RestoreForm onRestored={(a) => use(a, 'restored')} />}
        </>
      )}

      {account && (
        <div className="stack">
          <div ref={readyResult.ref} tabIndex={-1} className="notice notice-ok focus-target">
            <p className="notice-title">
              <StatusIcon kind="ok" /> Account ready
            </p>
            <dl className="kv">
              <dt>Account URL</dt>
              <dd className="copy-row">
                <code id={`${id}-url`} className="mono break">
                  {account.accountUrl}
                </code>
                <CopyButton text={account.accountUrl} label="Copy account URL" />
              </dd>
              <dt>Key type</dt>
              <dd>{account.keyType}</dd>
            </dl>
            <button type="button" className="btn btn-quiet btn-small" onClick={() => w.update({ account: null, accountSource: null })}>
              Use a different account
            </button>
          </div>

          {w.accountSource === 'restored' && <p className="muted">You restored this account from a backup file. Keep that file and its passphrase somewhere safe.</p>}
          {w.accountSource !== 'restored' && <BackupGate account={account} onChange={(a) => w.update({ account: a })} />}
        </div>
      )}
    </StepFrame>
  );
}

function ModeRadio({ id, mode, current, onPick, label }: { id: string; mode: Mode; current: Mode; onPick: (m: Mode) => void; label: string }) {
  return (
    <div className="segment">
      <input id={id} type="radio" name="account-mode" checked={current === mode} onChange={() => onPick(mode)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

function ExistingPicker({ accounts, onPick }: { accounts: AccountView[]; onPick: (a: AccountView) => void }) {
  const [chosen, setChosen] = useState(accounts[0]?.id ?? '');
  const id = useId();
  return (
    <div className="stack">
      <fieldset className="radio-list">
        <legend>Accounts at this CA</legend>
        {accounts.map((a) => (
          <div className="radio-row" key={a.id}>
            <input id={`${id}-${a.id}`} type="radio" name="existing-account" checked={chosen === a.id} onChange={() => setChosen(a.id)} />
            <label htmlFor={`${id}-${a.id}`}>
              <span className="mono break">{a.accountUrl}</span>
              <span className="muted small">
                {' '}
                · created {formatDate(a.createdAt)} · {a.backedUpAt ? `backed up ${formatDate(a.backedUpAt)}` : 'never backed up'}
              </span>
            </label>
          </div>
        ))}
      </fieldset>
      <div>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!chosen}
          onClick={() => {
            const a = accounts.find((x) => x.id === chosen);
            if (a) onPick(a);
          }}
        >
          Use this account
        </button>
      </div>
    </div>
  );
}

function CreateForm({ onCreated }: { onCreated: (a: AccountView) => void }) {
  const w = useWizard();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [emailError, setEmailError] = useState('');
  const emailRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const eabMissing = !!w.caInfo?.externalAccountRequired && (!w.eabKid.trim() || !w.eabHmac.trim());

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (busy || !w.caInfo) return;
    const problem = emailProblem(email);
    setEmailError(problem ?? '');
    if (problem) {
      emailRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const contact = email.trim() ? [email.trim()] : [];
      const account = await api.createAccount({
        directoryUrl: w.caInfo.directoryUrl,
        contact,
        agreeToTerms: !!w.caInfo.termsOfService && w.agreed,
        ...(w.caInfo.externalAccountRequired ? { eab: { kid: w.eabKid.trim(), hmacKey: w.eabHmac.trim() } } : {}),
      });
      useAccounts.getState().upsert(account);
      announce('Account created');
      onCreated(account);
    } catch (err) {
      const body = toErrorBody(err);
      // The CA refused the address: say it about what the user typed (the "mailto:" is ours) and mark the field.
      if (/invalidContact|unsupportedContact/.test(String(body.problem?.['type'] ?? ''))) {
        setEmailError(body.message.replace(/mailto:/g, ''));
        emailRef.current?.focus();
      } else setError(body);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor={`${id}-email`}>Email (optional)</label>
        <input
          ref={emailRef}
          id={`${id}-email`}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            setEmailError('');
          }}
          aria-invalid={emailError !== ''}
          aria-describedby={`${id}-email-hint`}
        />
        <p id={`${id}-email-hint`} className={`hint ${emailError ? 'hint-error' : ''}`}>
          {emailError || 'The CA may write here about problems with your account. PersistCert itself sends nothing.'}
        </p>
      </div>
      {eabMissing && <p className="notice notice-warning">This CA needs EAB credentials: go back to the first step and enter them.</p>}
      <div>
        <button type="submit" className="btn btn-primary" disabled={busy || eabMissing}>
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </div>
      {error && <ErrorPanel error={error} title="The account was not created" />}
    </form>
  );
}

import { useId, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../../shared/api/views.ts';
import { api } from '../../api/index.ts';
import { useAction } from '../../lib/use-action.ts';
import { downloadText } from '../../lib/download.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { announce } from '../../store/announce-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';

export const MIN_PASSPHRASE = 8;

/** Passphrase + confirmation → an encrypted backup of the account key, saved as a download. */
export function BackupForm({ account, onSaved }: { account: AccountView; onSaved: (fileName: string, account: AccountView) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const hintId = useId();
  const matchId = useId();
  const long = passphrase.length >= MIN_PASSPHRASE;
  const same = passphrase === confirm;
  const valid = long && same;

  const saving = useAction(async () => {
    const { fileName, content } = await api.backupAccount({ accountId: account.id, passphrase });
    downloadText(fileName, content);
    await useAccounts.getState().refresh();
    const fresh = useAccounts.getState().accounts?.find((a) => a.id === account.id) ?? { ...account, backedUpAt: new Date().toISOString() };
    announce(`Backup saved as ${fileName}`);
    setPassphrase('');
    setConfirm('');
    onSaved(fileName, fresh);
  });

  function submit(e: FormEvent): void {
    e.preventDefault();
    if (valid) void saving.run();
  }

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${hintId}-p`}>Backup passphrase</label>
        <input
          id={`${hintId}-p`}
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-describedby={hintId}
        />
        <p id={hintId} className={`hint ${passphrase && !long ? 'hint-error' : ''}`}>
          At least {MIN_PASSPHRASE} characters. You need it to restore the backup; nobody can recover it for you.
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${hintId}-c`}>Confirm passphrase</label>
        <input
          id={`${hintId}-c`}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          aria-describedby={matchId}
          aria-invalid={confirm !== '' && !same}
        />
        <p id={matchId} className="hint hint-error" aria-live="polite">
          {confirm !== '' && !same ? 'The two passphrases differ.' : ''}
        </p>
      </div>
      <div>
        <button type="submit" className="btn btn-primary" disabled={!valid || saving.pending}>
          {saving.pending ? 'Saving backup…' : 'Save encrypted backup'}
        </button>
      </div>
      {saving.error && <ErrorPanel error={saving.error} title="The backup was not saved" />}
    </form>
  );
}

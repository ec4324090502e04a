import { useId, useState } from 'react';
import type { AccountView } from '../../../../shared/api/views.ts';
import { api, toErrorBody } from '../../api/index.ts';
import { useAction } from '../../lib/use-action.ts';
import { readFileText } from '../../lib/download.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { announce } from '../../store/announce-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';

/** Restores an account from an encrypted backup: pasted, or read from a chosen file. */
export function RestoreForm({ onRestored }: { onRestored: (account: AccountView) => void }) {
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const id = useId();

  async function choose(file: File | undefined): Promise<void> {
    if (!file) return;
    try {
      setContent(await readFileText(file));
      setFileName(file.name);
      announce(`Read ${file.name}`);
    } catch (err) {
      restoring.setError(toErrorBody(err));
    }
  }

  const restoring = useAction(async () => {
    const account = await api.restoreAccount({ content, passphrase });
    useAccounts.getState().upsert(account);
    announce('Account restored');
    onRestored(account);
  });

  return (
    <form className="stack" onSubmit={(e) => {
        e.preventDefault();
        if (content.trim().length >= 2) void restoring.run();
      }} noValidate>
      <div className="field">
        <label htmlFor={`${id}-file`}>Choose a backup file</label>
        <input id={`${id}-file`} type="file" onChange={(e) => void choose(e.target.files?.[0])} />
        {fileName && <p className="hint">Loaded {fileName}.</p>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-content`}>Or paste the backup</label>
        <textarea id={`${id}-content`} rows={4} className="mono" spellCheck={false} value={content} onChange={(e) => setContent(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-pass`}>Backup passphrase</label>
        <input id={`${id}-pass`} type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      </div>
      <div>
        <button type="submit" className="btn btn-primary" disabled={restoring.pending || content.trim().length < 2 || passphrase === ''}>
          {restoring.pending ? 'Restoring…' : 'Restore account'}
        </button>
      </div>
      {restoring.error && <ErrorPanel error={restoring.error} title="The account was not restored" />}
    </form>
  );
}

import { useId, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../../shared/api/views.ts';
import { api, toErrorBody } from '../../api/index.ts';
import { useAction } from '../../lib/use-action.ts';
import { readFileText } from '../../lib/download.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { announce } from '../../store/announce-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Field } from '../common/Field.tsx';

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

  function submit(e: FormEvent): void {
    e.preventDefault();
    if (content.trim().length >= 2) void restoring.run();
  }

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <Field id={`${id}-file`} label="Choose a backup file" hint={fileName && `Loaded ${fileName}.`}>
        {(control) => <input type="file" onChange={(e) => void choose(e.target.files?.[0])} {...control} />}
      </Field>
      <Field id={`${id}-content`} label="Or paste the backup">
        {(control) => (
          <textarea
            rows={4}
            className="mono"
            spellCheck={false}
            value={content}
            onChange={(e) => setContent(e.target.value)}
            {...control}
          />
        )}
      </Field>
      <Field id={`${id}-pass`} label="Backup passphrase">
        {(control) => (
          <input
            type="password"
            autoComplete="current-password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            {...control}
          />
        )}
      </Field>
      <div>
        <button type="submit" className="btn btn-primary" disabled={restoring.pending || content.trim().length < 2 || passphrase === ''}>
          {restoring.pending ? 'Restoring…' : 'Restore account'}
        </button>
      </div>
      {restoring.error && <ErrorPanel error={restoring.error} title="The account was not restored" />}
    </form>
  );
}

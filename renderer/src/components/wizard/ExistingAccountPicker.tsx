import { useId, useState } from 'react';
import type { AccountView } from '../../../../shared/api/views.ts';
import { formatDate } from '../../lib/format.ts';

/** The valid accounts at the chosen CA, to reuse one. */
export function ExistingAccountPicker({ accounts, onPick }: { accounts: AccountView[]; onPick: (a: AccountView) => void }) {
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

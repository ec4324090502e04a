import type { AccountView } from '../../../../shared/api/views.ts';
import { api } from '../../api/index.ts';
import { useAction } from '../../lib/use-action.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { announce } from '../../store/announce-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';

/** Key rollover (RFC 8555 §7.3.5), explained: the account URL stays, so no record changes. */
export function RolloverForm({ account, onDone }: { account: AccountView; onDone: (a: AccountView) => void }) {
  const rolling = useAction(async () => {
    const updated = await api.rolloverAccount({ accountId: account.id });
    useAccounts.getState().upsert(updated);
    announce('The account key was replaced');
    onDone(updated);
  });

  return (
    <div className="stack">
      <p>
        PersistCert makes a new key for this account and asks the CA to swap it in. The account URL stays the same, so your DNS records keep
        working: <strong>no DNS change is needed</strong>.
      </p>
      <p className="notice notice-warning">Your old backups hold the old key, which stops working. Make a new backup right after.</p>
      <div>
        <button type="button" className="btn btn-primary" onClick={() => void rolling.run()} disabled={rolling.pending}>
          {rolling.pending ? 'Rolling over…' : 'Roll over key'}
        </button>
      </div>
      {rolling.error && <ErrorPanel error={rolling.error} title="The key was not replaced" />}
    </div>
  );
}

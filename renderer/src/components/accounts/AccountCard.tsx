import type { AccountView } from '../../../../shared/api/views.ts';
import { formatDate, hostOf } from '../../lib/format.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';

/** One account: its URL, CA, key, backup state and the names whose records depend on it. */
export function AccountCard({
  account: a,
  onBackup,
  onRollover,
  rolledOver,
}: {
  account: AccountView;
  onBackup: () => void;
  onRollover: () => void;
  rolledOver: boolean;
}) {
  const headingId = `acct-${a.id}`;
  return (
    <article className="card account" aria-labelledby={headingId}>
      <div className="details-head">
        <h2 id={headingId}>{hostOf(a.directoryUrl)}</h2>
        {a.backedUpAt ? (
          <span className="badge badge-yes">
            <StatusIcon kind="ok" />
            Backed up {formatDate(a.backedUpAt)}
          </span>
        ) : (
          <span className="badge badge-staging-only">
            <StatusIcon kind="warning" />
            {a.rolledOverAt ? 'Not backed up since the key was replaced' : 'Never backed up'}
          </span>
        )}
      </div>
      <dl className="kv kv-grid">
        <dt>Account URL</dt>
        <dd className="copy-row">
          <code className="break">{a.accountUrl}</code>
          <CopyButton text={a.accountUrl} label="Copy account URL" />
        </dd>
        <dt>CA</dt>
        <dd className="break">{a.directoryUrl}</dd>
        <dt>Key type</dt>
        <dd>{a.keyType}</dd>
        <dt>Status</dt>
        <dd>{a.status}</dd>
        <dt>Created</dt>
        <dd>{formatDate(a.createdAt)}</dd>
        {a.contact.length > 0 && (
          <>
            <dt>Contact</dt>
            <dd>{a.contact.map((c) => c.replace(/^mailto:/, '')).join(', ')}</dd>
          </>
        )}
        <dt>Records naming it</dt>
        <dd>{a.dependentNames.length ? a.dependentNames.join(', ') : <span className="muted">No valid certificate uses it</span>}</dd>
      </dl>
      {!a.backedUpAt && (
        <p className="notice notice-warning">
          <StatusIcon kind="warning" /> If this computer is lost,{' '}
          {a.dependentNames.length ? `the records for ${a.dependentNames.join(', ')} stop working` : 'this account is gone'}. Save an
          encrypted backup.
        </p>
      )}
      {a.rolloverPending && (
        <p className="notice notice-warning">
          <StatusIcon kind="warning" /> A key replacement is not confirmed yet: the CA could not be asked which key it holds. Both keys are
          kept; PersistCert asks again the next time it uses this account.
        </p>
      )}
      {(rolledOver || (a.rolledOverAt && !a.backedUpAt)) && (
        <p className="notice notice-info">
          The key was replaced. Your DNS records need no change. Make a new backup now: older backups hold the old key.
        </p>
      )}
      <div className="row-actions">
        <button type="button" className={`btn ${a.backedUpAt && !rolledOver ? '' : 'btn-primary'}`} onClick={onBackup}>
          Back up<span className="sr-only"> the account at {hostOf(a.directoryUrl)}</span>
        </button>
        <button type="button" className="btn" onClick={onRollover} disabled={a.status !== 'valid'}>
          Roll over key<span className="sr-only"> of the account at {hostOf(a.directoryUrl)}</span>
        </button>
      </div>
    </article>
  );
}

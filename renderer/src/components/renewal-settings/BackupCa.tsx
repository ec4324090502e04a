import type { AccountView, CertificateView } from '../../../../shared/api/views.ts';
import { hostOf, listText } from '../../lib/format.ts';
import { Field } from '../common/Field.tsx';
import { backupCandidates } from './renewal-settings.ts';
import type { SectionProps } from './section.ts';

interface Props extends SectionProps {
  certificate: CertificateView;
  /** The account the certificate renews with. */
  accountId: string;
  /** null while loading. */
  accounts: AccountView[] | null;
}

/** The account at another CA that takes over when renewing from the usual one keeps failing. */
export function BackupCa({ id, d, update, errors, certificate: c, accountId, accounts }: Props) {
  const candidates = backupCandidates(accounts ?? [], accountId, c.directoryUrl, d.backupAccountId);
  const primaryHost = hostOf(accounts?.find((a) => a.id === accountId)?.directoryUrl ?? c.directoryUrl);
  const unknown = d.backupAccountId && accounts && !candidates.some((a) => a.id === d.backupAccountId);
  return (
    <fieldset className="group">
      <legend>Backup CA</legend>
      <p id={`${id}-backup-about`} className="hint">
        If renewing from {primaryHost} keeps failing, or it stops offering dns-persist-01, PersistCert renews from the backup
        account&rsquo;s CA instead. That CA checks its own record: the dns-persist-01 record naming the backup account must be published for{' '}
        {listText(c.names)} too (the New certificate wizard&rsquo;s DNS record step shows it), or the backup CA refuses.
      </p>
      <Field
        id={`${id}-backup`}
        label="Backup account"
        hint={
          accounts === null
            ? 'Loading accounts…'
            : candidates.length
              ? `Accounts at a CA other than ${primaryHost}.`
              : `There is no account at a CA other than ${primaryHost} yet. Create one in the New certificate wizard, then publish its record for these names.`
        }
      >
        {(control) => (
          <select
            {...control}
            aria-describedby={`${id}-backup-about ${control['aria-describedby'] ?? ''}`.trim()}
            value={d.backupAccountId}
            onChange={(e) => update({ backupAccountId: e.target.value })}
          >
            <option value="">None</option>
            {candidates.map((a) => (
              <option key={a.id} value={a.id}>
                {hostOf(a.directoryUrl)} — {a.accountUrl}
              </option>
            ))}
            {unknown && <option value={d.backupAccountId}>Unknown account {d.backupAccountId}</option>}
          </select>
        )}
      </Field>
      <Field
        id={`${id}-failover`}
        className="field-narrow"
        label="Switch to the backup after this many failed attempts"
        error={errors.failover}
        hint="A whole number from 1 to 20, counted in a row. Used only when a backup account is chosen."
      >
        {(control) => (
          <input
            inputMode="numeric"
            className="input-number"
            value={d.failover}
            onChange={(e) => update({ failover: e.target.value })}
            {...control}
          />
        )}
      </Field>
    </fieldset>
  );
}

import { useId, useState, type FormEvent } from 'react';
import type { MethodParams } from '../../../../shared/api/contract.ts';
import type { CertificateView } from '../../../../shared/api/views.ts';
import { api } from '../../api/index.ts';
import { useAction } from '../../lib/use-action.ts';
import { useFocusResult } from '../../lib/use-focus-result.ts';
import { announce } from '../../store/announce-store.ts';
import { useCertificates } from '../../store/certificates-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Field } from '../common/Field.tsx';

type Reason = MethodParams<'revokeCertificate'>['reason'];

const REASONS: { id: Reason; label: string }[] = [
  { id: 'unspecified', label: 'No particular reason' },
  { id: 'keyCompromise', label: 'The private key was exposed (key compromise)' },
  { id: 'superseded', label: 'Replaced by a new certificate (superseded)' },
  { id: 'cessationOfOperation', label: 'The site or service is shut down (cessation of operation)' },
  { id: 'affiliationChanged', label: 'The names changed hands (affiliation changed)' },
  { id: 'privilegeWithdrawn', label: 'Permission was withdrawn (privilege withdrawn)' },
];

/** Revocation with a typed confirmation: the button unlocks only when the first name is typed. */
export function RevokeForm({ certificate }: { certificate: CertificateView }) {
  const first = certificate.names[0] ?? '';
  const [reason, setReason] = useState<Reason>('unspecified');
  const [typed, setTyped] = useState('');
  const id = useId();
  const matches = typed.trim() === first;
  const result = useFocusResult<HTMLDivElement>();

  const revoking = useAction(async () => {
    try {
      const updated = await api.revokeCertificate({ certificateId: certificate.id, reason, confirm: typed.trim() });
      useCertificates.getState().upsert(updated);
      announce(`${first} was revoked`);
    } catch (err) {
      // On success this form goes away with the row's details; on failure focus goes to why.
      result.done();
      throw err;
    }
  });

  function submit(e: FormEvent): void {
    e.preventDefault();
    if (matches) void revoking.run();
  }

  return (
    <form className="stack revoke" onSubmit={submit} noValidate>
      <p>
        Revoking tells browsers to stop trusting this certificate now. It cannot be undone. The DNS record stays valid, so you can issue a
        new certificate at any time.
      </p>
      <Field id={`${id}-reason`} className="field-narrow" label="Reason">
        {(control) => (
          <select value={reason} onChange={(e) => setReason(e.target.value as Reason)} {...control}>
            {REASONS.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={`${id}-confirm`}
        className="field-narrow"
        label={
          <>
            Type <code>{first}</code> to confirm
          </>
        }
      >
        {(control) => (
          <input
            autoComplete="off"
            spellCheck={false}
            className="mono"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            {...control}
          />
        )}
      </Field>
      <div>
        <button type="submit" className="btn btn-danger" disabled={!matches || revoking.pending}>
          {revoking.pending ? 'Revoking…' : 'Revoke certificate'}
        </button>
      </div>
      <div ref={result.ref} tabIndex={-1} className="focus-target">
        {revoking.error && <ErrorPanel error={revoking.error} title="The certificate was not revoked" />}
      </div>
    </form>
  );
}

import { useId, useRef, useState, type FormEvent } from 'react';
import { emailProblem } from '../../../../shared/email.ts';
import type { AccountView } from '../../../../shared/api/views.ts';
import { api, toErrorBody } from '../../api/index.ts';
import { useAction } from '../../lib/use-action.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { announce } from '../../store/announce-store.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Field } from '../common/Field.tsx';

/** A new account at the wizard's CA, with an optional contact address. */
export function CreateAccountForm({ onCreated }: { onCreated: (a: AccountView) => void }) {
  const w = useWizard();
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState('');
  const emailRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const eabMissing = !!w.caInfo?.externalAccountRequired && (!w.eabKid.trim() || !w.eabHmac.trim());

  const creating = useAction(async (caInfo: NonNullable<typeof w.caInfo>) => {
    try {
      const account = await api.createAccount({
        directoryUrl: caInfo.directoryUrl,
        contact: email.trim() ? [email.trim()] : [],
        agreeToTerms: !!caInfo.termsOfService && w.agreed,
        ...(caInfo.externalAccountRequired ? { eab: { kid: w.eabKid.trim(), hmacKey: w.eabHmac.trim() } } : {}),
      });
      useAccounts.getState().upsert(account);
      announce('Account created');
      onCreated(account);
    } catch (err) {
      const body = toErrorBody(err);
      // The CA refused the address: say it about what the user typed (the "mailto:" is ours) and mark the field.
      if (!/invalidContact|unsupportedContact/.test(String(body.problem?.['type'] ?? ''))) throw err;
      setEmailError(body.message.replace(/mailto:/g, ''));
      emailRef.current?.focus();
    }
  });

  function submit(e: FormEvent): void {
    e.preventDefault();
    if (creating.pending || !w.caInfo) return;
    const problem = emailProblem(email);
    setEmailError(problem ?? '');
    if (problem) emailRef.current?.focus();
    else void creating.run(w.caInfo);
  }

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <Field
        id={`${id}-email`}
        label="Email (optional)"
        error={emailError}
        hint="The CA may write here about problems with your account. PersistCert itself sends nothing."
      >
        {(control) => (
          <input
            ref={emailRef}
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              setEmailError('');
            }}
            {...control}
          />
        )}
      </Field>
      {eabMissing && <p className="notice notice-warning">This CA needs EAB credentials: go back to the first step and enter them.</p>}
      <div>
        <button type="submit" className="btn btn-primary" disabled={creating.pending || eabMissing}>
          {creating.pending ? 'Creating account…' : 'Create account'}
        </button>
      </div>
      {creating.error && <ErrorPanel error={creating.error} title="The account was not created" />}
    </form>
  );
}

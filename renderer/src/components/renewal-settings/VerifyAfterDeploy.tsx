import { Field } from '../common/Field.tsx';
import type { SectionProps } from './section.ts';

/** Servers asked after each deploy whether they serve the new certificate. */
export function VerifyAfterDeploy({ id, d, update, errors }: SectionProps) {
  return (
    <fieldset className="group">
      <legend>Check the servers after each deploy</legend>
      <Field
        id={`${id}-verify`}
        label="Servers that must serve the new certificate, one per line"
        error={errors.verify}
        hint="host:port, with sni=name when the name differs and starttls=smtp or starttls=imap for mail, for example www.example.com:443. After each deploy PersistCert connects and compares what is served with the new certificate, and says so when a server still serves the old one."
      >
        {(control) => (
          <textarea
            rows={2}
            className="mono"
            spellCheck={false}
            value={d.verify}
            onChange={(e) => update({ verify: e.target.value })}
            {...control}
          />
        )}
      </Field>
      <Field
        id={`${id}-verifyWait`}
        className="field-narrow"
        label="Wait for a reload up to (seconds)"
        error={errors.verifyWait}
        hint="Servers reload in the background; they are asked again until then. From 0 to 3600."
      >
        {(control) => (
          <input
            inputMode="numeric"
            className="input-number"
            value={d.verifyWait}
            onChange={(e) => update({ verifyWait: e.target.value })}
            {...control}
          />
        )}
      </Field>
    </fieldset>
  );
}

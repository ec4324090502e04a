import { Fragment } from 'react';
import { CheckField, Field } from '../common/Field.tsx';
import { DEPLOY_VARIABLES } from './renewal-settings.ts';
import type { SectionProps } from './section.ts';

/**
 * The command run after each renewal. It runs with the user's rights: a browser page may show it
 * or turn it off, never set it (the core refuses too).
 */
export function CommandDeploy({
  id,
  d,
  update,
  errors,
  inBrowser,
  certificateId,
}: SectionProps & { inBrowser: boolean; certificateId: string }) {
  return (
    <fieldset className="group">
      <legend>Command</legend>
      <CheckField
        id={`${id}-cmd-on`}
        label="Run a command after each renewal"
        checked={d.cmdOn}
        disabled={inBrowser && !d.cmdOn}
        onChange={(cmdOn) => update({ cmdOn })}
        hint={
          <>
            For example <code>systemctl reload nginx</code>, so the server picks up the new certificate.
            {inBrowser && (
              <>
                {' '}
                <strong>The command can only be set in the desktop app or with</strong>{' '}
                <code>persistcert configure {certificateId} --deploy-command &quot;…&quot;</code>: it runs with your rights, so this browser
                page may show it or turn it off, never set it.
              </>
            )}
          </>
        }
      />
      {d.cmdOn && (
        <>
          <Field
            id={`${id}-run`}
            label="Command"
            error={errors.run}
            hint="Runs with /bin/sh (cmd.exe on Windows) after every renewal, once the files above are written; variables PERSISTCERT_CERT_PATH, PERSISTCERT_KEY_PATH, PERSISTCERT_FULLCHAIN_PATH, PERSISTCERT_PFX_PATH, PERSISTCERT_NAMES, PERSISTCERT_SERIAL, PERSISTCERT_NOT_AFTER and more are set. If it fails, the deploy is retried later."
          >
            {(control) => (
              <textarea
                rows={3}
                className="mono"
                spellCheck={false}
                readOnly={inBrowser}
                value={d.run}
                onChange={(e) => update({ run: e.target.value })}
                {...control}
              />
            )}
          </Field>
          <DeployVariables />
          <Field
            id={`${id}-timeout`}
            className="field-narrow"
            label="Time limit in seconds"
            error={errors.timeout}
            hint="A whole number from 1 to 3600. After that the command, and everything it started, is stopped and the deploy counts as failed."
          >
            {(control) => (
              <input
                inputMode="numeric"
                className="input-number"
                value={d.timeout}
                onChange={(e) => update({ timeout: e.target.value })}
                {...control}
              />
            )}
          </Field>
        </>
      )}
    </fieldset>
  );
}

function DeployVariables() {
  return (
    <details className="env-vars">
      <summary>Every variable the command gets</summary>
      <dl className="kv kv-grid">
        {DEPLOY_VARIABLES.map((v) => (
          <Fragment key={v.name}>
            <dt className="mono">{v.name}</dt>
            <dd>{v.description}</dd>
          </Fragment>
        ))}
      </dl>
      <p className="hint">The path variables are set only for the files this certificate writes (the PEM folder, the PFX file).</p>
    </details>
  );
}

import { useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../../shared/api/views.ts';
import { api } from '../../api/index.ts';
import { useAction } from '../../lib/use-action.ts';
import { announce } from '../../store/announce-store.ts';
import { useRenewal } from '../../store/renewal-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { CheckField, Field } from '../common/Field.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { ResolverFields } from './ResolverFields.tsx';
import { changedSettings, draftOf, MAX_RESOLVERS, resolverList, webhookProblem, type SettingsDraft } from './settings-draft.ts';

/** The settings as a form, filled from what was loaded; saving sends what the user changed. */
export function SettingsForm({ initial, inBrowser }: { initial: Settings; inBrowser: boolean }) {
  const [d, setDraft] = useState<SettingsDraft>(() => draftOf(initial));
  // What main last said the settings are: the form sends only its differences from this.
  const [base, setBase] = useState<Settings>(initial);
  const [saved, setSaved] = useState(false);
  const id = useId();
  const update = (patch: Partial<SettingsDraft>): void => {
    setDraft({ ...d, ...patch });
    setSaved(false);
  };
  const tooMany = resolverList(d.resolvers).length > MAX_RESOLVERS;
  const badWebhook = webhookProblem(d.webhook, base.webhookUrl);

  const saving = useAction(async () => {
    setSaved(false);
    const patch = changedSettings(base, d);
    const s = Object.keys(patch).length > 0 ? await api.patchSettings(patch) : base;
    setBase(s);
    setDraft(draftOf(s));
    useRenewal.getState().notePaused(s.renewalsPaused);
    setSaved(true);
    announce('Settings saved');
  });

  function submit(e: FormEvent): void {
    e.preventDefault();
    if (!tooMany && !badWebhook) void saving.run();
  }

  return (
    <form className="card stack settings" onSubmit={submit} noValidate>
      <ResolverFields id={id} text={d.resolvers} onText={(resolvers) => update({ resolvers })} tooMany={tooMany} />
      <CheckField
        id={`${id}-notify`}
        asSwitch
        label="Notify me when a renewal succeeds"
        checked={d.notify}
        onChange={(notify) => update({ notify })}
      />
      <CheckField
        id={`${id}-paused`}
        asSwitch
        label="Pause unattended renewals"
        checked={d.paused}
        onChange={(paused) => update({ paused })}
        hint={
          <>
            Nothing is renewed on its own while paused, here or in the background service. &ldquo;Renew now&rdquo; and renewals you start
            from a script still work.
          </>
        }
      />
      <Field
        id={`${id}-hook`}
        label="Webhook URL for renewal notices (optional)"
        error={badWebhook}
        hint={
          'After each renewal, failure or pending deploy, PersistCert POSTs a JSON notice here (a chat webhook, your monitoring). Such addresses often hold a token: treat it like a password. Leave empty for none.' +
          (base.webhookSecretKept
            ? ' The saved address\u2019s token is kept in your keychain or encrypted keystore, not in the settings file, and shown as [redacted]; paste a new address to replace it.'
            : '')
        }
      >
        {(control) => (
          <input
            type="url"
            className="mono"
            autoComplete="off"
            spellCheck={false}
            value={d.webhook}
            onChange={(e) => update({ webhook: e.target.value })}
            {...control}
          />
        )}
      </Field>
      <CheckField
        id={`${id}-launch`}
        asSwitch
        label="Launch at login"
        checked={d.launch}
        onChange={(launch) => update({ launch })}
        hint={`So renewals happen without you opening PersistCert. This applies in the desktop app${inBrowser ? '; in this browser session it is only saved' : ''}.`}
      />
      <div className="row-actions">
        <button type="submit" className="btn btn-primary" disabled={saving.pending || tooMany || badWebhook !== null}>
          {saving.pending ? 'Saving…' : 'Save settings'}
        </button>
        {saved && (
          <span className="ok-text">
            <StatusIcon kind="ok" /> Saved
          </span>
        )}
      </div>
      {saving.error && <ErrorPanel error={saving.error} title="Settings were not saved" />}
    </form>
  );
}

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CertificateView } from '../../../../shared/api/views.ts';
import { api } from '../../api/index.ts';
import { useAction } from '../../lib/use-action.ts';
import { useLoaded } from '../../lib/use-loaded.ts';
import { fileStem, joinPath } from '../../lib/paths.ts';
import { useAccounts } from '../../store/accounts-store.ts';
import { announce } from '../../store/announce-store.ts';
import { useApp } from '../../store/app-store.ts';
import { useRenewal } from '../../store/renewal-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Loading } from '../common/Loading.tsx';
import { BackupCa } from './BackupCa.tsx';
import { CommandDeploy } from './CommandDeploy.tsx';
import { PemDeploy } from './PemDeploy.tsx';
import { PfxDeploy } from './PfxDeploy.tsx';
import { RenewalChoices } from './RenewalChoices.tsx';
import { draftOf, FIELD_ORDER, paramsOf, validate, type RenewalDraft, type RenewalField } from './renewal-settings.ts';
import { SaveRow } from './SaveRow.tsx';
import { fieldId } from './section.ts';
import { VerifyAfterDeploy } from './VerifyAfterDeploy.tsx';

/** How renewal goes for one certificate and where each new certificate is put (setRenewalSettings). */
export function RenewalSettingsForm({ certificate: c }: { certificate: CertificateView }) {
  const defaultDir = useApp((s) => s.info?.defaultExportDir ?? '');
  // A deploy command runs with the user's rights: the browser may show it, never set it (the core refuses too).
  const inBrowser = useApp((s) => s.info?.host === 'web');
  const accounts = useAccounts((s) => s.accounts);
  const id = useId();
  const [draft, setDraft] = useState<RenewalDraft | null>(null);
  const [tried, setTried] = useState(false);
  const [saved, setSaved] = useState(false);
  // Focus goes to the first invalid field after the render that shows its error.
  const [focusReq, setFocusReq] = useState<{ field: RenewalField; n: number } | null>(null);
  const stem = fileStem(c.names[0] ?? 'certificate');
  const defaults = useRef({
    pemDir: defaultDir ? joinPath(defaultDir, stem) : '',
    pfxPath: defaultDir ? joinPath(defaultDir, `${stem}.pfx`) : '',
  });
  const loaded = useLoaded(
    () => api.getRenewalSettings({ certificateId: c.id }),
    c.id,
    (v) => setDraft(draftOf(v, defaults.current)),
  );

  useEffect(() => {
    if (!useAccounts.getState().accounts) void useAccounts.getState().refresh();
  }, [c.id]);
  useEffect(() => {
    if (focusReq) document.getElementById(fieldId(id, focusReq.field))?.focus();
  }, [focusReq, id]);

  const saving = useAction(async (d: RenewalDraft) => {
    const v = await api.setRenewalSettings(paramsOf(c.id, d));
    loaded.set(v);
    setDraft(draftOf(v, defaults.current));
    setTried(false);
    setSaved(true);
    announce('Renewal settings saved');
    // The plan may have changed (automatic renewal, backup CA); main also says so by event.
    void useRenewal.getState().refresh();
  });

  if (loaded.error) return <ErrorPanel error={loaded.error} title="The renewal settings could not be loaded" onRetry={loaded.retry} />;
  const view = loaded.data;
  if (!view || !draft) return <Loading label="Loading renewal settings…" />;

  const d = draft;
  const errors = tried ? validate(d) : {};
  const update = (patch: Partial<RenewalDraft>): void => {
    setDraft({ ...d, ...patch });
    setSaved(false);
  };
  const section = { id, d, update, errors };

  function submit(e: FormEvent): void {
    e.preventDefault();
    if (saving.pending) return;
    setSaved(false);
    const first = FIELD_ORDER.find((f) => validate(d)[f]);
    if (first) {
      setTried(true);
      setFocusReq((r) => ({ field: first, n: (r?.n ?? 0) + 1 }));
      return;
    }
    void saving.run(d);
  }

  return (
    <form className="stack renewal-settings" onSubmit={submit} noValidate>
      <RenewalChoices {...section} />
      <PemDeploy {...section} keyType={c.keyType} stem={stem} />
      <PfxDeploy {...section} hasPassword={view.pfx?.hasPassword ?? false} />
      <CommandDeploy {...section} inBrowser={inBrowser} certificateId={c.id} />
      <VerifyAfterDeploy {...section} />
      <BackupCa {...section} certificate={c} accountId={view.accountId} accounts={accounts} />
      <SaveRow pending={saving.pending} saved={saved} errorCount={Object.keys(errors).length} />
      {saving.error && <ErrorPanel error={saving.error} title="The renewal settings were not saved" />}
    </form>
  );
}

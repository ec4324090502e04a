import { useEffect, useId, useState } from 'react';
import type { ApiErrorBody } from '../../../../shared/api/contract.ts';
import { api, toErrorBody } from '../../api/index.ts';
import { hostOf, isoDay, plural, unixSecondsOfDay } from '../../lib/format.ts';
import { useFocusResult } from '../../lib/use-focus-result.ts';
import { announce } from '../../store/announce-store.ts';
import { useApp } from '../../store/app-store.ts';
import { useWizard } from '../../store/wizard-store.ts';
import { ErrorPanel } from '../common/ErrorPanel.tsx';
import { Loading } from '../common/Loading.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';
import { showName, unicodeNames, validNames } from './names.ts';
import { ProviderGuide } from './ProviderGuide.tsx';
import { RecordCard } from './RecordCard.tsx';
import { StepFrame } from './StepFrame.tsx';

/** The last second of a day: a date means the CA may use the record all that day (UTC). */
const endOfDay = (dayStart: number | undefined) => (dayStart === undefined ? undefined : dayStart + 86_399);

/** Step 4: the TXT record(s) to publish, once. */
export function StepRecord() {
  const w = useWizard();
  const demo = useApp((s) => s.info?.demo ?? false);
  const [error, setError] = useState<ApiErrorBody | null>(null);
  const [loading, setLoading] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [publishError, setPublishError] = useState<ApiErrorBody | null>(null);
  const publishResult = useFocusResult<HTMLDivElement>();
  const [attempt, setAttempt] = useState(0);
  const id = useId();
  const accountId = w.account?.id ?? '';
  const names = validNames(w.namesText);
  const namesKey = names?.join('\n') ?? '';
  const persistUntil = w.persistUntil;

  useEffect(() => {
    if (!accountId || !namesKey) return;
    let live = true;
    setLoading(true);
    setError(null);
    api
      .buildRecords({ accountId, names: namesKey.split('\n'), ...(persistUntil ? { persistUntil } : {}) })
      .then((records) => live && useWizard.getState().update({ records }))
      .catch((e: unknown) => live && setError(toErrorBody(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [accountId, namesKey, persistUntil, attempt]);

  const records = w.records;
  const unicode = unicodeNames(w.namesText);
  const presets = useApp((s) => s.presets) ?? [];
  const caName =
    w.caInfo?.preset?.name ?? presets.find((p) => p.directoryUrl === w.caInfo?.directoryUrl)?.name ?? hostOf(w.caInfo?.directoryUrl ?? '');
  const total = records?.names.reduce((n, v) => n + v.records.length, 0) ?? 0;
  const tomorrow = isoDay(Math.floor(Date.now() / 1000) + 86_400);

  async function publish(): Promise<void> {
    if (!records) return;
    setPublishing(true);
    setPublishError(null);
    try {
      const done = new Set<string>();
      for (const v of records.names) {
        for (const r of v.records) {
          const key = `${r.name}\n${r.value}`;
          if (done.has(key)) continue;
          done.add(key);
          await api.demoPublish({ name: r.name, value: r.value });
        }
      }
      w.update({ published: true });
      announce(`Published ${plural(done.size, 'record')} on the demo DNS server`);
    } catch (e) {
      setPublishError(toErrorBody(e));
    } finally {
      setPublishing(false);
      publishResult.done();
    }
  }

  return (
    <StepFrame
      id="record"
      title="Publish this DNS record"
      intro={
        <p>
          Add {total > 1 ? 'these TXT records' : 'this TXT record'} at your DNS provider. Some providers want only the part before your
          domain in the Name field (for example <code>_validation-persist</code> or <code>_validation-persist.www</code>); they add the
          domain themselves.
        </p>
      }
      onNext={w.next}
      nextDisabled={!records || loading}
      nextLabel="Next"
    >
      <div className="field field-narrow">
        <label htmlFor={`${id}-until`}>Stop trusting the record after (optional)</label>
        <input
          id={`${id}-until`}
          type="date"
          min={tomorrow}
          value={persistUntil ? isoDay(persistUntil) : ''}
          onChange={(e) => w.update({ persistUntil: endOfDay(unixSecondsOfDay(e.target.value)) })}
          aria-describedby={`${id}-until-hint`}
        />
        <p id={`${id}-until-hint`} className="hint">
          Leave empty to keep the record valid until you delete it. With a date, the CA accepts it until the end of that day (UTC) and you
          would publish a new one after.
        </p>
      </div>

      {loading && <Loading label="Building the record…" />}
      {error && <ErrorPanel error={error} title="The record could not be built" onRetry={() => setAttempt((n) => n + 1)} />}

      {records && (
        <div className={`stack ${loading ? 'is-stale' : ''}`}>
          {records.names.map((v) => (
            <RecordCard
              key={v.name}
              view={v}
              label={(v.covers ?? [v.name]).map((n) => showName(n, unicode)).join(' and ')}
              accountUrl={records.accountUrl}
              caName={caName}
              persistUntil={persistUntil}
            />
          ))}
          <ProviderGuide records={records} directoryUrl={w.caInfo?.directoryUrl ?? ''} persistUntil={persistUntil} />
        </div>
      )}

      {demo && records && (
        <div className="demo-box">
          <p>
            <span className="badge badge-neutral">Demo</span> This sandbox has its own DNS server. PersistCert never writes to your real
            DNS.
          </p>
          <button type="button" className="btn" onClick={() => void publish()} disabled={publishing}>
            {publishing ? 'Publishing…' : 'Publish it for me (demo DNS)'}
          </button>
          <div ref={publishResult.ref} tabIndex={-1} className="focus-target">
            {publishError && <ErrorPanel error={publishError} title="The record was not published" />}
            {w.published && !publishError && (
              <p className="ok-text" role="status">
                <StatusIcon kind="ok" /> Published{' '}
                {plural(new Set(records.names.flatMap((v) => v.records.map((r) => `${r.name}\n${r.value}`))).size, 'record')} on the demo
                DNS server
              </p>
            )}
          </div>
        </div>
      )}
    </StepFrame>
  );
}

import { useEffect, useId, useRef, useState } from 'react';
import type { DnsHostView, RecordsView } from '../../../../shared/api/views.ts';
import { providerById, type DnsProvider } from '../../../../shared/dns-providers.ts';
import { groupRecordsByZone, providerForm, type ZoneRecords } from '../../../../shared/dns-provider-form.ts';
import { api } from '../../api/index.ts';
import { listText } from '../../lib/format.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { Loading } from '../common/Loading.tsx';
import { HandoffActions } from './HandoffActions.tsx';

/** Which provider hosts each zone (from its name servers) and exactly what to type in its form. */
export function ProviderGuide({
  records,
  directoryUrl,
  persistUntil,
  onHosts,
}: {
  records: RecordsView;
  directoryUrl: string;
  persistUntil: number | undefined;
  onHosts?: (hosts: DnsHostView[]) => void;
}) {
  const [hosts, setHosts] = useState<DnsHostView[] | null>(null);
  const namesKey = records.names.map((v) => v.name).join('\n');
  // The lookup depends only on the names; the callback prop is read at answer time.
  const onHostsLatest = useRef(onHosts);
  useEffect(() => {
    onHostsLatest.current = onHosts;
  });
  useEffect(() => {
    let live = true;
    setHosts(null);
    api
      .dnsHosts({ names: namesKey.split('\n') })
      .then((h) => {
        if (!live) return;
        setHosts(h);
        onHostsLatest.current?.(h);
      })
      .catch((e: unknown) => live && setHosts(namesKey.split('\n').map((name) => ({ name, host: null, reason: (e as Error).message }))));
    return () => {
      live = false;
    };
  }, [namesKey]);

  if (!hosts) return <Loading label="Looking up your DNS provider…" />;
  return (
    <section className="provider-guide stack" aria-label="At your DNS provider">
      {groupRecordsByZone(records.names, hosts).map((g) => (
        <ZoneGuide key={g.key} group={g} />
      ))}
      <HandoffActions input={{ names: records.names, accountUrl: records.accountUrl, directoryUrl, hosts, persistUntil }} />
    </section>
  );
}

function ZoneGuide({ group: g }: { group: ZoneRecords }) {
  const providers = (g.host?.providerIds ?? []).map(providerById).filter((p): p is DnsProvider => !!p);
  const zone = g.host?.zone;
  return (
    <article className="card provider-card">
      {providers.length > 0 ? (
        <>
          <h3>
            {zone} is hosted at {listText(providers.map((p) => p.name))}
          </h3>
          <p className="muted small">Recognised from its name servers: {g.host!.nameservers.join(', ')}.</p>
          {providers.length > 1 && (
            <p className="notice notice-info">
              These name servers are shared by {listText(providers.map((p) => p.name))}: follow the one where you manage the domain.
            </p>
          )}
        </>
      ) : (
        <>
          <h3>{zone ? `Adding the record for ${zone}` : 'Adding the record'}</h3>
          <p className="muted small">
            {g.host
              ? `PersistCert does not recognise the provider of these name servers: ${g.host.nameservers.join(', ')}. Enter the record as shown above.`
              : `The DNS provider could not be looked up (${g.reason ?? 'no answer'}). Enter the record as shown above.`}
          </p>
        </>
      )}
      {providers.map((p) => (
        <div key={p.id} className="provider-form">
          {providers.length > 1 && <h4>{p.name}</h4>}
          <p>In {p.where}:</p>
          {g.entries.map((e) => (
            <FormFields key={`${e.recordName}\n${e.value}`} form={providerForm(p, zone, e.recordName, e.value)} />
          ))}
          <p>
            <a href={p.helpUrl} target="_blank" rel="noreferrer noopener">
              {p.name}'s help on TXT records
            </a>
          </p>
        </div>
      ))}
      {/* Unknown provider: the record cards above are the instructions; only the Name field needs a word. */}
      {providers.length === 0 &&
        [...new Set(g.entries.map((e) => providerForm(undefined, zone, e.recordName, e.value).fields[1]?.note).filter(Boolean))].map(
          (note) => <p key={note}>{note}</p>,
        )}
    </article>
  );
}

function FormFields({ form }: { form: ReturnType<typeof providerForm> }) {
  const id = useId();
  return (
    <dl className="record-dl provider-fields">
      {form.fields.map((f, i) => (
        <div className="record-row" key={f.label}>
          <dt id={`${id}-${i}`}>{f.label}</dt>
          <dd>
            <span className="copy-row">
              <code className="record-value">{f.text}</code>
              {i > 0 && i < 3 && <CopyButton text={f.text} label={`Copy ${f.label}`} describedBy={`${id}-${i}`} />}
            </span>
            {f.note && <span className="muted small block">{f.note}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

import { useId } from 'react';
import type { RecordView } from '../../../../shared/api/views.ts';
import { baseName } from '../../../../shared/names.ts';
import { formatDate, listText } from '../../lib/format.ts';
import { CopyButton } from '../common/CopyButton.tsx';

type Record = RecordView['records'][number];

/** The record(s) for one name: Name, Value and zone-file line, each with a Copy button, in plain words. */
export function RecordCard({
  view,
  accountUrl,
  caName,
  persistUntil,
  label,
}: {
  view: RecordView;
  accountUrl: string;
  caName: string;
  persistUntil: number | undefined;
  label?: string;
}) {
  // One record can serve example.com and *.example.com together (policy=wildcard).
  const covers = view.covers ?? [view.name];
  const hasWildcard = covers.some((n) => n.startsWith('*.'));
  const wildcard = hasWildcard || view.records.some((r) => /;\s*policy=wildcard/i.test(r.value));
  const issuers = view.records.map((r) => r.issuer);
  const served = covers.length === 1 && hasWildcard ? `${view.name} and ${baseName(view.name)}` : covers.join(' and ');
  return (
    <article className="record-card">
      <h3 className="record-for">
        <span className="muted small">Record for </span>
        {label ?? view.name}
        {hasWildcard && <span className="badge badge-neutral">Wildcard</span>}
      </h3>
      <p className="record-explain">
        This record lets the ACME account <code className="break">{accountUrl}</code> get certificates for <strong>{served}</strong>
        {wildcard && !hasWildcard ? ' and every name under it' : ''} from {caName}
        {persistUntil ? ` until ${formatDate(persistUntil * 1000)} or until you remove it` : ' until you remove it'}. Publish it once;
        renewals need no DNS changes.
      </p>
      {issuers.length > 1 && (
        <p className="notice notice-info">
          The CA accepts any one of these issuer names: {listText(issuers)}. Publishing one record is enough; publishing all does no harm.
        </p>
      )}
      {view.records.map((r) => (
        <RecordFields key={`${r.issuer}\n${r.value}`} record={r} showIssuer={issuers.length > 1} />
      ))}
      {wildcard && (
        <p className="muted small">
          <code>policy=wildcard</code> lets the CA use this one record for a wildcard certificate (<code>*.{baseName(view.name)}</code>) and
          for any name under <code>{baseName(view.name)}</code>.
        </p>
      )}
    </article>
  );
}

function RecordFields({ record, showIssuer }: { record: Record; showIssuer: boolean }) {
  const id = useId();
  return (
    <div className="record-fields">
      {showIssuer && <h4 className="record-issuer">For issuer {record.issuer}</h4>}
      <dl className="record-dl">
        <div className="record-row">
          <dt>Type</dt>
          <dd>
            <code>TXT</code>
          </dd>
        </div>
        <div className="record-row">
          <dt id={`${id}-nl`}>Name</dt>
          <dd className="copy-row">
            <code id={`${id}-n`} className="record-value">
              {record.name}
            </code>
            <CopyButton text={record.name} label="Copy name" describedBy={`${id}-nl`} />
          </dd>
        </div>
        <div className="record-row">
          <dt id={`${id}-vl`}>Value</dt>
          <dd className="copy-row">
            <code id={`${id}-v`} className="record-value">
              {record.value}
            </code>
            <CopyButton text={record.value} label="Copy value" describedBy={`${id}-vl`} />
          </dd>
        </div>
      </dl>
      {record.strings.length > 1 && (
        <p className="notice notice-info">
          The value is longer than 255 characters, so DNS stores it as {record.strings.length} strings joined together. Most providers split
          it for you when you paste the whole value; in a zone file, use the line below as is.
        </p>
      )}
      <div className="zone-line">
        <p className="zone-label" id={`${id}-zl`}>
          Zone-file line
        </p>
        <div className="copy-row">
          <pre className="code-block" tabIndex={0} aria-labelledby={`${id}-zl`}>
            {record.zoneFile}
          </pre>
          <CopyButton text={record.zoneFile} label="Copy zone-file line" />
        </div>
      </div>
    </div>
  );
}

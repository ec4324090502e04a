import { useId, type RefObject } from 'react';
import type { AccountView } from '../../../../shared/api/views.ts';
import { CopyButton } from '../common/CopyButton.tsx';
import { StatusIcon } from '../common/StatusIcon.tsx';

/** The account the wizard goes on with; focus lands here when it was just chosen. */
export function AccountReady({
  account,
  focusRef,
  onChange,
}: {
  account: AccountView;
  focusRef: RefObject<HTMLDivElement | null>;
  onChange: () => void;
}) {
  const id = useId();
  return (
    <div ref={focusRef} tabIndex={-1} className="notice notice-ok focus-target">
      <p className="notice-title">
        <StatusIcon kind="ok" /> Account ready
      </p>
      <dl className="kv">
        <dt>Account URL</dt>
        <dd className="copy-row">
          <code id={`${id}-url`} className="mono break">
            {account.accountUrl}
          </code>
          <CopyButton text={account.accountUrl} label="Copy account URL" />
        </dd>
        <dt>Key type</dt>
        <dd>{account.keyType}</dd>
      </dl>
      <button type="button" className="btn btn-quiet btn-small" onClick={onChange}>
        Use a different account
      </button>
    </div>
  );
}

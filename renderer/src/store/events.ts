import { api } from '../api/index.ts';
import { useAccounts } from './accounts-store.ts';
import { useCertificates } from './certificates-store.ts';
import { useIssue } from './issue-store.ts';
import { useRenewal } from './renewal-store.ts';

let started = false;

/** Subscribes the view caches to main's events, once for the life of the page. */
export function startEventFeeds(): void {
  if (started) return;
  started = true;
  api.on('certificates.changed', ({ certificates }) => {
    useCertificates.getState().replaceAll(certificates);
    // Which names depend on each account changed with them.
    if (useAccounts.getState().accounts) void useAccounts.getState().refresh();
  });
  api.on('issue.progress', ({ jobId, progress }) => useIssue.getState().progress(jobId, progress));
  api.on('issue.finished', ({ jobId, certificate, error }) => {
    useIssue.getState().finished(jobId, certificate, error);
    if (certificate) useCertificates.getState().upsert(certificate);
  });
  api.on('renewal.changed', (overview) => useRenewal.getState().replace(overview));
  api.on('renewal.outcome', ({ runId: _run, ...outcome }) => {
    useRenewal.getState().addOutcome(outcome);
    // A renewal makes a new certificate; fetch the list in case certificates.changed is not sent.
    if (outcome.action === 'renewed') void useCertificates.getState().refresh();
  });
  api.on('renewal.run-finished', (end) => useRenewal.getState().runFinished(end));
}

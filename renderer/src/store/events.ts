import { api } from '../api/index.ts';
import { useCertificates } from './certificates-store.ts';
import { useIssue } from './issue-store.ts';

let started = false;

/** Subscribes the view caches to main's events, once for the life of the page. */
export function startEventFeeds(): void {
  if (started) return;
  started = true;
  api.on('certificates.changed', ({ certificates }) => useCertificates.getState().replaceAll(certificates));
  api.on('issue.progress', ({ jobId, progress }) => useIssue.getState().progress(jobId, progress));
  api.on('issue.finished', ({ jobId, certificate, error }) => {
    useIssue.getState().finished(jobId, certificate, error);
    if (certificate) useCertificates.getState().upsert(certificate);
  });
  api.on('renewal.status', () => {
    void useCertificates.getState().refresh();
  });
}

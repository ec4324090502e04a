import { create } from 'zustand';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import type { CertificateView, IssueStepView } from '../../../shared/api/views.ts';

/** Progress of issue jobs, keyed by job id, fed by issue.progress / issue.finished events. */
export interface IssueJob {
  steps: IssueStepView[];
  finished: boolean;
  certificate?: CertificateView;
  error?: ApiErrorBody;
}

interface IssueState {
  jobs: Record<string, IssueJob>;
  progress(jobId: string, step: IssueStepView): void;
  finished(jobId: string, certificate?: CertificateView, error?: ApiErrorBody): void;
}

const empty = (): IssueJob => ({ steps: [], finished: false });

export const useIssue = create<IssueState>((set) => ({
  jobs: {},
  progress(jobId, step) {
    set((s) => {
      const job = s.jobs[jobId] ?? empty();
      return { jobs: { ...s.jobs, [jobId]: { ...job, steps: [...job.steps, step] } } };
    });
  },
  finished(jobId, certificate, error) {
    set((s) => {
      const job = s.jobs[jobId] ?? empty();
      const next: IssueJob = { ...job, finished: true };
      if (certificate) next.certificate = certificate;
      if (error) next.error = error;
      return { jobs: { ...s.jobs, [jobId]: next } };
    });
  },
}));

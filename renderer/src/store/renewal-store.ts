import { create } from 'zustand';
import type { ApiErrorBody, EventPayloads } from '../../../shared/api/contract.ts';
import type { RenewalOutcomeView, RenewalOverview, RenewalView } from '../../../shared/api/views.ts';
import { api, toErrorBody } from '../api/index.ts';
import { useCertificates } from './certificates-store.ts';
import { serverValue } from './server-value.ts';

/** One line of the dashboard's renewal results: an outcome from main, or a note of the UI's own. */
export type RenewalLogEntry = { seq: number; outcome: RenewalOutcomeView } | { seq: number; note: string };

const LOG_MAX = 12;

/**
 * A cache of the renewal picture (renewalOverview, then renewal.changed) and the outcomes of runs
 * (renewal.outcome events, whoever started the run), newest first. A renewNow of this page is a
 * job: it names its run, and renewal.run-finished with that name ends it.
 */
interface RenewalState {
  overview: RenewalOverview | null;
  loading: boolean;
  /** Loading the overview failed. */
  error: ApiErrorBody | null;
  /** A renewNow or a pause/resume from this page failed: what was tried, and why not. */
  runError: { title: string; error: ApiErrorBody } | null;
  log: RenewalLogEntry[];
  /** Bumped when a renewNow of this page ends, so focus moves to its results. */
  finishedRuns: number;
  /** Certificate ids with a renewNow of this page under way; '' stands for "all due". */
  pending: string[];
  refresh(): Promise<void>;
  replace(overview: RenewalOverview): void;
  addOutcome(outcome: RenewalOutcomeView): void;
  /** One certificate (forced), or every due one when no id is given. */
  renewNow(certificateId?: string): Promise<void>;
  /** Pauses or resumes unattended renewal through the settings; true when saved. */
  setPaused(paused: boolean): Promise<boolean>;
  /** The settings page saved renewalsPaused: reflect it before main's event arrives. */
  notePaused(paused: boolean): void;
  clearLog(): void;
  /** main's renewal.run-finished: ends this page's run of that id (others' runs are not ours). */
  runFinished(end: EventPayloads['renewal.run-finished']): void;
}

let seq = 0;
/** This page's runs under way, by the id it gave them: which button waits, for which certificate. */
const runs = new Map<string, { key: string; certificateId: string | undefined }>();

export const useRenewal = create<RenewalState>((set, get) => {
  // A slow renewalOverview cannot undo a newer renewal.changed event.
  const cache = serverValue(
    () => api.renewalOverview({}),
    ({ value, ...state }) => set({ ...state, ...(value ? { overview: value } : {}) }),
  );
  return {
    overview: null,
    loading: false,
    error: null,
    runError: null,
    log: [],
    pending: [],
    finishedRuns: 0,
    refresh: cache.refresh,
    replace: cache.replace,
    addOutcome(outcome) {
      set((s) => ({ log: [{ seq: ++seq, outcome }, ...s.log].slice(0, LOG_MAX) }));
    },
    async renewNow(certificateId) {
      const key = certificateId ?? '';
      if (get().pending.includes(key)) return;
      set((s) => ({ pending: [...s.pending, key], runError: null }));
      // The id is ours, chosen before asking: the run's events may arrive before the answer does.
      const runId = crypto.randomUUID();
      runs.set(runId, { key, certificateId });
      try {
        await api.renewNow(certificateId ? { runId, certificateId, force: true } : { runId, force: false });
      } catch (e) {
        runs.delete(runId);
        set((s) => ({
          runError: { title: certificateId ? 'The certificate was not renewed' : 'The renewal run did not start', error: toErrorBody(e) },
          pending: s.pending.filter((k) => k !== key),
          finishedRuns: s.finishedRuns + 1,
        }));
      }
    },
    runFinished(end) {
      const run = runs.get(end.runId);
      if (!run) return;
      runs.delete(end.runId);
      if (end.error) {
        set({
          runError: { title: run.certificateId ? 'The certificate was not renewed' : 'The renewal run did not finish', error: end.error },
        });
      } else if (end.outcomes === 0) {
        set((s) => ({ log: [{ seq: ++seq, note: 'Nothing was due for renewal.' }, ...s.log].slice(0, LOG_MAX) }));
      }
      if (end.renewed > 0) void useCertificates.getState().refresh();
      void get().refresh();
      set((s) => ({ pending: s.pending.filter((k) => k !== run.key), finishedRuns: s.finishedRuns + 1 }));
    },
    async setPaused(paused) {
      set({ runError: null });
      try {
        const saved = await api.patchSettings({ renewalsPaused: paused });
        get().notePaused(saved.renewalsPaused);
        return true;
      } catch (e) {
        set({ runError: { title: paused ? 'Renewals were not paused' : 'Renewals were not resumed', error: toErrorBody(e) } });
        return false;
      }
    },
    notePaused(paused) {
      const o = get().overview;
      if (o && o.paused !== paused) get().replace({ ...o, paused });
    },
    clearLog() {
      set({ log: [] });
    },
  };
});

/** The renewal views by certificate id (empty until the overview has loaded). */
export function renewalsById(overview: RenewalOverview | null): Map<string, RenewalView> {
  return new Map((overview?.items ?? []).map((v) => [v.certificateId, v]));
}

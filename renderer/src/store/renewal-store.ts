import { create } from 'zustand';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import type { RenewalOutcomeView, RenewalOverview, RenewalView } from '../../../shared/api/views.ts';
import { api, toErrorBody } from '../api/index.ts';
import { useCertificates } from './certificates-store.ts';
import { serverValue } from './server-value.ts';

/** One line of the dashboard's renewal results: an outcome from main, or a note of the UI's own. */
export type RenewalLogEntry = { seq: number; outcome: RenewalOutcomeView } | { seq: number; note: string };

const LOG_MAX = 12;

/**
 * A cache of the renewal picture (renewalOverview, then renewal.changed) and the outcomes of runs
 * (renewal.outcome, and what renewNow returns), newest first.
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
}

let seq = 0;

const outcomeKey = (o: RenewalOutcomeView): string => `${o.certificateId}\n${o.action}\n${o.message}`;

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
      const from = seq;
      try {
        const outcomes = await api.renewNow(certificateId ? { certificateId, force: true } : { force: false });
        // Main usually sent these as renewal.outcome events already; add only the ones that did not come.
        const seen = get()
          .log.filter((e) => e.seq > from && 'outcome' in e)
          .map((e) => outcomeKey((e as { outcome: RenewalOutcomeView }).outcome));
        let renewed = false;
        for (const o of outcomes) {
          const i = seen.indexOf(outcomeKey(o));
          if (i >= 0) {
            seen.splice(i, 1);
            continue;
          }
          get().addOutcome(o);
          renewed ||= o.action === 'renewed';
        }
        if (!outcomes.length) set((s) => ({ log: [{ seq: ++seq, note: 'Nothing was due for renewal.' }, ...s.log].slice(0, LOG_MAX) }));
        if (renewed) void useCertificates.getState().refresh();
        void get().refresh();
      } catch (e) {
        set({
          runError: { title: certificateId ? 'The certificate was not renewed' : 'The renewal run did not start', error: toErrorBody(e) },
        });
      } finally {
        set((s) => ({ pending: s.pending.filter((k) => k !== key), finishedRuns: s.finishedRuns + 1 }));
      }
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

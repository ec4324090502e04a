import { create } from 'zustand';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import type { PreflightView } from '../../../shared/api/views.ts';
import { api, toErrorBody } from '../api/index.ts';

/** The latest propagation check of the wizard's names. */
interface CheckState {
  results: PreflightView[] | null;
  checking: boolean;
  error: ApiErrorBody | null;
  /** Which account and names the results are for. */
  key: string;
  run(accountId: string, names: string[]): Promise<void>;
  clear(): void;
}

let seq = 0;

export const useCheck = create<CheckState>((set) => ({
  results: null,
  checking: false,
  error: null,
  key: '',
  async run(accountId, names) {
    const key = `${accountId}\n${names.join('\n')}`;
    const mine = ++seq;
    set((s) => ({ checking: true, error: null, ...(s.key === key ? {} : { results: null, key }) }));
    try {
      const results = await api.runCheck({ accountId, names, offerCheck: true });
      if (mine === seq) set({ results, checking: false });
    } catch (e) {
      if (mine === seq) set({ error: toErrorBody(e), checking: false });
    }
  },
  clear() {
    seq++;
    set({ results: null, checking: false, error: null, key: '' });
  },
}));

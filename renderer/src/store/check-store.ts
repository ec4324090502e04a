import { create } from 'zustand';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import type { PreflightView } from '../../../shared/api/views.ts';
import { api } from '../api/index.ts';
import { serverValue } from './server-value.ts';

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

export const useCheck = create<CheckState>((set) => {
  const check = serverValue(
    (accountId: string, names: string[]) => api.runCheck({ accountId, names, offerCheck: true }),
    ({ value, loading, error }) => set({ checking: loading, error, ...(value ? { results: value } : {}) }),
  );
  return {
    results: null,
    checking: false,
    error: null,
    key: '',
    async run(accountId, names) {
      const key = `${accountId}\n${names.join('\n')}`;
      // Results for other names are not shown while these are checked.
      set((s) => (s.key === key ? {} : { results: null, key }));
      await check.refresh(accountId, names);
    },
    clear() {
      check.cancel();
      set({ results: null, checking: false, error: null, key: '' });
    },
  };
});

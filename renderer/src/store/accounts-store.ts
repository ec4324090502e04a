import { create } from 'zustand';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import type { AccountView } from '../../../shared/api/views.ts';
import { api } from '../api/index.ts';
import { serverValue, upsertById } from './server-value.ts';

/** A cache of the accounts main holds; every change comes back from main as a fresh view. */
interface AccountsState {
  accounts: AccountView[] | null;
  loading: boolean;
  error: ApiErrorBody | null;
  refresh(): Promise<void>;
  /** Puts one fresh view in the cache (after create, backup, rollover, …). */
  upsert(account: AccountView): void;
}

export const useAccounts = create<AccountsState>((set, get) => {
  const cache = serverValue(
    () => api.listAccounts({}),
    ({ value, ...state }) => set({ ...state, ...(value ? { accounts: value } : {}) }),
  );
  return {
    accounts: null,
    loading: false,
    error: null,
    refresh: cache.refresh,
    upsert: (account) => cache.replace(upsertById(get().accounts, account)),
  };
});

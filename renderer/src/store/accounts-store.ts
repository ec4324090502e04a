import { create } from 'zustand';
import type { ApiErrorBody } from '../../../shared/api/contract.ts';
import type { AccountView } from '../../../shared/api/views.ts';
import { api, toErrorBody } from '../api/index.ts';

/** A cache of the accounts main holds; every change comes back from main as a fresh view. */
interface AccountsState {
  accounts: AccountView[] | null;
  loading: boolean;
  error: ApiErrorBody | null;
  refresh(): Promise<void>;
  /** Puts one fresh view in the cache (after create, backup, rollover, …). */
  upsert(account: AccountView): void;
}

export const useAccounts = create<AccountsState>((set) => ({
  accounts: null,
  loading: false,
  error: null,
  async refresh() {
    set({ loading: true, error: null });
    try {
      set({ accounts: await api.listAccounts({}), loading: false });
    } catch (e) {
      set({ error: toErrorBody(e), loading: false });
    }
  },
  upsert(account) {
    set((s) => {
      const list = s.accounts ?? [];
      const i = list.findIndex((a) => a.id === account.id);
      return { accounts: i < 0 ? [...list, account] : list.map((a, j) => (j === i ? account : a)) };
    });
  },
}));
